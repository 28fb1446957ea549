package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opsconsole.itests.NotificationsTest.Receiver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Monitoring in the running console, on H2 and on MariaDB, driven by the sandbox's fault switches: a latency fault
 * fires an alert after its for-duration, the alert is notified (to a local webhook receiver), acknowledged, and
 * resolves when the fault is switched off, and a module subscribed to the alert events hears each step; an outage is pushed at once to the
 * operations centre's channel; a filling disk gives a forecast suggestion; bad rules and targets are refused naming
 * the field, and change nothing.
 */
class MonitoringTest {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
    private static final String HTTP_TARGET = "模拟平台 · 前端服务";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void faultsBecomeAlertsNotificationsAndSuggestions(String kind) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "OPSCONSOLE_MONITORING_EVALUATION_SECONDS", "1",
                "OPSCONSOLE_MONITORING_GROUP_WAIT_SECONDS", "0",
                "OPSCONSOLE_MONITORING_GROUP_INTERVAL_SECONDS", "0",
                "OPSCONSOLE_MONITORING_OPSCENTRE_CHANNELS", "ops-centre",
                "OPSCONSOLE_MONITORING_SUGGESTIONS_MIN_SPAN_SECONDS", "10",
                "OPSCONSOLE_MONITORING_SUGGESTIONS_MIN_POINTS", "4",
                "OPSCONSOLE_MONITORING_SUGGESTIONS_FORECAST_WINDOW_SECONDS", "600"));
        String database = null;
        Connection server = null;
        if (kind.equals("mysql")) {
            try {
                server = DriverManager.getConnection(SERVER, "root", "");
            } catch (SQLException e) {
                String how = "no MySQL/MariaDB at 127.0.0.1:3306 (root, empty password): " + e.getMessage();
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(how, e);
                }
                Assumptions.abort(how);
            }
            database = "opsconsole_mon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Statement sql = server.createStatement()) {
                sql.execute("create database " + database + " character set utf8mb4 collate utf8mb4_bin");
            }
            env.putAll(Map.of("OPSCONSOLE_DB_URL", SERVER + database, "OPSCONSOLE_DB_USER", "root", "OPSCONSOLE_DB_PASSWORD", ""));
        }
        Path data = Files.createTempDirectory("opsconsole-monitoring-");
        try (Receiver opsCentre = new Receiver(0); Receiver team = new Receiver(0);
                RunningConsole console = RunningConsole.start(Distribution.home(), data, env)) {
            // a module listening to the alert events, as an incidents module would
            Path events = data.resolve("alert-events.log");
            byte[] recorder = TestModules.eventRecorderBundle("org.example.alert_recorder", "opsconsole/monitoring/alert/*", events,
                    Files.createTempDirectory("opsconsole-recorder-"));
            console.framework.getBundleContext().installBundle("test:alert-recorder", new ByteArrayInputStream(recorder)).start();
            ConsoleSession admin = console.admin();
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-centre", "name", "运维中心", "type", "webhook",
                    "minSeverity", "CRITICAL", "settings", Map.of("url", opsCentre.url()))).statusCode());
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-team", "name", "运维组", "type", "webhook",
                    "minSeverity", "INFO", "settings", Map.of("url", team.url()))).statusCode());

            JsonNode http = await(() -> target(admin, HTTP_TARGET), JsonNode::isObject, "the sandbox's HTTP target is created");
            long httpId = http.path("id").asLong();
            assertEquals(200, admin.put("/api/monitoring/targets/" + httpId, Map.of("intervalSeconds", 5, "timeoutSeconds", 4)).statusCode());

            badInputIsRefusedAndChangesNothing(admin, httpId);

            // latency fault -> pending -> firing after the for-duration -> notified -> acknowledged -> resolved
            HttpResponse<String> rule = admin.post("/api/monitoring/rules", Map.of("name", "平台响应慢（测试）", "kind", "THRESHOLD",
                    "metric", "http_latency_ms", "op", ">", "threshold", 1000, "clearThreshold", 800, "forSeconds", 6,
                    "targetId", httpId, "severity", "WARNING", "channels", List.of("ops-team")));
            assertEquals(201, rule.statusCode(), rule.body());
            long ruleId = ConsoleSession.JSON.readTree(rule.body()).path("id").asLong();
            fault(admin, "latency", true, 1500);
            JsonNode firing = await(() -> alert(admin, ruleId, "active"), JsonNode::isObject, "the latency alert fires");
            Duration held = Duration.between(Instant.parse(firing.path("pendingAt").asText()), Instant.parse(firing.path("firedAt").asText()));
            assertTrue(held.toSeconds() >= 6, "it fired only after its for-duration: " + firing);
            await(() -> team.bodies.stream().anyMatch(b -> b.contains("平台响应慢（测试）")), "the team's channel is notified");
            HttpResponse<String> ack = admin.post("/api/monitoring/alerts/acknowledge",
                    Map.of("ids", List.of(firing.path("id").asLong()), "reason", "已联系平台开发处理"));
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals(1, ConsoleSession.JSON.readTree(ack.body()).path("acknowledged").asInt());
            JsonNode acknowledged = alert(admin, ruleId, "acknowledged");
            assertEquals("admin", acknowledged.path("ackBy").asText());
            fault(admin, "latency", false, 1500);
            JsonNode resolved = await(() -> alert(admin, ruleId, "resolved"), JsonNode::isObject, "the alert resolves");
            assertEquals("已联系平台开发处理", resolved.path("ackReason").asText());
            await(() -> team.bodies.stream().anyMatch(b -> b.contains("已恢复") && b.contains("平台响应慢（测试）")), "the resolution is notified");
            await(() -> List.of("FIRING", "ACKNOWLEDGED", "RESOLVED").stream().allMatch(topic -> recorded(events).stream()
                    .anyMatch(line -> line.startsWith("opsconsole/monitoring/alert/" + topic + "\t") && line.contains("平台响应慢（测试）"))),
                    "a module hears the alert's events");

            // outage -> target down, pushed at once to the operations centre
            fault(admin, "outage", true, 0);
            await(() -> opsCentre.bodies.stream().anyMatch(b -> b.contains("目标不可用") && b.contains("CRITICAL")),
                    "the outage is pushed to the operations centre");
            fault(admin, "outage", false, 0);

            // filling disk -> a disk-full forecast
            long hostId = target(admin, "控制台主机").path("id").asLong();
            assertEquals(200, admin.put("/api/monitoring/targets/" + hostId, Map.of("intervalSeconds", 5, "timeoutSeconds", 4)).statusCode());
            fault(admin, "disk-fill", true, 1024);
            try {
                JsonNode forecast = await(() -> {
                    HttpResponse<String> refreshed = admin.post("/api/monitoring/suggestions/refresh", Map.of());
                    for (JsonNode s : ConsoleSession.JSON.readTree(refreshed.body())) {
                        if (s.path("kind").asText().equals("disk-full")) {
                            return s;
                        }
                    }
                    return null;
                }, s -> s != null, "the filling disk gives a forecast");
                assertTrue(forecast.path("title").asText().contains("写满"), forecast.toString());
                assertFalse(forecast.path("evidence").isEmpty(), forecast.toString());
            } finally {
                fault(admin, "disk-fill", false, 1024);
            }
            reportSectionHasThePeriodsAlertsAndSuggestions(console);
            String metrics = admin.get("/metrics").body();
            assertTrue(metrics.contains("opsconsole_monitoring_probes_total") && metrics.contains("opsconsole_monitoring_target_up{"),
                    metrics);
        } finally {
            if (server != null) {
                try (Connection open = server; Statement sql = open.createStatement()) {
                    sql.execute("drop database " + database);
                }
            }
        }
    }

    /**
     * The module's report section, as the reporting module calls it: the test's own copy of the API is not the bundles',
     * so the section is called by reflection and read through its records' texts.
     */
    private static void reportSectionHasThePeriodsAlertsAndSuggestions(RunningConsole console) throws Exception {
        org.osgi.framework.BundleContext context = console.framework.getBundleContext();
        org.osgi.framework.ServiceReference<?>[] found = context.getServiceReferences("org.opsconsole.api.report.ReportSection",
                "(opsconsole.report.section.id=monitoring.overview)");
        assertTrue(found != null && found.length == 1, "monitoring registers its report section");
        assertEquals("监控与告警", found[0].getProperty("opsconsole.report.section.title"));
        Object section = context.getService(found[0]);
        try {
            Class<?> periodType = section.getClass().getClassLoader().loadClass("org.opsconsole.api.report.ReportPeriod");
            Object period = periodType.getConstructor(Instant.class, Instant.class, java.time.ZoneId.class)
                    .newInstance(Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60),
                            java.time.ZoneId.of("Asia/Shanghai"));
            String content = section.getClass().getMethod("write", periodType, java.util.Locale.class)
                    .invoke(section, period, java.util.Locale.SIMPLIFIED_CHINESE).toString();
            assertTrue(content.contains("Figure[label=告警, value="), content);
            assertTrue(content.contains(HTTP_TARGET) && content.contains("平台响应慢（测试）"), "the latency alert is listed: " + content);
            assertTrue(content.contains("目标不可用"), "the outage's alert is listed: " + content);
            assertTrue(content.contains("写满"), "the disk-full forecast is listed: " + content);
        } finally {
            context.ungetService(found[0]);
        }
    }

    private static void badInputIsRefusedAndChangesNothing(ConsoleSession admin, long httpId) throws Exception {
        int rules = admin.json("/api/monitoring/rules").size();
        HttpResponse<String> badRule = admin.post("/api/monitoring/rules", Map.of("name", "坏规则", "metric", "http latency",
                "op", "~", "threshold", 1));
        assertEquals(400, badRule.statusCode(), badRule.body());
        assertTrue(badRule.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(badRule.body().contains("\"metric\"") && badRule.body().contains("\"op\""), badRule.body());
        assertEquals(rules, admin.json("/api/monitoring/rules").size(), "nothing stored");

        int targets = admin.json("/api/monitoring/targets").size();
        HttpResponse<String> badTarget = admin.post("/api/monitoring/targets", Map.of("name", "坏目标", "kind", "http",
                "settings", Map.of("url", "ftp://example"), "intervalSeconds", 1));
        assertEquals(400, badTarget.statusCode(), badTarget.body());
        assertTrue(badTarget.body().contains("settings.url") && badTarget.body().contains("intervalSeconds"), badTarget.body());
        assertEquals(targets, admin.json("/api/monitoring/targets").size(), "nothing stored");

        HttpResponse<String> badChange = admin.put("/api/monitoring/targets/" + httpId, Map.of("timeoutSeconds", 500));
        assertEquals(400, badChange.statusCode(), badChange.body());
        assertEquals(4, target(admin, HTTP_TARGET).path("timeoutSeconds").asInt(), "the target is unchanged");
    }

    private static List<String> recorded(Path events) {
        try {
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void fault(ConsoleSession admin, String name, boolean on, int setting) throws Exception {
        Map<String, Object> body = setting > 0 ? Map.of("enabled", on, "setting", setting) : Map.of("enabled", on);
        HttpResponse<String> answer = admin.put("/api/sandbox/faults/" + name, body);
        assertEquals(200, answer.statusCode(), answer.body());
    }

    private static JsonNode target(ConsoleSession admin, String name) throws Exception {
        for (JsonNode target : admin.json("/api/monitoring/targets")) {
            if (target.path("name").asText().equals(name)) {
                return target;
            }
        }
        return ConsoleSession.JSON.missingNode();
    }

    private static JsonNode alert(ConsoleSession admin, long ruleId, String state) throws Exception {
        for (JsonNode alert : admin.json("/api/monitoring/alerts?state=" + state)) {
            if (alert.path("ruleId").asLong() == ruleId) {
                return alert;
            }
        }
        return ConsoleSession.JSON.missingNode();
    }

    /** Something the test waits for. */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, Predicate<T> done, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("within 90 s: " + what + " (last: " + value + ")");
            }
            Thread.sleep(250);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
        await(() -> condition.getAsBoolean(), Boolean::booleanValue, what);
    }
}
