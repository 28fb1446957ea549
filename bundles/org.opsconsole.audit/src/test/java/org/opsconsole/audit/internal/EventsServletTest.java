package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

import com.fasterxml.jackson.databind.JsonNode;

class EventsServletTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The node's data folder, which holds its anchor of the trail. */
    @TempDir
    Path data;

    @Test
    void badParametersAreAnswered400NamingEachAndNothingIsLookedUp() throws Exception {
        AuditTrail trail = mock(AuditTrail.class);
        TestHttp.Answer answer = new TestHttp.Answer();

        new EventsServlet(trail, SHANGHAI).service(TestHttp.request("GET", "auditor", "from", "last week", "size", "0",
                "outcome", "OK", "page", "-2"), answer.response);

        assertEquals(400, answer.status);
        assertEquals("application/problem+json;charset=utf-8", answer.contentType);
        JsonNode problem = answer.json();
        assertEquals("about:blank", problem.path("type").asText());
        assertEquals("Bad Request", problem.path("title").asText());
        assertEquals(400, problem.path("status").asInt());
        assertFalse(problem.path("detail").asText().isEmpty());
        List<String> fields = problem.path("errors").findValuesAsText("field");
        assertEquals(List.of("from", "outcome", "page", "size"), fields);
        assertFalse(problem.path("errors").get(0).path("message").asText().isEmpty());
        verifyNoInteractions(trail);
    }

    @Test
    void aPageOfRecordsIsAnsweredNewestFirstWithTheTotal() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                    new StepClock(Instant.parse("2026-11-26T01:00:00.250Z"), Duration.ofMinutes(1)), AuditTrail.BATCH);
            trail.record(new AuditEvent("admin", "10.0.0.1", "login", "admin", Outcome.SUCCESS, ""));
            trail.record(new AuditEvent("admin", "10.0.0.1", "security.user.create", "张三", Outcome.SUCCESS, "roles [operator]"));
            trail.record(new AuditEvent("bob", "10.0.0.2", "login", "bob", Outcome.DENIED, "bad password"));
            TestHttp.Answer answer = new TestHttp.Answer();

            new EventsServlet(trail, SHANGHAI).service(TestHttp.request("GET", "auditor", "user", "admin", "size", "1"),
                    answer.response);

            assertEquals(200, answer.status);
            assertEquals("application/json;charset=utf-8", answer.contentType);
            JsonNode page = answer.json();
            assertEquals(2, page.path("total").asLong());
            assertEquals(0, page.path("page").asInt());
            assertEquals(1, page.path("size").asInt());
            assertEquals(1, page.path("events").size());
            JsonNode event = page.path("events").get(0);
            assertTrue(event.path("id").isIntegralNumber());
            assertEquals("2026-11-26T01:01:00.250Z", event.path("occurredAt").asText());
            assertEquals("admin", event.path("actor").asText());
            assertEquals("10.0.0.1", event.path("source").asText());
            assertEquals("security.user.create", event.path("action").asText());
            assertEquals("张三", event.path("target").asText());
            assertEquals("SUCCESS", event.path("outcome").asText());
            assertEquals("roles [operator]", event.path("detail").asText());
            assertFalse(event.has("hash"));
        }
    }

    @Test
    void anyMethodButGetIsAnswered405() throws Exception {
        AuditTrail trail = mock(AuditTrail.class);
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            TestHttp.Answer answer = new TestHttp.Answer();

            new EventsServlet(trail, SHANGHAI).service(TestHttp.request(method, "admin"), answer.response);

            assertEquals(405, answer.status, method);
            assertEquals("GET, HEAD", answer.headers.get("Allow"));
            assertEquals("application/problem+json;charset=utf-8", answer.contentType);
            assertEquals(405, answer.json().path("status").asInt());
        }
        verifyNoInteractions(trail);
    }
}
