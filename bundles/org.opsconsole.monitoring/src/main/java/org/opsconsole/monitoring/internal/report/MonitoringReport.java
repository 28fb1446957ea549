package org.opsconsole.monitoring.internal.report;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_RULE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.report.ReportContent;
import org.opsconsole.api.report.ReportContent.Block;
import org.opsconsole.api.report.ReportContent.Chart;
import org.opsconsole.api.report.ReportContent.Figure;
import org.opsconsole.api.report.ReportContent.Figures;
import org.opsconsole.api.report.ReportContent.Paragraph;
import org.opsconsole.api.report.ReportContent.Percent;
import org.opsconsole.api.report.ReportContent.Point;
import org.opsconsole.api.report.ReportContent.Series;
import org.opsconsole.api.report.ReportContent.Table;
import org.opsconsole.api.report.ReportPeriod;
import org.opsconsole.api.report.ReportSection;
import org.opsconsole.api.report.ReportSectionService;
import org.opsconsole.monitoring.internal.suggestions.StoredSuggestion;
import org.opsconsole.monitoring.internal.suggestions.SuggestionStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The monitoring section of the service reports (监控与告警): key figures, the alerts of each day, each target's
 * availability, the alerts, and the tuning and fault-prevention suggestions seen in the period.
 *
 * <p>Availability is what the probes saw: the time a target was down (from its stored up/down changes) over the time
 * it was observed in the period, from its first change or the period's start to the period's end or now. While the
 * console itself is not running nothing is observed, and the target keeps the state it was last seen in.
 */
@Component(service = ReportSection.class)
@ReportSectionService(id = "monitoring.overview", title = "监控与告警", titleEn = "Monitoring and alerts", order = 200)
public class MonitoringReport implements ReportSection {

    /** Most alerts listed one by one; the figures and the chart count them all. */
    static final int MAX_ALERT_ROWS = 100;

    private static final List<String> SEVERITIES = List.of("CRITICAL", "WARNING", "INFO");

    private final Database database;
    private final Clock clock;

    /** @param database the module's database */
    @Activate
    public MonitoringReport(@Reference Database database) {
        this(database, Clock.systemUTC());
    }

