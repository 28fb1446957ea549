package org.opsconsole.notify.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_CHANNEL;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The channels API and the channel kinds: validation problems, 404s, secrets, and the test message. On H2. */
class ChannelsServletTest {

    private static final String PROBLEM = "application/problem+json;charset=utf-8";
    private static final String VALID = "{\"id\":\"ops-hook\",\"name\":\"运维中心\",\"type\":\"test-hook\",\"minSeverity\":\"WARNING\","
            + "\"settings\":{\"url\":\"https://hooks.example.cn/x\",\"token\":\"top-secret-token\",\"retries\":3}}";

    private TestNotify notify;
    private ChannelsServlet servlet;

    @BeforeEach
    void start() throws Exception {
        notify = TestNotify.on("h2");
        servlet = new ChannelsServlet(notify.channels);
    }

    @AfterEach
    void stop() throws Exception {
        notify.close();
    }

    private ServletAnswer call(String method, String pathInfo, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, pathInfo, TestNotify.ADMIN, body), answer.response);
        return answer;
    }

    @Test
    void badInputAnswers400NamingEachFieldAndStoresNothing() throws Exception {
        ServletAnswer answer = call("POST", null, "{\"name\":\" \",\"type\":\"test-hook\",\"minSeverity\":\"LOUD\","
                + "\"settings\":{\"url\":\"hooks.example.cn\",\"token\":\"\",\"cc\":\"a@b.cn;c\"}}");

        assertEquals(400, answer.status, answer.text());
        assertEquals(PROBLEM, answer.contentType);
        assertEquals(List.of("name", "minSeverity", "settings.url", "settings.token", "settings.cc"), answer.fields());
        JsonNode urlError = answer.json().path("errors").get(2);
        assertTrue(urlError.path("message").asText().contains("http"), urlError.toString());
        assertTrue(urlError.path("messageEn").asText().contains("http"), urlError.toString());
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
    }

    @Test
    void unknownFieldsNonJsonBodiesAndWrongValueTypesAnswer400() throws Exception {
        assertEquals(List.of("colour"), call("POST", null, "{\"name\":\"x\",\"type\":\"test-hook\",\"colour\":\"red\"}").fields());
        assertEquals(List.of("body"), call("POST", null, "not json").fields());
        assertEquals(List.of("body"), call("POST", null, "[1,2]").fields());
        assertEquals(List.of("enabled"), call("POST", null, "{\"name\":\"x\",\"type\":\"test-hook\",\"enabled\":\"yes\"}").fields());
        assertEquals(List.of("type"), call("POST", null, "{\"name\":\"x\",\"type\":\"smoke-signals\"}").fields());
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
    }

    @Test
    void aChannelIsCreatedWith201AndItsSecretIsNeverShownAgain() throws Exception {
        ServletAnswer created = call("POST", null, VALID);
        ServletAnswer list = call("GET", null, null);
        ServletAnswer one = call("GET", "/ops-hook", null);

        assertEquals(201, created.status, created.text());
        assertEquals("/api/notify/channels/ops-hook", created.headers.get("Location"));
        for (ServletAnswer answer : List.of(created, list, one)) {
            assertFalse(answer.text().contains("top-secret-token"), answer.text());
            assertFalse(answer.text().contains("sealed"), answer.text());
        }
        JsonNode channel = list.json().path("channels").get(0);
        assertEquals("ops-hook", channel.path("id").asText());
        assertEquals("运维中心", channel.path("name").asText());
        assertEquals("测试钩子", channel.path("typeTitle").path("zh-CN").asText());
        assertTrue(channel.path("installed").asBoolean());
        assertTrue(channel.path("enabled").asBoolean());
        assertEquals("WARNING", channel.path("minSeverity").asText());
        assertTrue(channel.path("settings").path("token").path("set").asBoolean());
        assertEquals("https://hooks.example.cn/x", channel.path("settings").path("url").asText());
        assertEquals("3", channel.path("settings").path("retries").asText());
        assertEquals(channel, one.json());
    }

    @Test
    void aTakenIdAnswers409NamingTheField() throws Exception {
        call("POST", null, VALID);

        ServletAnswer again = call("POST", null, VALID);

        assertEquals(409, again.status);
        assertEquals(List.of("id"), again.fields());
        assertEquals(1, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
    }

    @Test
    void anUpdateWithBadInputChangesNothingAndAGoodOneKeepsTheSecret() throws Exception {
        call("POST", null, VALID);

        ServletAnswer bad = call("PUT", "/ops-hook", "{\"name\":\"改名\",\"minSeverity\":\"LOUD\",\"type\":\"other\"}");
        ServletAnswer good = call("PUT", "/ops-hook", "{\"enabled\":false,\"settings\":{\"url\":\"https://hooks.example.cn/y\","
                + "\"token\":{\"set\":true}}}");

        assertEquals(400, bad.status);
        assertEquals(List.of("type", "minSeverity"), bad.fields());
        assertEquals(200, good.status, good.text());
        assertFalse(good.json().path("enabled").asBoolean());
        assertEquals("运维中心", good.json().path("name").asText());
        assertEquals("https://hooks.example.cn/y", good.json().path("settings").path("url").asText());
        assertTrue(good.json().path("settings").path("token").path("set").asBoolean());
        assertEquals("3", good.json().path("settings").path("retries").asText(), "a setting not given is kept");
        ServletAnswer cleared = call("PUT", "/ops-hook", "{\"settings\":{\"retries\":\"\"}}");
        assertTrue(cleared.json().path("settings").path("retries").isMissingNode(), cleared.text());
    }

    @Test
    void unknownIdsAndPathsAnswer404() throws Exception {
        assertEquals(404, call("GET", "/nothing", null).status);
        assertEquals(404, call("PUT", "/nothing", "{\"name\":\"x\"}").status);
        assertEquals(404, call("DELETE", "/nothing", null).status);
        assertEquals(404, call("POST", "/nothing/test", null).status);
        assertEquals(404, call("GET", "/Not An Id", null).status);
        assertEquals(404, call("GET", "/a/b/c", null).status);
        assertEquals(404, call("POST", "/ops-hook/other", null).status);
    }

    @Test
    void theTestRouteReportsTheReceiversErrorAndRecordsTheOutcome() throws Exception {
        call("POST", null, VALID);
        notify.channel.failWith("errcode 93000: invalid webhook url / 无效的机器人地址", true);

        ServletAnswer failed = call("POST", "/ops-hook/test", null);
        notify.channel.behaviour = (message, settings) -> {
        };
        ServletAnswer delivered = call("POST", "/ops-hook/test", null);

        assertEquals(502, failed.status, failed.text());
        assertEquals(PROBLEM, failed.contentType);
        assertEquals("errcode 93000: invalid webhook url / 无效的机器人地址", failed.json().path("detail").asText());
        assertEquals(200, delivered.status, delivered.text());
        assertTrue(delivered.json().path("delivered").asBoolean());
        assertEquals(List.of("FAILED", "SENT"), notify.deliveries().stream().map(d -> d.getState()).toList());
        assertEquals(Set.of("notify.channel.create", "notify.channel.test"),
                Set.copyOf(notify.audited.stream().map(a -> a.action()).toList()));
    }

    @Test
    void theTestOfAChannelWhoseKindIsNotInstalledAnswers409() throws Exception {
        call("POST", null, VALID);
        notify.kinds.remove("test");

        ServletAnswer answer = call("POST", "/ops-hook/test", null);
        ServletAnswer list = call("GET", null, null);

        assertEquals(409, answer.status);
        assertTrue(answer.json().path("detail").asText().contains("test-hook"));
        assertFalse(list.json().path("channels").get(0).path("installed").asBoolean());
        assertTrue(list.json().path("channels").get(0).path("typeTitle").isNull());
    }

    @Test
    void deletingAnswers204AndWrongMethods405WithWhatIsAllowed() throws Exception {
        call("POST", null, VALID);

        ServletAnswer deleted = call("DELETE", "/ops-hook", null);
        ServletAnswer put = call("PUT", null, "{}");
        ServletAnswer getTest = call("GET", "/ops-hook/test", null);

        assertEquals(204, deleted.status);
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
        assertEquals(405, put.status);
        assertEquals("GET, HEAD, POST", put.headers.get("Allow"));
        assertEquals(405, getTest.status);
        assertEquals("POST", getTest.headers.get("Allow"));
    }

    @Test
    void theChannelTypesListTheInstalledKindsWithTheirFields() throws Exception {
        ServletAnswer answer = new ServletAnswer();
        new ChannelTypesServlet(notify.kinds).service(TestRequests.request("GET", null, TestNotify.ADMIN, null), answer.response);

        JsonNode type = answer.json().path("types").get(0);
        assertEquals("test-hook", type.path("type").asText());
        assertEquals("Test hook", type.path("title").path("en").asText());
        assertEquals(5, type.path("fields").size());
        JsonNode token = type.path("fields").get(1);
        assertEquals("token", token.path("name").asText());
        assertEquals("SECRET", token.path("kind").asText());
        assertTrue(token.path("required").asBoolean());
        assertEquals("令牌", token.path("label").path("zh-CN").asText());
    }
}
