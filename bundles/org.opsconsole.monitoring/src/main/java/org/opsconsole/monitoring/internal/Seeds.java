package org.opsconsole.monitoring.internal;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SEED;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jooq.exception.IntegrityConstraintViolationException;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.monitoring.internal.alerts.RuleInput;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringTargetRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The defaults the module creates once, each marked in {@code monitoring_seed} so that one an operator deleted is not
 * created again: the built-in alert rules (target down, slow or failing HTTP, certificate expiry, disk, failed-login
 * bursts, database connections, JVM heap, missing data), targets for the console's own host, JVM and health checks,
 * and, when the sandbox runs (its platform database is registered as the data source {@code sandbox-platform}), targets
 * for the simulated platform's HTTP service, database and login log. Rules and targets come with English names.
 */
@Component(immediate = true)
public class Seeds {

    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);
    private static final String SYSTEM = "system";

    private final Database database;
    private final Clock clock = Clock.systemUTC();
    private final boolean seedTargets;
    private final String port;

    @Activate
    public Seeds(BundleContext context, @Reference Database database, @Reference RuleStore rules) {
        this(database, rules, MonitoringSettings.of(context), context.getProperty("org.osgi.service.http.port"));
    }

    /**
     * Creates the defaults that were not created before.
     *
     * @param database the module's database
     * @param rules stores the built-in rules
     * @param settings whether to create the default targets
     * @param port the console's HTTP port, for the sandbox's targets; null for 8080
     */
    Seeds(Database database, RuleStore rules, MonitoringSettings settings, String port) {
        this.database = database;
        this.seedTargets = settings.seedTargets();
        this.port = port == null ? "8080" : port;
        for (Map.Entry<String, BuiltInRule> rule : rules().entrySet()) {
            BuiltInRule builtIn = rule.getValue();
            seed("rule:" + rule.getKey(), () -> {
                RuleStore.Change change = rules.createBuiltIn(builtIn.input(), builtIn.nameEn(), builtIn.descriptionEn(), SYSTEM,
                        "monitoring");
                if (!(change instanceof RuleStore.Change.Done)) {
                    LOG.warn("The built-in alert rule {} could not be created: {}", rule.getKey(), change);
                }
            });
        }
        if (seedTargets) {
            Map<String, BuiltInTarget> targets = targets(this.port);
            for (String name : List.of("host", "jvm", "health")) {
                seed("target:" + name, () -> target(targets.get(name)));
            }
        }
    }

    /**
     * The sandbox's platform database: when it comes, targets for the simulated platform are created once.
     *
     * @param dataSource the data source (not used here; the probes look it up by name)
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(opsconsole.datasource=sandbox-platform)")
    void bindSandbox(DataSource dataSource) {
        if (!seedTargets) {
            return;
        }
        Map<String, BuiltInTarget> targets = targets(port);
        for (String name : List.of("sandbox-http", "sandbox-db", "sandbox-login")) {
            seed("target:" + name, () -> target(targets.get(name)));
        }
    }

    void unbindSandbox(DataSource dataSource) {
        // the targets stay: the sandbox may come back, and an operator decides whether to delete them
    }

    /**
     * Runs a seed unless it ran before, then marks it. A crash between the two runs it again at the next start, which
     * the unique names of targets and rules make harmless (the second one is refused).
     */
    private void seed(String name, Runnable create) {
        try {
            if (database.dsl().fetchExists(MONITORING_SEED, MONITORING_SEED.NAME.eq(name))) {
                return;
            }
            create.run();
            database.dsl().insertInto(MONITORING_SEED).set(MONITORING_SEED.NAME, name).set(MONITORING_SEED.SEEDED_AT, clock.instant())
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            LOG.debug("The monitoring default {} was created by another node at the same moment", name);
        } catch (RuntimeException e) {
            LOG.warn("The monitoring default {} could not be created: {}", name, e.getMessage());
        }
    }

    /**
     * Stores a default target as it is: its settings are known to be right, and its kind's bundle may not run yet. The
     * seed's record follows at once: V6__target_names_en.sql recognises a seeded target by that.
     */
    private void target(BuiltInTarget target) {
        Instant now = clock.instant();
        SettingValues values = SettingValues.parse(JsonText.write(target.settings()));
        try {
            MonitoringTargetRecord record = database.dsl().newRecord(MONITORING_TARGET);
            record.setName(target.name());
            record.setNameEn(target.nameEn());
            record.setKind(target.kind());
            record.setSettings(values.toJson());
            record.setLabels(JsonText.labels(Map.of("group", target.group())));
            record.setIntervalSeconds(target.intervalSeconds());
            record.setTimeoutSeconds(10);
            record.setEnabled(true);
            record.setCreatedAt(now);
            record.setUpdatedAt(now);
            record.setUpdatedBy(SYSTEM);
            record.store();
        } catch (IntegrityConstraintViolationException e) {
            LOG.info("A monitoring target named {} or {} exists already; the default is not created", target.name(), target.nameEn());
        }
    }

    /**
     * A target that comes with the module, in Chinese and English.
     *
     * @param name its name
     * @param nameEn its English name
     * @param kind its probe kind
     * @param settings its probe's settings
     * @param intervalSeconds seconds between two probes
     * @param group its {@code group} label: {@code console} or {@code sandbox}
     */
    record BuiltInTarget(String name, String nameEn, String kind, Map<String, String> settings, int intervalSeconds, String group) {
    }

    /**
     * The default targets by seed name (without its {@code target:} prefix): the console's own from the first start, the
     * sandbox's when it runs. Their English names are also in V6__target_names_en.sql, for targets seeded before it
     * (matched on these names and kinds): a change here belongs there too.
     *
     * @param port the console's HTTP port, which the sandbox's front end answers on
     * @return the targets
     */
    static Map<String, BuiltInTarget> targets(String port) {
        return Map.of(
                "host", new BuiltInTarget("控制台主机", "Console host", "host", Map.of(), 30, "console"),
                "jvm", new BuiltInTarget("控制台 JVM", "Console JVM", "jvm", Map.of(), 30, "console"),
                "health", new BuiltInTarget("控制台健康检查", "Console health checks", "health", Map.of(), 30, "console"),
                "sandbox-http", new BuiltInTarget("模拟平台 · 前端服务", "Sandbox · front-end service", "http",
                        Map.of("url", "http://127.0.0.1:" + port + "/sandbox/platform/health", "expectStatus", "200"), 15, "sandbox"),
                "sandbox-db", new BuiltInTarget("模拟平台 · 数据库", "Sandbox · database", "database",
                        Map.of("dataSource", "sandbox-platform"), 30, "sandbox"),
                "sandbox-login", new BuiltInTarget("模拟平台 · 登录日志", "Sandbox · login log", "login-log",
                        Map.of("dataSource", "sandbox-platform", "windowMinutes", "5"), 30, "sandbox"));
    }

    /**
     * A rule that comes with the module, in Chinese and English.
     *
     * @param input the rule (its Chinese name and description)
     * @param nameEn its English name
     * @param descriptionEn its English description
     */
    record BuiltInRule(RuleInput input, String nameEn, String descriptionEn) {
    }

    /**
     * The built-in rules by seed name. Their English texts are also in V5__rule_names_en.sql, for rules seeded before it
     * (matched on these Chinese texts): a change here belongs there too.
     *
     * @return the rules
     */
    static Map<String, BuiltInRule> rules() {
        return Map.of(
                "down", rule("目标不可用", "Target down",
                        "探测连续失败：服务宕机、网络中断或被拦截。请立即检查该服务及其所在主机。",
                        "Probes keep failing: the service is down, the network is cut, or something blocks it. Check the service and its"
                                + " host at once.",
                        "THRESHOLD", "up", "last", 0, "<", 1.0, null, 30, "CRITICAL"),
                "http-slow", rule("HTTP 响应缓慢", "Slow HTTP responses",
                        "一分钟内平均响应时间超过 1 秒。检查应用负载、数据库慢查询和网络。",
                        "The average response time over one minute is above 1 second. Check the load on the application, slow database"
                                + " queries and the network.",
                        "THRESHOLD", "http_latency_ms", "avg", 60, ">", 1000.0, 800.0, 60, "WARNING"),
                "http-5xx", rule("HTTP 5xx 激增", "HTTP 5xx surge",
                        "五分钟内超过一成的探测得到 5xx 应答：应用出错或崩溃，也可能遭受攻击。",
                        "Over five minutes, more than one probe in ten got a 5xx answer: the application fails or crashed, or it may be"
                                + " under attack.",
                        "THRESHOLD", "http_5xx", "avg", 300, ">", 0.1, 0.0, 0, "CRITICAL"),
                "cert", rule("证书即将过期", "Certificate expiring soon",
                        "TLS 证书 14 天内过期。请尽快续期并部署新证书。",
                        "The TLS certificate expires within 14 days. Renew it and deploy the new certificate soon.",
                        "THRESHOLD", "tls_cert_days_left", "last", 0, "<", 14.0, null, 0, "WARNING"),
                "disk", rule("磁盘空间不足", "Low disk space",
                        "挂载点已用超过 90%。清理日志和临时文件，或扩容。",
                        "The mount point is more than 90% full. Clean up logs and temporary files, or add space.",
                        "THRESHOLD", "disk_used_ratio", "last", 0, ">", 0.9, 0.85, 300, "WARNING"),
                "login-burst", rule("登录失败激增（疑似攻击）", "Login failure surge (possible attack)",
                        "同一来源地址在窗口内登录失败 20 次以上：疑似暴力破解。请核实来源并考虑封禁。",
                        "20 or more failed logins from one source address within the window: a possible brute-force attack. Check the"
                                + " source and consider blocking it.",
                        "THRESHOLD", "login_failures_max_per_source", "last", 0, ">=", 20.0, null, 0, "CRITICAL"),
                "db-connections", rule("数据库连接数接近上限", "Database connections near the limit",
                        "已用连接超过最大连接数的 85%。检查连接泄漏或调大 max_connections。",
                        "More than 85% of the maximum connections are in use. Look for connection leaks or raise max_connections.",
                        "THRESHOLD", "mysql_connections_used_ratio", "last", 0, ">", 0.85, 0.8, 300, "WARNING"),
                "heap", rule("JVM 堆内存紧张", "JVM heap running low",
                        "五分钟内平均堆使用超过 90%。检查内存泄漏或调大堆内存。",
                        "Average heap use over five minutes is above 90%. Look for memory leaks or enlarge the heap.",
                        "THRESHOLD", "jvm_heap_used_ratio", "avg", 300, ">", 0.9, 0.85, 300, "WARNING"),
                "absent", rule("监控数据中断", "Monitoring data missing",
                        "五分钟没有收到探测结果：探测卡住或监控调度落后。",
                        "No probe result for five minutes: a probe is stuck or the monitoring scheduler is behind.",
                        "ABSENT", "up", "last", 300, null, null, null, 0, "WARNING"));
    }

    private static BuiltInRule rule(String name, String nameEn, String description, String descriptionEn, String kind, String metric,
            String aggregation, int window, String op, Double threshold, Double clear, int forSeconds, String severity) {
        return new BuiltInRule(new RuleInput(name, description, kind, metric, aggregation, window, op, threshold, clear, forSeconds,
                null, Map.of(), Map.of(), severity, List.of(), null, List.of(), List.of(), true), nameEn, descriptionEn);
    }
}
