package org.opsconsole.monitoring.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.report.ReportContent;
import org.opsconsole.api.report.ReportContent.Chart;
import org.opsconsole.api.report.ReportContent.Figure;
import org.opsconsole.api.report.ReportContent.Figures;
import org.opsconsole.api.report.ReportContent.Percent;
import org.opsconsole.api.report.ReportContent.Table;
import org.opsconsole.api.report.ReportPeriod;
import org.opsconsole.monitoring.internal.TestRules;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringRuleRecord;
import org.opsconsole.monitoring.internal.suggestions.Suggestion;
import org.opsconsole.monitoring.internal.suggestions.SuggestionStore;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;

/** The monitoring section of the service reports, from stored targets, changes, alerts and suggestions. On H2 and MySQL. */
class MonitoringReportTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-03-01 00:00 in Shanghai. */
    private static final Instant FROM = Instant.parse("2026-02-28T16:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(2));
    private static final ReportPeriod PERIOD = new ReportPeriod(FROM, TO, SHANGHAI);

    private TestDatabases.Target db;
    private final MutableClock clock = new MutableClock(TO.plus(Duration.ofHours(1)));

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private long target(String name, String kind) {
        return target(name, null, kind);
    }

    private long target(String name, String nameEn, String kind) {
        var r = db.database().dsl().newRecord(MONITORING_TARGET);
        r.setName(name);
        r.setNameEn(nameEn);
        r.setKind(kind);
        r.setSettings("{}");
        r.setLabels("{}");
        r.setIntervalSeconds(30);
        r.setTimeoutSeconds(10);
        r.setEnabled(true);
        r.setCreatedAt(FROM.minus(Duration.ofDays(10)));
        r.setUpdatedAt(FROM.minus(Duration.ofDays(10)));
        r.setUpdatedBy("test");
        r.store();
        return r.getId();
    }

    private void change(long target, Instant at, boolean up) {
        var r = db.database().dsl().newRecord(MONITORING_TARGET_EVENT);
        r.setTargetId(target);
        r.setAtMs(at.toEpochMilli());
        r.setUp(up);
        r.setMessage(up ? "ok" : "down");
        r.store();
    }

    /** A rule; a built-in one when it has an English name. */
    private long rule(String name, String nameEn) {
        MonitoringRuleRecord r = TestRules.row(db.database().dsl(), name, "", nameEn != null, FROM);
        r.setNameEn(nameEn);
        r.store();
        return r.getId();
    }

    /** An alert; with an English summary unless told not (as alerts stored before the module wrote them). */
    private void alert(long rule, long target, String severity, Instant firedAt, Duration ackAfter, Duration resolvedAfter,
            boolean english) {
        var r = db.database().dsl().newRecord(MONITORING_ALERT);
        r.setRuleId(rule);
        r.setTargetId(target);
        r.setFingerprint(rule + ":" + target + ":" + firedAt.toEpochMilli());
        r.setSeverity(severity);
        r.setState(resolvedAfter == null ? "FIRING" : "RESOLVED");
        r.setSummary("告警 " + firedAt);
        r.setSummaryEn(english ? "Alert " + firedAt : null);
        r.setLabels("{}");
        r.setAlertValue(0.0);
        r.setPendingAt(firedAt);
        r.setFiredAt(firedAt);
        if (ackAfter != null) {
            r.setAckBy("operator");
            r.setAckAt(firedAt.plus(ackAfter));
            r.setAckReason("处理中");
        }
        if (resolvedAfter != null) {
            r.setResolvedAt(firedAt.plus(resolvedAfter));
        }
        r.store();
    }

    private static Figures figures(ReportContent content) {
        return (Figures) content.blocks().get(0);
    }

    private static Object figure(ReportContent content, String label) {
        return figures(content).figures().stream().filter(f -> f.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + label)).value();
    }

    private static Table table(ReportContent content, String caption) {
        return content.blocks().stream().filter(b -> b instanceof Table t && t.caption().equals(caption)).map(Table.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no table " + caption));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void figuresAvailabilityAlertsAndSuggestionsOfThePeriod(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        long web = target("前端服务", "Front end", "http");
        long database = target("平台数据库", "database");
        target("新目标", "tcp"); // never probed
        // the web service: up since before the period, down 2 hours on the first day, and 1 hour from 23:30 on
        change(web, FROM.minus(Duration.ofDays(3)), true);
        change(web, FROM.plus(Duration.ofHours(10)), false);
        change(web, FROM.plus(Duration.ofHours(12)), true);
        change(web, FROM.plus(Duration.ofMinutes(23 * 60 + 30)), false);
        change(web, FROM.plus(Duration.ofMinutes(24 * 60 + 30)), true);
        // the database: down since before the period until 06:00 on the first day; first seen 2 days earlier
        change(database, FROM.minus(Duration.ofDays(2)), true);
        change(database, FROM.minus(Duration.ofHours(1)), false);
        change(database, FROM.plus(Duration.ofHours(6)), true);
        long down = rule("目标停止响应", "Target stopped responding");
        long slow = rule("数据库慢查询", null);
        alert(down, web, "CRITICAL", FROM.plus(Duration.ofHours(10)), Duration.ofMinutes(4), Duration.ofHours(2), true);
        alert(down, web, "CRITICAL", FROM.plus(Duration.ofMinutes(23 * 60 + 30)), Duration.ofMinutes(10), Duration.ofHours(1), true);
        alert(slow, database, "WARNING", FROM.plus(Duration.ofHours(30)), null, null, false);
        alert(down, database, "WARNING", FROM.minus(Duration.ofHours(1)), null, Duration.ofHours(7), true); // before the period
        clock.set(FROM.plus(Duration.ofHours(1)));
        SuggestionStore suggestions = new SuggestionStore(db.database(), clock);
        suggestions.replaceFound(List.of(new Suggestion("disk-full:series:1", "disk-full", web, "WARNING",
                "挂载点 /data 预计约 12 天后写满", "Mount /data full in about 12 days", "清理 /data", "Clean up /data",
                Map.of("days", 12))));
        clock.set(TO.plus(Duration.ofHours(1)));

        MonitoringReport report = new MonitoringReport(db.database(), clock);
        ReportContent zh = report.write(PERIOD, Locale.SIMPLIFIED_CHINESE);

        assertEquals(3, figure(zh, "监控目标"));
        assertEquals(3, figure(zh, "告警"), "the alert fired before the period is not counted");
        assertEquals(2, figure(zh, "其中严重告警"));
        assertEquals(Duration.ofMinutes(7), figure(zh, "平均确认用时"));
        assertEquals(Duration.ofMinutes(90), figure(zh, "平均恢复用时"));
        assertEquals(1, figure(zh, "调优建议"));
        // web: 3 h down of 48 h; database: 6 h of 48 h; the new target is not observed
        assertEquals(1 - 9.0 / 96, ((Percent) figure(zh, "总体可用率")).ratio(), 1e-9);

        Table availability = table(zh, "各目标可用率");
        assertEquals(List.of("目标", "类型", "可用率", "中断次数", "中断总时长", "最长中断"), availability.columns());
        assertEquals(List.of("平台数据库", "database", new Percent(1 - 6.0 / 48), 1, Duration.ofHours(6), Duration.ofHours(6)),
                availability.rows().get(0), "the least available first; the outage from before the period counts its part in it");
        assertEquals(List.of("前端服务", "http", new Percent(1 - 3.0 / 48), 2, Duration.ofHours(3), Duration.ofHours(2)),
                availability.rows().get(1));
        assertEquals("新目标", availability.rows().get(2).get(0));
        assertNull(availability.rows().get(2).get(2), "a target never probed has no availability");

        Table alerts = table(zh, "告警明细");
        assertEquals(3, alerts.rows().size());
        assertEquals(List.of(FROM.plus(Duration.ofHours(10)), "前端服务", "目标停止响应", "严重", "告警 " + FROM.plus(Duration.ofHours(10)),
                "operator", Duration.ofHours(2)), alerts.rows().get(0));
        assertNull(alerts.rows().get(2).get(6), "still firing");

        Chart perDay = (Chart) zh.blocks().get(1);
        assertEquals("每日告警数", perDay.caption());
        assertEquals(List.of("严重", "警告"), perDay.series().stream().map(ReportContent.Series::name).toList());
        // the critical alerts: 10:00 and 23:30 on 1 March, none on 2 March (days in Shanghai time)
        assertEquals(List.of(2.0, 0.0), perDay.series().get(0).points().stream().map(ReportContent.Point::value).toList());
        assertEquals(FROM, perDay.series().get(0).points().get(0).at());

        Table found = table(zh, "调优和故障预防建议");
        assertEquals(List.of("警告", "挂载点 /data 预计约 12 天后写满", "清理 /data", FROM.plus(Duration.ofHours(1)), "待处理"),
                found.rows().get(0));

        ReportContent en = report.write(PERIOD, Locale.ENGLISH);
        assertEquals(3, figure(en, "Alerts"));
        Table alertsEn = table(en, "Alerts");
        assertEquals(List.of(FROM.plus(Duration.ofHours(10)), "Front end", "Target stopped responding", "Critical",
                "Alert " + FROM.plus(Duration.ofHours(10)), "operator", Duration.ofHours(2)), alertsEn.rows().get(0),
                "the target's and the built-in rule's English names and the English summary");
        assertEquals("平台数据库", alertsEn.rows().get(2).get(1), "a target without an English name has its one name");
        assertEquals("数据库慢查询", alertsEn.rows().get(2).get(2), "an operator's rule has its one name");
        assertEquals("告警 " + FROM.plus(Duration.ofHours(30)), alertsEn.rows().get(2).get(4),
                "an alert stored without an English summary shows the Chinese one");
        assertEquals(List.of("平台数据库", "Front end", "新目标"), table(en, "Availability by target").rows().stream()
                .map(row -> row.get(0)).toList(), "in English, a target's English name where it has one");
        assertEquals(List.of("Warning", "Mount /data full in about 12 days", "Clean up /data", FROM.plus(Duration.ofHours(1)), "Open"),
                table(en, "Tuning and fault-prevention suggestions").rows().get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aPeriodWithoutAlertsSaysSo(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        ReportContent content = new MonitoringReport(db.database(), clock).write(PERIOD, Locale.SIMPLIFIED_CHINESE);

        assertEquals(0, figure(content, "告警"));
        assertNull(figure(content, "平均确认用时"));
        assertTrue(content.blocks().stream().noneMatch(b -> b instanceof Chart), "no chart without alerts");
        assertEquals("报告期内没有告警。", table(content, "告警明细").note());
    }

    @Test
    void aPeriodNotBegunHasNoData() {
        ReportContent content = new MonitoringReport(null, new MutableClock(FROM.minusSeconds(1))).write(PERIOD, Locale.ENGLISH);

        assertEquals(List.of(new ReportContent.Paragraph("The period has not begun yet: there is no monitoring data.")),
                content.blocks());
    }
}
