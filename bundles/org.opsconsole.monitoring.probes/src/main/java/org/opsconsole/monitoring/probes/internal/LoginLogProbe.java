package org.opsconsole.monitoring.probes.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The platform's login log (平台登录日志), read for signs of attack: the logins of the last minutes in the table
 * {@code sys_login_log}, whose {@code login_at} is the wall-clock time of the platform's time zone (setting
 * {@code timeZone}, Beijing time by default). Up whenever the
 * table can be read; bursts of failures are for alert rules to judge.
 *
 * <p>Samples over the window: {@code login_failures}, {@code login_successes}, {@code login_failures_max_per_source}
 * (the most failures from one client address) and {@code login_failure_sources} (the addresses with failures).
 */
@Component(service = Probe.class)
@ProbeService(kind = "login-log", title = "平台登录日志", titleEn = "Platform login log")
public class LoginLogProbe implements Probe {

    static final long DEFAULT_WINDOW_MINUTES = 5;
    static final long MAX_WINDOW_MINUTES = 1440;

    private static final String COUNTS = "select client_ip,"
            + " sum(case when success then 0 else 1 end) as failures,"
            + " sum(case when success then 1 else 0 end) as successes"
            + " from sys_login_log where login_at > ? and login_at <= ? group by client_ip";

    /** The platform's wall-clock zone unless a target says otherwise: the bureau's servers keep Beijing time. */
    static final String DEFAULT_ZONE = "Asia/Shanghai";

    private static final List<SettingField> FIELDS;

    static {
        List<SettingField> fields = new ArrayList<>(DatabaseConnector.FIELDS);
        fields.add(new SettingField("windowMinutes", "统计窗口（分钟）", "Window (minutes)", Kind.NUMBER, false,
                "统计最近多少分钟的登录，默认 " + DEFAULT_WINDOW_MINUTES + "，最多 " + MAX_WINDOW_MINUTES
                        + " / How many recent minutes of logins to count; default " + DEFAULT_WINDOW_MINUTES + ", at most "
                        + MAX_WINDOW_MINUTES));
        fields.add(new SettingField("timeZone", "平台时区", "Platform time zone", Kind.TEXT, false,
                "登录日志时间所用的时区，默认 " + DEFAULT_ZONE + "（平台服务器的本地时间）"
                        + " / The time zone of the login log's times; default " + DEFAULT_ZONE + " (the platform servers' local time)"));
        FIELDS = List.copyOf(fields);
    }

    /**
     * The logins of one source address in the window.
     *
     * @param address the client address
     * @param failures the failed logins
     * @param successes the successful logins
     */
    record Source(String address, long failures, long successes) {
    }

    private final DatabaseConnector connector;
    private final Clock clock;

    /** @param dataSources the data sources a target may name */
    @Activate
    public LoginLogProbe(@Reference NamedDataSources dataSources) {
        this(dataSources, Clock.systemDefaultZone());
    }

    /** @param clock the console's clock, in its time zone */
    LoginLogProbe(NamedDataSources dataSources, Clock clock) {
        this.connector = new DatabaseConnector(dataSources);
        this.clock = clock;
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>(DatabaseConnector.validate(settings));
        ProbeSettings.checkWhole(settings, "windowMinutes", 1, MAX_WINDOW_MINUTES, false).ifPresent(errors::add);
        String zone = settings.getOrDefault("timeZone", "").strip();
        if (!zone.isEmpty()) {
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                errors.add(new FieldError("timeZone", "不是时区名称，如 Asia/Shanghai", "Not a time zone, such as Asia/Shanghai"));
            }
        }
        return errors;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        long window = ProbeSettings.whole(target, "windowMinutes", DEFAULT_WINDOW_MINUTES);
        window = window < 1 || window > MAX_WINDOW_MINUTES ? DEFAULT_WINDOW_MINUTES : window;
        String zone = target.setting("timeZone").strip();
        LocalDateTime now = LocalDateTime.now(clock.withZone(java.time.ZoneId.of(zone.isEmpty() ? DEFAULT_ZONE : zone)));
        List<Source> sources = new ArrayList<>();
        Connection connection;
        try {
            connection = connector.open(target);
        } catch (SQLException e) {
            return ProbeResult.down("无法连接平台数据库：" + DatabaseConnector.reason(e),
                    "Cannot connect to the platform's database: " + DatabaseConnector.reasonEn(e)).build();
        }
        try (connection; PreparedStatement statement = connection.prepareStatement(COUNTS)) {
            statement.setQueryTimeout(DatabaseConnector.seconds(target));
            statement.setObject(1, now.minusMinutes(window));
            statement.setObject(2, now);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sources.add(new Source(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        } catch (SQLException e) {
            return ProbeResult.down("无法读取登录日志 sys_login_log：" + DatabaseConnector.reason(e),
                    "Cannot read the login log sys_login_log: " + DatabaseConnector.reasonEn(e)).build();
        }
        return result(window, sources);
    }

    static ProbeResult result(long window, List<Source> sources) {
        long failures = sources.stream().mapToLong(Source::failures).sum();
        long successes = sources.stream().mapToLong(Source::successes).sum();
        long failing = sources.stream().filter(source -> source.failures() > 0).count();
        Source top = sources.stream().filter(source -> source.failures() > 0)
                .max((a, b) -> a.failures() != b.failures() ? Long.compare(a.failures(), b.failures())
                        : b.address().compareTo(a.address()))
                .orElse(null);
        String message = "近 " + window + " 分钟登录失败 " + failures + " 次、成功 " + successes + " 次"
                + (top == null ? "" : "；失败最多的来源 " + top.address() + "（" + top.failures() + " 次，共 " + failing + " 个来源有失败）");
        String messageEn = "Last " + window + " min: " + failures + " failed and " + successes + " successful logins"
                + (top == null ? "" : "; most failures from " + top.address() + " (" + top.failures() + ", of " + failing
                        + (failing == 1 ? " source" : " sources") + " with failures)");
        return ProbeResult.up(message, messageEn)
                .sample("login_failures", failures)
                .sample("login_successes", successes)
                .sample("login_failures_max_per_source", top == null ? 0 : top.failures())
                .sample("login_failure_sources", failing)
                .build();
    }
}
