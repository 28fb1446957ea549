package org.opsconsole.notify.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.security.ConsoleUser;

import com.fasterxml.jackson.databind.JsonNode;

/** The inbox API. On H2. */
class InboxServletTest {

    private static final ConsoleUser OPERATOR = TestNotify.user("zhang.wei", Set.of("operator"));

    private TestNotify notify;
    private InboxServlet servlet;

    @BeforeEach
    void start() throws Exception {
        notify = TestNotify.on("h2");
        servlet = new InboxServlet(new Inbox(notify.database(), notify.events, notify.clock));
    }

    @AfterEach
    void stop() throws Exception {
        notify.close();
    }

    private ServletAnswer call(String method, String pathInfo, String... parameters) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, pathInfo, OPERATOR, null, parameters), answer.response);
        return answer;
    }

    @Test
    void theListCountAndReadMarksFollowTheUser() throws Exception {
        long first = notify.notifier.send(Notification.builder(Severity.CRITICAL, "数据库不可用").body("主库连接失败").link("/#/monitoring")
                .source("monitoring").build());
        notify.notifier.send(Notification.builder(Severity.INFO, "给别人").audience(Audience.ofUsers("li.na")).build());
        notify.notifier.send(Notification.builder(Severity.INFO, "备份完成").audience(Audience.ofUsers("zhang.wei")).build());

        JsonNode list = call("GET", null, "limit", "1").json();
        assertEquals(1, list.path("messages").size());
        assertTrue(list.path("more").asBoolean());
        assertEquals(2, list.path("unread").asInt());
        JsonNode older = call("GET", "/", "before", list.path("messages").get(0).path("id").asText()).json().path("messages").get(0);
        assertEquals(first, older.path("id").asLong());
        assertEquals("数据库不可用", older.path("title").asText());
        assertEquals("主库连接失败", older.path("body").asText());
        assertEquals("CRITICAL", older.path("severity").asText());
        assertEquals("/#/monitoring", older.path("link").asText());
        assertEquals("monitoring", older.path("source").asText());
        assertEquals("2026-11-26T08:00:00Z", older.path("createdAt").asText());
        assertFalse(older.path("read").asBoolean());

        assertEquals(1, call("POST", "/" + first + "/read").json().path("unread").asInt());
        assertEquals(1, call("GET", "/count").json().path("unread").asInt());
        assertEquals(1, call("GET", null, "unread", "true").json().path("messages").size());
        JsonNode all = call("POST", "/read-all").json();
        assertEquals(1, all.path("marked").asInt());
        assertEquals(0, all.path("unread").asInt());
    }

    @Test
    void badParametersAnswer400NamingEachOne() throws Exception {
        ServletAnswer answer = call("GET", null, "unread", "maybe", "limit", "500", "before", "-3");

        assertEquals(400, answer.status);
        assertEquals(List.of("unread", "limit", "before"), answer.fields());
    }

    @Test
    void unknownMessagesAndPathsAnswer404AndWrongMethods405() throws Exception {
        long hidden = notify.notifier.send(Notification.builder(Severity.INFO, "给别人").audience(Audience.ofUsers("li.na")).build());

        assertEquals(404, call("POST", "/" + hidden + "/read").status);
        assertEquals(404, call("POST", "/999/read").status);
        assertEquals(404, call("POST", "/abc/read").status);
        assertEquals(404, call("GET", "/other").status);
        ServletAnswer getRead = call("GET", "/read-all");
        assertEquals(405, getRead.status);
        assertEquals("POST", getRead.headers.get("Allow"));
    }
}
