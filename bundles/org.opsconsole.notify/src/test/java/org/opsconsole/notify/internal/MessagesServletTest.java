package org.opsconsole.notify.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_AUDIENCE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_MESSAGE;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing a notice. On H2. */
class MessagesServletTest {

    private TestNotify notify;
    private MessagesServlet servlet;

    @BeforeEach
    void start() throws Exception {
        notify = TestNotify.on("h2");
        servlet = new MessagesServlet(notify.notifier, notify.audit);
    }

    @AfterEach
    void stop() throws Exception {
        notify.close();
    }

    private ServletAnswer post(String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request("POST", null, TestNotify.ADMIN, body), answer.response);
        return answer;
    }

    @Test
    void badNoticesAnswer400NamingEachFieldAndSendNothing() throws Exception {
        ServletAnswer answer = post("{\"severity\":\"LOUD\",\"title\":\"\",\"link\":\"javascript:alert(1)\",\"users\":[\"\"],"
                + "\"channels\":[\"Bad\"]}");

        assertEquals(400, answer.status, answer.text());
        assertEquals(List.of("severity", "title", "link", "users", "channels"), answer.fields());
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_MESSAGE));
    }

    @Test
    void aNoticeWithoutAudienceGoesToTheOperationsTeamAndIsAudited() throws Exception {
        ServletAnswer answer = post("{\"severity\":\"WARNING\",\"title\":\"今晚 22:00 停机维护\",\"body\":\"预计一小时\",\"link\":\"/#/jobs\"}");

        assertEquals(201, answer.status, answer.text());
        long id = answer.json().path("id").asLong();
        assertEquals("console", notify.target.dsl().select(NOTIFY_MESSAGE.SOURCE).from(NOTIFY_MESSAGE).fetchOne(NOTIFY_MESSAGE.SOURCE));
        assertEquals(List.of("operator", "sysadmin"), notify.target.dsl().select(NOTIFY_AUDIENCE.NAME).from(NOTIFY_AUDIENCE)
                .where(NOTIFY_AUDIENCE.MESSAGE_ID.eq(id)).orderBy(NOTIFY_AUDIENCE.NAME).fetch(NOTIFY_AUDIENCE.NAME));
        assertEquals("notify.message.send", notify.audited.get(notify.audited.size() - 1).action());
        assertEquals(Long.toString(id), notify.audited.get(notify.audited.size() - 1).target());
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request("GET", null, TestNotify.ADMIN, null), answer.response);

        assertEquals(405, answer.status);
        assertEquals("POST", answer.headers.get("Allow"));
    }
}
