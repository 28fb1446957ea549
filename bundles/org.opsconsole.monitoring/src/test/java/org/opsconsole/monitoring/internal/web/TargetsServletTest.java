package org.opsconsole.monitoring.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.monitoring.internal.alerts.Alert;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.monitoring.internal.alerts.SilenceStore;
import org.opsconsole.monitoring.internal.series.TestSeries;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.opsconsole.monitoring.internal.targets.ProbeKinds;
import org.opsconsole.monitoring.internal.targets.ProbeRunner;
import org.opsconsole.monitoring.internal.targets.ProbeScheduler;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestRequests;
import org.opsconsole.testing.TestSecretBox;
import org.opsconsole.testing.TestUsers;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A target's English name through the REST API, on H2 and MySQL: the targets, the live status, the series (whose names
 * the charts' legends show) and the alerts carry it; a rename without one drops it; bad input is refused naming
 * {@code nameEn} and changes nothing.
 */
class TargetsServletTest {

    private static final ConsoleUser ADMIN = TestUsers.user("admin", "系统管理员", Set.of("sysadmin"), "monitoring.read", "monitoring.configure");

    private static final ProbeKinds KINDS = new ProbeKinds(List.of(new ProbeKinds.Kind("test", "测试", "Test", new Probe() {
        @Override
        public List<SettingField> fields() {
            return List.of();
        }

        @Override
        public ProbeResult probe(ProbeTarget target) {
            return ProbeResult.up("好", "fine").build();
        }
    })));

    private final TestAuditLog audit = new TestAuditLog();
    private TestSeries series;
    private TargetStore targets;
    private TargetsServlet servlet;
    private StatusServlet statusServlet;
    private SeriesServlet seriesServlet;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private void open(String kind) throws Exception {
        series = TestSeries.on(kind);
        var database = series.target.database();
        targets = new TargetStore(database, KINDS, new TestSecretBox(), audit, series.clock);
        LiveStatus status = new LiveStatus(database);
        Views views = new Views(database, targets, KINDS, status, new SilenceStore(database, audit, series.clock));
        ProbeScheduler scheduler = new ProbeScheduler(targets, new ProbeRunner(KINDS, series.clock), outcome -> { }, 1, series.clock);
        servlet = new TargetsServlet(targets, views, status, scheduler, series.store, new RuleStore(database, audit, series.clock));
        statusServlet = new StatusServlet(views);
        seriesServlet = new SeriesServlet(series.store, targets);
    }

    @AfterEach
    void close() throws Exception {
        if (series != null) {
            series.close();
        }
    }

