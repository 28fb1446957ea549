package org.opsconsole.monitoring.internal.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.monitoring.MonitoringEvents;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.monitoring.internal.MonitoringSettings;
import org.opsconsole.monitoring.internal.targets.ProbeKinds;
import org.opsconsole.monitoring.internal.targets.ProbeOutcome;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;

/**
 * The alert lifecycle on H2 and MariaDB, with a clock the test moves: for-durations, hysteresis, absence, rates,
 * acknowledgement, and what is notified (grouping, the operations centre, silences, escalation, announcements).
 */
class AlertEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private static final SecretBox PLAIN = new SecretBox() {
        @Override
        public String seal(String secret) {
            return secret;
        }

        @Override
        public String open(String value) {
            return value;
        }
    };

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private final MutableClock clock = new MutableClock(T0);
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private TestDatabases.Target db;
    private TargetStore targets;
    private RuleStore rules;
    private SilenceStore silences;
    private AlertEngine engine;
    private AlertNotifications notifications;
    private long web;
    private long db2;

    private void open(String kind, MonitoringSettings settings) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        targets = new TargetStore(db.database(), new ProbeKinds(List.of()), PLAIN, audited::add, clock);
        rules = new RuleStore(db.database(), audited::add, clock);
        silences = new SilenceStore(db.database(), audited::add, clock);
        web = target("非税平台前端", Map.of("env", "prod"));
        db2 = target("非税平台数据库", Map.of("env", "prod"));
        engine = new AlertEngine(db.database(), targets, rules, silences, audited::add, events::add, clock);
        notifications = new AlertNotifications(db.database(), n -> {
            sent.add(n);
            return sent.size();
        }, targets, rules, silences, engine, settings, clock, ZoneId.of("Asia/Shanghai"));
    }

    private void open(String kind) throws Exception {
        open(kind, MonitoringSettings.of(name -> switch (name) {
            case "opsconsole.monitoring.group.wait.seconds" -> "10";
            case "opsconsole.monitoring.group.interval.seconds" -> "60";
            case "opsconsole.monitoring.opscentre.channels" -> "ops-centre";
            default -> null;
        }));
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private long target(String name, Map<String, String> labels) {
        var record = db.dsl().newRecord(MONITORING_TARGET);
        record.setName(name);
        record.setKind("http");
        record.setSettings("{}");
        record.setLabels(org.opsconsole.monitoring.internal.JsonText.labels(labels));
        record.setIntervalSeconds(15);
        record.setTimeoutSeconds(10);
        record.setEnabled(true);
        record.setCreatedAt(T0);
        record.setUpdatedAt(T0);
        record.setUpdatedBy("test");
        record.store();
        return record.getId();
    }

    private Rule rule(String name, String kind, String metric, String aggregation, int window, String op, Double threshold,
            Double clear, int forSeconds, Long targetId, String severity, Integer escalate, List<String> roles) {
        RuleStore.Change change = rules.save(null, new RuleInput(name, "说明：" + name, kind, metric, aggregation, window, op, threshold,
                clear, forSeconds, targetId, null, null, severity, List.of(), escalate, List.of(), roles, true), false, "admin", "127.0.0.1");
        assertTrue(change instanceof RuleStore.Change.Done, change.toString());
        engine.reloadRules();
        return ((RuleStore.Change.Done) change).rule();
    }

    private void observe(long target, String metric, double value) {
        engine.observe(new ProbeOutcome(target, clock.instant(), true, "", "", 1, List.of(Sample.of(metric, value))));
    }

    private List<String> topics() {
        return events.stream().map(e -> ((String) e.get("topic")).substring(MonitoringEvents.TOPIC_PREFIX.length())).toList();
    }

    private Alert only(String state) {
        List<Alert> found = db.dsl().selectFrom(org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT)
                .where(org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT.STATE.eq(state)).fetch(AlertEngine::view);
        assertEquals(1, found.size(), state + ": " + found);
        return found.get(0);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aThresholdFiresAfterItsDurationAndResolvesOnlyPastTheClearThreshold(String kind) throws Exception {
        open(kind);
        rule("响应慢", "THRESHOLD", "http_latency_ms", "last", 0, ">", 1000.0, 800.0, 10, web, "WARNING", null, List.of());
        observe(web, "http_latency_ms", 1500);
        assertTrue(engine.evaluate().isEmpty(), "pending, not firing");
        clock.advance(Duration.ofSeconds(5));
        observe(web, "http_latency_ms", 1400);
        assertTrue(engine.evaluate().isEmpty());
        clock.advance(Duration.ofSeconds(6));
        observe(web, "http_latency_ms", 1300);
        List<Alert> fired = engine.evaluate();
        assertEquals(1, fired.size());
        assertEquals(T0, fired.get(0).pendingAt());
        assertEquals("FIRING", fired.get(0).state());
        assertEquals("非税平台前端：响应慢（http_latency_ms = 1300，阈值 > 1000）", fired.get(0).summary());
        assertEquals("非税平台前端: 响应慢 (http_latency_ms = 1300, threshold > 1000)", fired.get(0).summaryEn());
        assertEquals(fired.get(0).summaryEn(), events.get(0).get(MonitoringEvents.SUMMARY_EN));
        assertEquals(fired.get(0).summary(), events.get(0).get(MonitoringEvents.SUMMARY));
        assertEquals(Map.of("env", "prod"), fired.get(0).labels());

        clock.advance(Duration.ofSeconds(5));
        observe(web, "http_latency_ms", 900); // below the threshold, above the clear threshold: still firing
        assertTrue(engine.evaluate().isEmpty());
        clock.advance(Duration.ofSeconds(5));
        observe(web, "http_latency_ms", 700);
        List<Alert> resolved = engine.evaluate();
        assertEquals("RESOLVED", resolved.get(0).state());
        assertEquals(clock.instant(), resolved.get(0).resolvedAt());
        assertEquals(List.of("FIRING", "RESOLVED"), topics());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anAlertStoresItsEnglishSummaryAndOneStoredWithoutItReadsAsTheChineseOne(String kind) throws Exception {
        open(kind);
        rule("磁盘将满", "THRESHOLD", "disk_used_ratio", "last", 0, ">", 0.9, null, 0, web, "WARNING", null, List.of());
        engine.observe(new ProbeOutcome(web, clock.instant(), true, "", "", 1,
                List.of(new Sample("disk_used_ratio", Map.of("mount", "/data"), 0.953))));
        Alert fired = engine.evaluate().get(0);
        var table = org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;
        var stored = db.dsl().selectFrom(table).where(table.ID.eq(fired.id())).fetchSingle();
        assertEquals("非税平台前端：磁盘将满（disk_used_ratio{mount=/data} = 0.953，阈值 > 0.9）", stored.getSummary());
        assertEquals("非税平台前端: 磁盘将满 (disk_used_ratio{mount=/data} = 0.953, threshold > 0.9)", stored.getSummaryEn());

        // a row from before the English summaries
        db.dsl().update(table).setNull(table.SUMMARY_EN).where(table.ID.eq(fired.id())).execute();
        Alert old = engine.find(fired.id()).orElseThrow();
        assertEquals(stored.getSummary(), old.summaryEn());
        engine.acknowledge(List.of(fired.id()), "清理中", "zhang.wei", "10.0.0.5");
        assertEquals(stored.getSummary(), events.get(events.size() - 1).get(MonitoringEvents.SUMMARY_EN),
                "the event of an old alert carries the Chinese summary as the English one");
    }

    private Rule builtIn(String name, String nameEn, String description, String descriptionEn) {
        RuleStore.Change change = rules.createBuiltIn(new RuleInput(name, description, "THRESHOLD", "disk_used_ratio", "last", 0, ">",
                0.9, null, 0, null, null, null, "WARNING", List.of(), null, List.of(), List.of(), true), nameEn, descriptionEn,
                "system", "monitoring");
        assertTrue(change instanceof RuleStore.Change.Done, change.toString());
        engine.reloadRules();
        return ((RuleStore.Change.Done) change).rule();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aBuiltInRulesAlertSaysItsEnglishNameInTheEnglishSummary(String kind) throws Exception {
        open(kind);
        builtIn("磁盘空间不足", "Low disk space", "挂载点已用超过 90%。", "The mount point is more than 90% full.");
        observe(web, "disk_used_ratio", 0.95);
        Alert fired = engine.evaluate().get(0);
        assertEquals("非税平台前端：磁盘空间不足（disk_used_ratio = 0.95，阈值 > 0.9）", fired.summary());
        assertEquals("非税平台前端: Low disk space (disk_used_ratio = 0.95, threshold > 0.9)", fired.summaryEn());
        assertEquals(fired.summaryEn(), engine.find(fired.id()).orElseThrow().summaryEn(), "stored so");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aTargetsEnglishNameIsInTheEnglishSummaryAndItsNameInTheChineseOne(String kind) throws Exception {
        open(kind);
        db.dsl().update(MONITORING_TARGET).set(MONITORING_TARGET.NAME_EN, "Platform front end").where(MONITORING_TARGET.ID.eq(web))
                .execute();
        builtIn("磁盘空间不足", "Low disk space", "挂载点已用超过 90%。", "The mount point is more than 90% full.");
        rule("无数据", "ABSENT", "up", "last", 60, null, null, null, 0, db2, "WARNING", null, List.of());
        observe(web, "disk_used_ratio", 0.95);
        Alert fired = engine.evaluate().get(0);
        assertEquals("非税平台前端：磁盘空间不足（disk_used_ratio = 0.95，阈值 > 0.9）", fired.summary());
        assertEquals("Platform front end: Low disk space (disk_used_ratio = 0.95, threshold > 0.9)", fired.summaryEn());
        assertEquals("非税平台前端", events.get(0).get(MonitoringEvents.TARGET_NAME), "the event names the target as before");
        clock.advance(Duration.ofSeconds(61));
        Alert absent = engine.evaluate().stream().filter(a -> a.targetId() == db2).findFirst().orElseThrow();
        assertEquals("非税平台数据库: 无数据 (no up data for more than 60 s)", absent.summaryEn(), "a target without an English name");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void changingABuiltInRulesChineseNameOrDescriptionDropsThatEnglishText(String kind) throws Exception {
        open(kind);
        Rule rule = builtIn("磁盘空间不足", "Low disk space", "挂载点已用超过 90%。", "The mount point is more than 90% full.");
        RuleInput same = new RuleInput("磁盘空间不足", "挂载点已用超过 90%。", null, null, null, null, null, 0.95, null, null, null, null,
                null, null, null, null, null, null, null);
        Rule kept = ((RuleStore.Change.Done) rules.save(rule.id(), same, false, "admin", "")).rule();
        assertEquals("Low disk space", kept.nameEn(), "the same texts given again keep the English ones");
        assertEquals("The mount point is more than 90% full.", kept.descriptionEn());

        RuleInput described = new RuleInput(null, "/data 满了找值班员。", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        rules.save(rule.id(), described, false, "admin", "");
        Rule stored = rules.find(rule.id()).orElseThrow();
        assertEquals("Low disk space", stored.nameEn());
        assertNull(stored.descriptionEn());
        assertEquals("/data 满了找值班员。", stored.englishDescription(), "English shows what the operator wrote");

        RuleInput renamed = new RuleInput("数据盘将满", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        rules.save(rule.id(), renamed, false, "admin", "");
        stored = rules.find(rule.id()).orElseThrow();
        assertNull(stored.nameEn());
        assertEquals("数据盘将满", stored.englishName());
        assertTrue(stored.builtIn(), "still built in");
        engine.reloadRules();
        observe(web, "disk_used_ratio", 0.97);
        assertEquals("非税平台前端: 数据盘将满 (disk_used_ratio = 0.97, threshold > 0.95)", engine.evaluate().get(0).summaryEn());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anOperatorsRuleHasNoEnglishTexts(String kind) throws Exception {
        open(kind);
        Rule rule = rule("响应慢", "THRESHOLD", "http_latency_ms", "last", 0, ">", 1000.0, null, 0, web, "WARNING", null, List.of());
        assertNull(rule.nameEn());
        assertNull(rules.find(rule.id()).orElseThrow().descriptionEn());
        assertEquals("响应慢", rule.englishName());
        assertEquals("说明：响应慢", rule.englishDescription());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDipWhilePendingStartsTheDurationAgain(String kind) throws Exception {
        open(kind);
        rule("响应慢", "THRESHOLD", "http_latency_ms", "last", 0, ">", 1000.0, null, 10, null, "WARNING", null, List.of());
        observe(web, "http_latency_ms", 1500);
        engine.evaluate();
        clock.advance(Duration.ofSeconds(8));
        observe(web, "http_latency_ms", 500);
        engine.evaluate();
        clock.advance(Duration.ofSeconds(4));
        observe(web, "http_latency_ms", 1500);
        assertTrue(engine.evaluate().isEmpty(), "the duration starts again after the dip");
        clock.advance(Duration.ofSeconds(10));
        observe(web, "http_latency_ms", 1500);
        assertEquals(1, engine.evaluate().size());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void absenceAndRatesAndAveragesAreComputedOverTheirWindows(String kind) throws Exception {
        open(kind);
        rule("无数据", "ABSENT", "up", "last", 60, null, null, null, 0, db2, "WARNING", null, List.of());
        rule("连接增长过快", "RATE", "mysql_threads_connected", "last", 120, ">", 50.0, null, 0, null, "WARNING", null, List.of());
        rule("错误率", "THRESHOLD", "http_5xx", "avg", 60, ">", 0.3, null, 0, null, "CRITICAL", null, List.of());
        for (int i = 0; i < 3; i++) {
            observe(web, "mysql_threads_connected", 100 + i * 40.0); // 40 per 15 s: 160 a minute
            observe(web, "http_5xx", i % 2);                         // half the probes fail
            clock.advance(Duration.ofSeconds(15));
        }
        List<Alert> fired = engine.evaluate();
        assertEquals(List.of("错误率", "连接增长过快").stream().sorted().toList(), fired.stream().map(a -> rules.find(a.ruleId()).orElseThrow().name()).sorted().toList());
        Alert rate = fired.stream().filter(a -> rules.find(a.ruleId()).orElseThrow().name().equals("连接增长过快")).findFirst().orElseThrow();
        assertEquals("非税平台前端：连接增长过快（mysql_threads_connected 每分钟变化 160，阈值 > 50）", rate.summary());
        assertEquals("非税平台前端: 连接增长过快 (mysql_threads_connected changes by 160 per minute, threshold > 50)", rate.summaryEn());
        clock.advance(Duration.ofSeconds(20)); // 65 s since the start, none of db2's "up"
        List<Alert> absent = engine.evaluate();
        assertEquals(1, absent.size(), absent.toString());
        assertEquals(db2, absent.get(0).targetId());
        assertEquals("非税平台数据库：无数据（up 超过 60 秒无数据）", absent.get(0).summary());
        assertEquals("非税平台数据库: 无数据 (no up data for more than 60 s)", absent.get(0).summaryEn());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void acknowledgedAlertsStayAcknowledgedAndAreAudited(String kind) throws Exception {
        open(kind);
        rule("不可用", "THRESHOLD", "up", "last", 0, "<", 1.0, null, 0, null, "CRITICAL", null, List.of());
        observe(web, "up", 0);
        observe(db2, "up", 0);
        List<Alert> fired = engine.evaluate();
        assertEquals(2, fired.size());
        List<Alert> acknowledged = engine.acknowledge(fired.stream().map(Alert::id).toList(), "正在处理", "zhang.wei", "10.0.0.5");
        assertEquals(2, acknowledged.size());
        assertTrue(engine.acknowledge(List.of(fired.get(0).id()), "again", "li.na", "10.0.0.6").isEmpty(), "acknowledged once");
        assertEquals(2, audited.stream().filter(e -> e.action().equals("monitoring.alert.acknowledge")).count());
        assertEquals("zhang.wei", engine.find(fired.get(0).id()).orElseThrow().ackBy());
        assertEquals(2, topics().stream().filter("ACKNOWLEDGED"::equals).count());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void alertsOfOneTargetGoOutTogetherAndCriticalOnesAtOnceToTheOperationsCentre(String kind) throws Exception {
        open(kind);
        rule("响应慢", "THRESHOLD", "http_latency_ms", "last", 0, ">", 1000.0, null, 0, null, "WARNING", null, List.of());
        rule("证书", "THRESHOLD", "tls_cert_days_left", "last", 0, "<", 14.0, null, 0, null, "WARNING", null, List.of());
        observe(web, "http_latency_ms", 2000);
        observe(web, "tls_cert_days_left", 3);
        engine.evaluate();
        notifications.run();
        assertTrue(sent.isEmpty(), "a warning group waits for more");
        clock.advance(Duration.ofSeconds(11));
        notifications.run();
        assertEquals(1, sent.size(), "one notification for the target's two alerts");
        assertTrue(sent.get(0).title().contains("2 条告警"), sent.get(0).title());
        assertEquals(Severity.WARNING, sent.get(0).severity());

        rule("不可用", "THRESHOLD", "up", "last", 0, "<", 1.0, null, 0, null, "CRITICAL", null, List.of());
        observe(db2, "up", 0);
        engine.evaluate();
        notifications.run();
        assertEquals(2, sent.size(), "a critical alert goes at once");
        assertEquals(Severity.CRITICAL, sent.get(1).severity());
        assertEquals(java.util.Set.of("ops-centre"), sent.get(1).channels());
        notifications.run();
        assertEquals(2, sent.size(), "nothing twice");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aSilenceHoldsBackNotificationsUntilItEndsAndIsAnnounced(String kind) throws Exception {
        open(kind);
        rule("不可用", "THRESHOLD", "up", "last", 0, "<", 1.0, null, 0, null, "CRITICAL", null, List.of());
        SilenceStore.Change silence = silences.create(new SilenceStore.Input("MAINTENANCE", web, null, null, null,
                T0.plus(Duration.ofMinutes(30)), "数据库升级"), "admin", "127.0.0.1");
        assertNotNull(silence.silence(), silence.errors().toString());
        observe(web, "up", 0);
        engine.evaluate();
        notifications.run();
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).title().startsWith("【维护窗口开始】"), sent.get(0).title());
        assertNotNull(only("FIRING").silencedBy(), "held back by the maintenance window");
        silences.end(silence.silence().id(), "admin", "127.0.0.1");
        clock.advance(Duration.ofSeconds(1));
        notifications.run();
        assertEquals(3, sent.size(), sent.toString());
        assertTrue(sent.get(1).title().startsWith("【维护窗口结束】"), sent.get(1).title());
        assertTrue(sent.get(2).title().startsWith("【严重】"), sent.get(2).title());
        assertNull(only("FIRING").silencedBy());

        SilenceStore.Change everything = silences.create(new SilenceStore.Input("SILENCE", null, null, null, null,
                T0.plus(Duration.ofHours(1)), "全部静默"), "admin", "127.0.0.1");
        assertTrue(everything.errors().stream().anyMatch(e -> e.field().equals("matchers")), "everything cannot be silenced");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anAlertNobodyAcknowledgesIsEscalatedOnce(String kind) throws Exception {
        open(kind);
        rule("不可用", "THRESHOLD", "up", "last", 0, "<", 1.0, null, 0, null, "CRITICAL", 15, List.of("sysadmin"));
        observe(web, "up", 0);
        engine.evaluate();
        notifications.run();
        clock.advance(Duration.ofMinutes(14));
        notifications.run();
        assertEquals(1, sent.size());
        clock.advance(Duration.ofMinutes(2));
        notifications.run();
        notifications.run();
        assertEquals(2, sent.size());
        assertTrue(sent.get(1).title().startsWith("【升级】"), sent.get(1).title());
        assertEquals(java.util.Set.of("sysadmin"), sent.get(1).audience().roles());
        assertTrue(topics().contains("ESCALATED"));
        assertNotNull(only("FIRING").escalatedAt());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aBadRuleIsRefusedNamingEveryField(String kind) throws Exception {
        open(kind);
        RuleStore.Change change = rules.save(null, new RuleInput("", null, "SOMETIMES", "http latency", "median", 5, "~", null, null,
                -1, 999L, Map.of("bad name", "x"), null, "LOUD", List.of("a b"), 5, List.of(), List.of("boss"), true), false, "admin", "");
        assertTrue(change instanceof RuleStore.Change.Invalid);
        List<String> fields = new ArrayList<>(((RuleStore.Change.Invalid) change).errors().stream().map(e -> e.field()).toList());
        for (String field : List.of("name", "kind", "metric", "aggregation", "forSeconds", "targetId", "targetLabels.bad name",
                "severity", "channels", "escalateRoles")) {
            assertTrue(fields.contains(field), field + " in " + fields);
        }
        assertTrue(rules.list().isEmpty(), "nothing stored");
        RuleStore.Change wrongSide = rules.save(null, new RuleInput("慢", null, "THRESHOLD", "http_latency_ms", null, null, ">", 1000.0,
                1200.0, null, null, null, null, null, null, null, null, null, null), false, "admin", "");
        assertEquals("clearThreshold", ((RuleStore.Change.Invalid) wrongSide).errors().get(0).field());
    }
}
