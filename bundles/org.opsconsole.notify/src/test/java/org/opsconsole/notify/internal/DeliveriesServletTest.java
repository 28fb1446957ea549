package org.opsconsole.notify.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;

import com.fasterxml.jackson.databind.JsonNode;

/** The delivery log API: the list and its filters, and retrying. On H2. */
class DeliveriesServletTest {

    private TestNotify notify;
    private DeliveriesServlet servlet;

    @BeforeEach
    void start() throws Exception {
        notify = TestNotify.on("h2");
        servlet = new DeliveriesServlet(new DeliveryLog(notify.database(), notify.audit, notify.worker, notify.clock));
        notify.addChannel("ops-hook", "INFO", true);
        notify.addChannel("ops-mail", "CRITICAL", true);
    }

    @AfterEach
    void stop() throws Exception {
        notify.close();
    }

    private ServletAnswer call(String method, String pathInfo, String... parameters) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, pathInfo, TestNotify.ADMIN, null, parameters), answer.response);
        return answer;
    }

    @Test
    void theLogShowsEachDeliveryWithItsMessageChannelAndErrorFilteredByState() throws Exception {
        notify.notifier.send(Notification.builder(Severity.CRITICAL, "数据库不可用").source("monitoring").build());
        notify.channel.failWith("HTTP 403: 签名错误", true);
        notify.worker.runOnce();
        notify.notifier.send(Notification.builder(Severity.INFO, "备份完成").build());

        JsonNode all = call("GET", null).json();
        JsonNode failed = call("GET", null, "state", "failed").json();

        assertEquals(3, all.path("deliveries").size());
        assertEquals(1, all.path("counts").path("PENDING").asInt());
        assertEquals(2, all.path("counts").path("FAILED").asInt());
        assertEquals(0, all.path("counts").path("SENT").asInt());
        assertEquals(2, failed.path("deliveries").size());
        JsonNode entry = failed.path("deliveries").get(0);
        assertEquals("FAILED", entry.path("state").asText());
        assertEquals("HTTP 403: 签名错误", entry.path("lastError").asText());
        assertEquals(1, entry.path("attempts").asInt());
        assertEquals(10, entry.path("maxAttempts").asInt());
        assertTrue(entry.path("nextAttemptAt").isNull());
        assertEquals("数据库不可用", entry.path("message").path("title").asText());
        assertEquals("CRITICAL", entry.path("message").path("severity").asText());
        assertEquals("渠道 ops-mail", entry.path("channel").path("name").asText());
        assertEquals(1, call("GET", null, "channel", "ops-hook", "state", "FAILED").json().path("deliveries").size());
        JsonNode pending = all.path("deliveries").get(0);
        assertEquals("PENDING", pending.path("state").asText());
        assertEquals("2026-11-26T08:00:00Z", pending.path("nextAttemptAt").asText());
    }

    @Test
    void aFailedDeliveryIsRetriedWithItsAttemptsFromZeroAndOthersAreRefused() throws Exception {
        notify.notifier.send(Notification.builder(Severity.INFO, "备份完成").build());
        notify.channel.failWith("bad token", true);
        notify.worker.runOnce();
        long id = notify.deliveries().get(0).getId();

        ServletAnswer retried = call("POST", "/" + id + "/retry");
        ServletAnswer again = call("POST", "/" + id + "/retry");

        assertEquals(200, retried.status, retried.text());
        assertEquals("PENDING", notify.delivery(id).getState());
        assertEquals(0, notify.delivery(id).getAttempts());
        assertEquals("bad token", notify.delivery(id).getLastError(), "the last error stays until the next attempt");
        assertEquals(409, again.status, "a pending delivery is not retried");
        assertEquals("notify.delivery.retry", notify.audited.get(notify.audited.size() - 1).action());
        notify.channel.behaviour = (message, settings) -> {
        };
        notify.worker.runOnce();
        assertEquals("SENT", notify.delivery(id).getState());
        assertEquals(404, call("POST", "/" + (id + 100) + "/retry").status);
    }

    @Test
    void aRetryTheAuditTrailCannotRecordIsNotMade() throws Exception {
        notify.notifier.send(Notification.builder(Severity.INFO, "备份完成").build());
        notify.channel.failWith("bad token", true);
        notify.worker.runOnce();
        long id = notify.deliveries().get(0).getId();
        DeliveriesServlet unaudited = new DeliveriesServlet(new DeliveryLog(notify.database(), event -> {
            throw new IllegalStateException("the audit trail is not available");
        }, notify.worker, notify.clock));

        ServletAnswer answer = new ServletAnswer();
        unaudited.service(TestRequests.request("POST", "/" + id + "/retry", TestNotify.ADMIN, null), answer.response);

        assertEquals(500, answer.status);
        assertEquals("FAILED", notify.delivery(id).getState());
        assertEquals(1, notify.delivery(id).getAttempts());
    }

    @Test
    void badFiltersAnswer400NamingEachAndUnknownPaths404() throws Exception {
        ServletAnswer answer = call("GET", null, "state", "LOST", "limit", "0", "channel", "Bad Id", "before", "x");

        assertEquals(400, answer.status);
        assertEquals(List.of("state", "channel", "limit", "before"), answer.fields());
        assertEquals(404, call("POST", "/1/other").status);
        assertEquals(404, call("GET", "/1").status);
        assertEquals(405, call("GET", "/1/retry").status);
    }
}