    private ServletAnswer call(String method, String path, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, path, ADMIN, body), answer.response);
        return answer;
    }

    private JsonNode created(String body) throws Exception {
        ServletAnswer created = call("POST", null, body);
        assertEquals(201, created.status, created.text());
        return created.json();
    }

    /** A {@code GET} of another servlet, registered at {@code servletPath}. */
    private static JsonNode get(HttpServlet other, String servletPath, String... parameters) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        HttpServletRequest request = TestRequests.request("GET", null, ADMIN, null, parameters);
        when(request.getServletPath()).thenReturn(servletPath);
        other.service(request, answer.response);
        assertEquals(200, answer.status, answer.text());
        return answer.json();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void targetsCarryTheirEnglishNameAndARenameWithoutOneDropsIt(String kind) throws Exception {
        open(kind);
        JsonNode web = created("""
                {"name":"非税平台前端","nameEn":"Platform front end","kind":"test","settings":{},"labels":{"env":"prod"},
                 "intervalSeconds":30,"timeoutSeconds":10}""");
        long id = web.path("id").asLong();
        assertEquals("Platform front end", web.path("nameEn").asText());
        JsonNode other = created("{\"name\":\"非税平台数据库\",\"kind\":\"test\"}");
        assertTrue(other.path("nameEn").isNull(), "a target without an English name: " + other);

        JsonNode list = call("GET", null, null).json();
        assertEquals(List.of("Platform front end", "null"), List.of(list.get(0).path("nameEn").asText(), list.get(1).path("nameEn").asText()));
        assertEquals("Platform front end", call("GET", "/" + id, null).json().path("nameEn").asText());
        JsonNode status = get(statusServlet, "/api/monitoring/status");
        assertEquals("Platform front end", status.path("targets").get(0).path("nameEn").asText(), "the live status, for the tiles");

        ServletAnswer interval = call("PUT", "/" + id, "{\"intervalSeconds\":60}");
        assertEquals("Platform front end", interval.json().path("nameEn").asText(), interval.text());
        ServletAnswer renamed = call("PUT", "/" + id, "{\"name\":\"非税前端\"}");
        assertEquals(200, renamed.status, renamed.text());
        assertTrue(renamed.json().path("nameEn").isNull(), "renamed without an English name: " + renamed.text());
        assertEquals("Front end", call("PUT", "/" + id, "{\"nameEn\":\"Front end\"}").json().path("nameEn").asText());
        assertTrue(call("PUT", "/" + id, "{\"nameEn\":\"\"}").json().path("nameEn").isNull(), "an empty English name removes it");
        assertEquals(List.of("monitoring.target.create", "monitoring.target.create", "monitoring.target.update",
                "monitoring.target.update", "monitoring.target.update", "monitoring.target.update"),
                audit.events.stream().map(AuditEvent::action).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void badEnglishNamesAreRefusedNamingTheFieldAndChangeNothing(String kind) throws Exception {
        open(kind);
        created("{\"name\":\"非税平台前端\",\"nameEn\":\"Platform front end\",\"kind\":\"test\"}");
        long other = created("{\"name\":\"非税平台数据库\",\"kind\":\"test\"}").path("id").asLong();
        int audited = audit.events.size();

        ServletAnswer notText = call("POST", null, "{\"name\":\"备用数据库\",\"nameEn\":5,\"kind\":\"test\"}");
        assertEquals(400, notText.status, notText.text());
        assertTrue(notText.contentType.startsWith("application/problem+json"), notText.contentType);
        assertEquals(List.of("nameEn"), notText.fields());
        ServletAnswer taken = call("PUT", "/" + other, "{\"nameEn\":\"Platform front end\"}");
        assertEquals(400, taken.status, taken.text());
        assertTrue(taken.contentType.startsWith("application/problem+json"), taken.contentType);
        assertEquals(List.of("nameEn"), taken.fields());
        ServletAnswer tooLong = call("PUT", "/" + other, "{\"name\":\"新名称\",\"nameEn\":\"" + "D".repeat(101) + "\"}");
        assertEquals(400, tooLong.status, tooLong.text());
        assertEquals(List.of("nameEn"), tooLong.fields());

        JsonNode list = call("GET", null, null).json();
        assertEquals(2, list.size(), "nothing created");
        JsonNode unchanged = call("GET", "/" + other, null).json();
        assertEquals("非税平台数据库", unchanged.path("name").asText(), "nothing changed");
        assertTrue(unchanged.path("nameEn").isNull(), unchanged.toString());
        assertEquals(audited, audit.events.size(), "nothing audited");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void seriesAndAlertsNameTheirTargetInBothLanguages(String kind) throws Exception {
        open(kind);
        long web = created("{\"name\":\"非税平台前端\",\"nameEn\":\"Platform front end\",\"kind\":\"test\"}").path("id").asLong();
        long other = created("{\"name\":\"非税平台数据库\",\"kind\":\"test\"}").path("id").asLong();
        var now = series.clock.instant();
        series.store.write(web, now.minus(Duration.ofMinutes(1)), List.of(Sample.of("http_latency_ms", 120)));
        series.store.write(other, now.minus(Duration.ofMinutes(1)), List.of(Sample.of("db_query_ms", 8)));
        series.store.flush();

        JsonNode listed = get(seriesServlet, "/api/monitoring/series",
                "target", String.valueOf(web));
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("非税平台前端", listed.get(0).path("targetName").asText());
        assertEquals("Platform front end", listed.get(0).path("targetNameEn").asText());

        long webSeries = listed.get(0).path("id").asLong();
        long otherSeries = get(seriesServlet, "/api/monitoring/series",
                "metric", "db_query_ms").get(0).path("id").asLong();
        JsonNode queried = get(seriesServlet, "/api/monitoring/query",
                "series", webSeries + "," + otherSeries, "from", now.minus(Duration.ofHours(1)).toString(), "to", now.toString());
        Map<String, String> legends = new HashMap<>();
        queried.path("series").forEach(s -> legends.put(s.path("targetName").asText(), s.path("targetNameEn").asText()));
        assertEquals(Map.of("非税平台前端", "Platform front end", "非税平台数据库", "非税平台数据库"), legends,
                "the charts' series in English: the English name, or the one name");

        Target target = targets.find(web).orElseThrow();
        Alert alert = new Alert(1, 2, web, "2:1", "CRITICAL", "FIRING", "非税平台前端：目标不可用", "Platform front end: Target down",
                Map.of(), 0, now, now, null, null, null, null, null, null, null, null);
        Map<String, Object> view = Views.alert(alert, null, target);
        assertEquals(List.of("非税平台前端", "Platform front end"), List.of(view.get("targetName"), view.get("targetNameEn")));
        Map<String, Object> deleted = Views.alert(alert, null, null);
        assertEquals(List.of("", ""), List.of(deleted.get("targetName"), deleted.get("targetNameEn")), "a deleted target");
    }
}
