package org.opsconsole.monitoring.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestRequests;
import org.opsconsole.testing.TestUsers;

/** The rules' REST routes: what a request becomes, field errors for bad input, built-in rules kept, audited changes. */
class RulesServletTest {

    private static final ConsoleUser ADMIN = TestUsers.user("admin", "系统管理员", Set.of("sysadmin"), "monitoring.read", "monitoring.configure");

    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private TestDatabases.Target db;
    private RuleStore rules;
    private RulesServlet servlet;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.create("h2", "monitoring");
        rules = new RuleStore(db.database(), audited::add, new MutableClock(Instant.parse("2026-11-27T00:00:00Z")));
        servlet = new RulesServlet(rules);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private ServletAnswer call(String method, String path, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, path, ADMIN, body), answer.response);
        return answer;
    }

    @Test
    void aRuleIsCreatedChangedAndItsClearThresholdClearedWithNull() throws Exception {
        ServletAnswer created = call("POST", null, """
                {"name":"前端响应慢","kind":"THRESHOLD","metric":"http_latency_ms","aggregation":"avg","windowSeconds":60,
                 "op":">","threshold":1000,"clearThreshold":800,"forSeconds":60,"severity":"WARNING","channels":["ops-team"],
                 "escalateMinutes":30,"escalateRoles":["sysadmin"]}""");
        assertEquals(201, created.status, created.text());
        long id = created.json().path("id").asLong();
        assertEquals(800, created.json().path("clearThreshold").asDouble());
        ServletAnswer changed = call("PUT", "/" + id, "{\"clearThreshold\":null,\"escalateMinutes\":null,\"threshold\":1500.5}");
        assertEquals(200, changed.status, changed.text());
        assertTrue(changed.json().path("clearThreshold").isNull(), changed.text());
        assertTrue(changed.json().path("escalateMinutes").isNull(), changed.text());
        assertEquals(1500.5, changed.json().path("threshold").asDouble());
        assertEquals("avg", changed.json().path("aggregation").asText(), "what was not given is kept");
        assertEquals(List.of("monitoring.rule.create", "monitoring.rule.update"), audited.stream().map(AuditEvent::action).toList());
        assertEquals(204, call("DELETE", "/" + id, null).status);
        assertEquals(404, call("GET", "/" + id, null).status);
    }

    @Test
    void badInputIsRefusedNamingTheFieldsAndChangesNothing() throws Exception {
        ServletAnswer refused = call("POST", null, """
                {"name":"x","metric":"bad metric","op":"~","threshold":"high","windowSeconds":1.5,"colour":"red"}""");
        assertEquals(400, refused.status, refused.text());
        assertTrue(refused.contentType.startsWith("application/problem+json"), refused.contentType);
        assertTrue(refused.fields().containsAll(List.of("threshold", "windowSeconds", "colour")), refused.fields().toString());
        ServletAnswer checked = call("POST", null, "{\"name\":\"x\",\"metric\":\"bad metric\",\"op\":\"~\",\"threshold\":1}");
        assertEquals(400, checked.status, checked.text());
        assertTrue(checked.fields().containsAll(List.of("metric", "op")), checked.fields().toString());
        assertEquals(400, call("POST", null, "[1,2]").status);
        assertTrue(rules.list().isEmpty());
        assertTrue(audited.isEmpty());
        assertEquals(405, call("PATCH", null, "{}").status);
        assertEquals(404, call("GET", "/abc", null).status);
    }

    @Test
    void aBuiltInRuleCanBeDisabledButNotDeleted() throws Exception {
        var change = rules.createBuiltIn(new org.opsconsole.monitoring.internal.alerts.RuleInput("目标不可用", "探测连续失败。", "THRESHOLD",
                "up", null, null, "<", 1.0, null, 30, null, null, null, "CRITICAL", null, null, null, null, null), "Target down",
                "Probes keep failing.", "system", "");
        long id = ((RuleStore.Change.Done) change).rule().id();
        ServletAnswer refused = call("DELETE", "/" + id, null);
        assertEquals(400, refused.status, refused.text());
        assertEquals(200, call("PUT", "/" + id, "{\"enabled\":false}").status);
        assertEquals(false, rules.find(id).orElseThrow().enabled());
    }

    @Test
    void rulesCarryTheirEnglishTextsOrTheirOneNameAndDescription() throws Exception {
        var change = rules.createBuiltIn(new org.opsconsole.monitoring.internal.alerts.RuleInput("目标不可用", "探测连续失败。", "THRESHOLD",
                "up", null, null, "<", 1.0, null, 30, null, null, null, "CRITICAL", null, null, null, null, null), "Target down",
                "Probes keep failing.", "system", "");
        long id = ((RuleStore.Change.Done) change).rule().id();
        ServletAnswer builtIn = call("GET", "/" + id, null);
        assertEquals("目标不可用", builtIn.json().path("name").asText());
        assertEquals("Target down", builtIn.json().path("nameEn").asText());
        assertEquals("Probes keep failing.", builtIn.json().path("descriptionEn").asText());

        ServletAnswer renamed = call("PUT", "/" + id, "{\"name\":\"前端不可用\"}");
        assertEquals(200, renamed.status, renamed.text());
        assertEquals("前端不可用", renamed.json().path("nameEn").asText(), "a changed name is shown in English as typed");
        assertEquals("Probes keep failing.", renamed.json().path("descriptionEn").asText(), "the description was not changed");

        ServletAnswer created = call("POST", null, """
                {"name":"前端响应慢","description":"超过一秒","metric":"http_latency_ms","op":">","threshold":1000}""");
        assertEquals(201, created.status, created.text());
        assertEquals("前端响应慢", created.json().path("nameEn").asText());
        assertEquals("超过一秒", created.json().path("descriptionEn").asText());
    }
}