    MonitoringReport(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A target as the report names it: in English, its English name when it has one. */
    record TargetRow(long id, String name, String kind) {
    }

    /** One target's availability in the period. */
    record Availability(TargetRow target, Duration observed, Duration down, int outages, Duration longest) {

        /** @return the share of the observed time it was up, or null when it was not observed */
        Percent ratio() {
            return observed.isZero() ? null
                    : new Percent(1 - (double) down.toMillis() / observed.toMillis());
        }
    }

    private record AlertRow(Instant firedAt, String target, String targetEn, String rule, String ruleEn, String severity,
            String summary, String summaryEn, String ackBy, Instant ackAt, Instant resolvedAt) {
    }

    @Override
    public ReportContent write(ReportPeriod period, Locale locale) {
        boolean zh = ReportContent.chinese(locale);
        Instant end = min(period.to(), clock.instant());
        if (!end.isAfter(period.from())) {
            return new ReportContent(List.of(new Paragraph(zh ? "报告期尚未开始，没有监控数据。"
                    : "The period has not begun yet: there is no monitoring data.")));
        }
        Map<Long, TargetRow> targets = new LinkedHashMap<>();
        Field<String> name = zh ? MONITORING_TARGET.NAME : DSL.coalesce(MONITORING_TARGET.NAME_EN, MONITORING_TARGET.NAME);
        database.dsl().select(MONITORING_TARGET.ID, name, MONITORING_TARGET.KIND)
                .from(MONITORING_TARGET).orderBy(name)
                .forEach(r -> targets.put(r.value1(), new TargetRow(r.value1(), r.value2(), r.value3())));
        List<Availability> availability = availability(targets, period.from(), end);
        List<AlertRow> alerts = alerts(period);
        List<StoredSuggestion> suggestions = new SuggestionStore(database, clock).list(true, true).stream()
                .filter(s -> s.firstSeenAt().isBefore(period.to()) && !s.lastSeenAt().isBefore(period.from()))
                .toList();

        List<Block> blocks = new ArrayList<>();
        blocks.add(figures(zh, targets.size(), availability, alerts, suggestions));
        if (!alerts.isEmpty()) {
            blocks.add(alertsPerDay(zh, period, alerts));
        }
        blocks.add(availabilityTable(zh, availability));
        blocks.add(alertTable(zh, alerts));
        blocks.add(suggestionTable(zh, suggestions, period.to()));
        return new ReportContent(blocks);
    }

    /** Each target's availability from its up/down changes: the last one before the period and those in it. */
    private List<Availability> availability(Map<Long, TargetRow> targets, Instant from, Instant end) {
        long fromMs = from.toEpochMilli();
        long endMs = end.toEpochMilli();
        Map<Long, List<long[]>> changes = new HashMap<>(); // target -> [at, up ? 1 : 0]
        var before = DSL.select(DSL.max(MONITORING_TARGET_EVENT.ID)).from(MONITORING_TARGET_EVENT)
                .where(MONITORING_TARGET_EVENT.AT_MS.lt(fromMs)).groupBy(MONITORING_TARGET_EVENT.TARGET_ID);
        database.dsl().select(MONITORING_TARGET_EVENT.TARGET_ID, MONITORING_TARGET_EVENT.AT_MS, MONITORING_TARGET_EVENT.UP)
                .from(MONITORING_TARGET_EVENT)
                .where(MONITORING_TARGET_EVENT.ID.in(before)
                        .or(MONITORING_TARGET_EVENT.AT_MS.ge(fromMs).and(MONITORING_TARGET_EVENT.AT_MS.lt(endMs))))
                .orderBy(MONITORING_TARGET_EVENT.TARGET_ID, MONITORING_TARGET_EVENT.AT_MS, MONITORING_TARGET_EVENT.ID)
                .forEach(r -> changes.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new long[] {r.value2(), r.value3() ? 1 : 0}));
        List<Availability> result = new ArrayList<>();
        for (TargetRow target : targets.values()) {
            result.add(availability(target, changes.getOrDefault(target.id(), List.of()), fromMs, endMs));
        }
        result.sort(Comparator.comparing((Availability a) -> a.ratio() == null ? 2 : a.ratio().ratio())
                .thenComparing(a -> a.target().name()));
        return result;
    }

    /** One target's availability from its changes in time order (the first may lie before the period). */
    static Availability availability(TargetRow target, List<long[]> changes, long fromMs, long endMs) {
        long observed = 0;
        long down = 0;
        long longest = 0;
        int outages = 0;
        for (int i = 0; i < changes.size(); i++) {
            long start = Math.max(changes.get(i)[0], fromMs);
            long stop = i + 1 < changes.size() ? changes.get(i + 1)[0] : endMs;
            boolean up = changes.get(i)[1] == 1;
            if (stop <= start) {
                continue;
            }
            observed += stop - start;
            if (!up) {
                down += stop - start;
                outages++;
                // an outage that went on from the last change before the period counts with its part in the period
                longest = Math.max(longest, stop - start);
            }
        }
        return new Availability(target, Duration.ofMillis(observed), Duration.ofMillis(down), outages,
                Duration.ofMillis(longest));
    }

    private List<AlertRow> alerts(ReportPeriod period) {
        return database.dsl()
                .select(MONITORING_ALERT.FIRED_AT, MONITORING_TARGET.NAME,
                        DSL.coalesce(MONITORING_TARGET.NAME_EN, MONITORING_TARGET.NAME), MONITORING_RULE.NAME,
                        DSL.coalesce(MONITORING_RULE.NAME_EN, MONITORING_RULE.NAME), MONITORING_ALERT.SEVERITY,
                        MONITORING_ALERT.SUMMARY, DSL.coalesce(MONITORING_ALERT.SUMMARY_EN, MONITORING_ALERT.SUMMARY),
                        MONITORING_ALERT.ACK_BY, MONITORING_ALERT.ACK_AT, MONITORING_ALERT.RESOLVED_AT)
                .from(MONITORING_ALERT)
                .leftJoin(MONITORING_TARGET).on(MONITORING_TARGET.ID.eq(MONITORING_ALERT.TARGET_ID))
                .leftJoin(MONITORING_RULE).on(MONITORING_RULE.ID.eq(MONITORING_ALERT.RULE_ID))
                .where(MONITORING_ALERT.FIRED_AT.ge(period.from()).and(MONITORING_ALERT.FIRED_AT.lt(period.to())))
                .orderBy(MONITORING_ALERT.FIRED_AT, MONITORING_ALERT.ID)
                .fetch(r -> new AlertRow(r.value1(), r.value2() == null ? "#" : r.value2(), r.value3() == null ? "#" : r.value3(),
                        r.value4() == null ? "#" : r.value4(), r.value5() == null ? "#" : r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9(), r.value10(), r.value11()));
    }

    private static Figures figures(boolean zh, int targetCount, List<Availability> availability, List<AlertRow> alerts,
            List<StoredSuggestion> suggestions) {
        long observed = availability.stream().mapToLong(a -> a.observed().toMillis()).sum();
        long down = availability.stream().mapToLong(a -> a.down().toMillis()).sum();
        long critical = alerts.stream().filter(a -> a.severity().equals("CRITICAL")).count();
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(zh ? "监控目标" : "Targets", targetCount));
        figures.add(new Figure(zh ? "总体可用率" : "Overall availability",
                observed == 0 ? null : new Percent(1 - (double) down / observed)));
        figures.add(new Figure(zh ? "告警" : "Alerts", alerts.size()));
        figures.add(new Figure(zh ? "其中严重告警" : "Of them critical", (int) critical));
        figures.add(new Figure(zh ? "平均确认用时" : "Mean time to acknowledge",
                mean(alerts.stream().filter(a -> a.ackAt() != null).map(a -> Duration.between(a.firedAt(), a.ackAt())).toList())));
        figures.add(new Figure(zh ? "平均恢复用时" : "Mean time to resolve",
                mean(alerts.stream().filter(a -> a.resolvedAt() != null)
                        .map(a -> Duration.between(a.firedAt(), a.resolvedAt())).toList())));
        figures.add(new Figure(zh ? "调优建议" : "Suggestions", suggestions.size()));
        return new Figures(figures);
    }

    private static Duration mean(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        return Duration.ofMillis(durations.stream().mapToLong(Duration::toMillis).sum() / durations.size());
    }

    /** The alerts fired on each day of the period, one line per severity that occurred. */
    private static Chart alertsPerDay(boolean zh, ReportPeriod period, List<AlertRow> alerts) {
        ZoneId zone = period.zone();
        Map<String, TreeMap<LocalDate, Integer>> counts = new LinkedHashMap<>();
        LocalDate first = period.from().atZone(zone).toLocalDate();
        LocalDate last = period.to().minusMillis(1).atZone(zone).toLocalDate();
        for (String severity : SEVERITIES) {
            if (alerts.stream().anyMatch(a -> a.severity().equals(severity))) {
                TreeMap<LocalDate, Integer> days = new TreeMap<>();
                for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                    days.put(day, 0);
                }
                counts.put(severity, days);
            }
        }
        for (AlertRow alert : alerts) {
            counts.get(alert.severity()).merge(alert.firedAt().atZone(zone).toLocalDate(), 1, Integer::sum);
        }
        List<Series> series = new ArrayList<>();
        counts.forEach((severity, days) -> series.add(new Series(severity(zh, severity), days.entrySet().stream()
                .map(e -> new Point(e.getKey().atStartOfDay(zone).toInstant(), e.getValue())).toList())));
        return new Chart(zh ? "每日告警数" : "Alerts per day", zh ? "次" : "", series);
    }

    private static Table availabilityTable(boolean zh, List<Availability> availability) {
        List<List<Object>> rows = new ArrayList<>();
        for (Availability a : availability) {
            List<Object> row = new ArrayList<>();
            row.add(a.target().name());
            row.add(a.target().kind());
            row.add(a.ratio());
            row.add(a.outages());
            row.add(a.down());
            row.add(a.longest());
            rows.add(row);
        }
        return new Table(zh ? "各目标可用率" : "Availability by target",
                zh ? List.of("目标", "类型", "可用率", "中断次数", "中断总时长", "最长中断")
                        : List.of("Target", "Kind", "Availability", "Outages", "Time down", "Longest outage"),
                rows, zh ? "按探测所见计算：目标停止时长 ÷ 报告期内被观测的时长；控制台未运行期间不计入观测。未被探测过的目标可用率为空。"
                        : "As the probes saw it: the time down over the time observed in the period; time while the console"
                                + " was not running is not observed. A target never probed has no availability.");
    }

    private static Table alertTable(boolean zh, List<AlertRow> alerts) {
        List<List<Object>> rows = new ArrayList<>();
        for (AlertRow a : alerts.subList(0, Math.min(alerts.size(), MAX_ALERT_ROWS))) {
            List<Object> row = new ArrayList<>();
            row.add(a.firedAt());
            row.add(zh ? a.target() : a.targetEn());
            row.add(zh ? a.rule() : a.ruleEn());
            row.add(severity(zh, a.severity()));
            row.add(zh ? a.summary() : a.summaryEn());
            row.add(a.ackBy());
            row.add(a.resolvedAt() == null ? null : Duration.between(a.firedAt(), a.resolvedAt()));
            rows.add(row);
        }
        String note;
        if (alerts.isEmpty()) {
            note = zh ? "报告期内没有告警。" : "No alert fired in the period.";
        } else if (alerts.size() > MAX_ALERT_ROWS) {
            note = zh ? "共 " + alerts.size() + " 条告警，列出最早的 " + MAX_ALERT_ROWS + " 条；完整记录见控制台“告警”页。"
                    : alerts.size() + " alerts; the first " + MAX_ALERT_ROWS + " are listed, all of them on the console's"
                            + " Alerts page.";
        } else {
            note = zh ? "恢复用时为空的告警在报告期结束时仍未恢复。" : "An alert without a time to resolve had not resolved by the end of the period.";
        }
        return new Table(zh ? "告警明细" : "Alerts",
                zh ? List.of("触发时间", "目标", "规则", "级别", "摘要", "确认人", "恢复用时")
                        : List.of("Fired", "Target", "Rule", "Severity", "Summary", "Acknowledged by", "Time to resolve"),
                rows, note);
    }

    private static Table suggestionTable(boolean zh, List<StoredSuggestion> suggestions, Instant periodEnd) {
        List<List<Object>> rows = new ArrayList<>();
        for (StoredSuggestion s : suggestions) {
            List<Object> row = new ArrayList<>();
            row.add(severity(zh, s.severity()));
            row.add(zh ? s.title() : s.titleEn());
            row.add(zh ? s.action() : s.actionEn());
            row.add(s.firstSeenAt());
            row.add(status(zh, s, periodEnd));
            rows.add(row);
        }
        return new Table(zh ? "调优和故障预防建议" : "Tuning and fault-prevention suggestions",
                zh ? List.of("级别", "发现", "建议措施", "首次发现", "当前状态")
                        : List.of("Severity", "Finding", "Action", "First found", "Status now"),
                rows, suggestions.isEmpty() ? (zh ? "报告期内没有调优建议。" : "No suggestion in the period.") : null);
    }

    private static String status(boolean zh, StoredSuggestion s, Instant periodEnd) {
        if (s.dismissedAt() != null && s.dismissedAt().isBefore(periodEnd)) {
            return (zh ? "已忽略（" : "Dismissed (") + s.dismissedBy() + (zh ? "：" : ": ") + s.dismissedReason()
                    + (zh ? "）" : ")");
        }
        if (!s.active()) {
            return zh ? "已消除" : "No longer found";
        }
        return zh ? "待处理" : "Open";
    }

    private static String severity(boolean zh, String severity) {
        return switch (severity) {
            case "CRITICAL" -> zh ? "严重" : "Critical";
            case "WARNING" -> zh ? "警告" : "Warning";
            default -> zh ? "提示" : "Info";
        };
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
