package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.channels.internal.TestReceiver.MESSAGE;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The WeCom group robot against a local receiver answering like WeCom. */
class WeComChannelTest {

    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    private final WeComChannel channel = new WeComChannel();
    private TestReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theRobotGetsAMarkdownMessageWithHeadingBodyLinkSourceAndBeijingTime() throws Exception {
        receiver = new TestReceiver().answer(200, OK);

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/cgi-bin/webhook/send?key=" + KEY)));

        TestReceiver.Request request = receiver.only();
        assertEquals("POST", request.method());
        assertEquals("/cgi-bin/webhook/send", request.path());
        assertEquals(KEY, request.query().get("key"));
        ObjectNode expected = new ObjectMapper().createObjectNode().put("msgtype", "markdown");
        expected.putObject("markdown").put("content", """
                ### [严重] 数据库主库不可用

                主库 10.0.3.21:3306 连续 3 次探测失败。
                已切换到只读模式。

                [查看详情](https://ops.example.gov.cn/#/monitoring)

                来源：monitoring　时间：2026-11-26 11:30:00""");
        assertEquals(expected, request.json());
    }

    @Test
    void aTestMessageIsMarkedAndALongBodyIsShortenedToTheRobotsLimit() throws Exception {
        receiver = new TestReceiver().answer(200, OK);
        OutgoingMessage longTest = new OutgoingMessage(1, MESSAGE.severity(), "巡检报告", "磁盘使用率".repeat(800), MESSAGE.link(),
                "inspection", MESSAGE.createdAt(), true);

        channel.deliver(longTest, Map.of("url", receiver.url("/cgi-bin/webhook/send?key=" + KEY)));

        String content = receiver.only().json().get("markdown").get("content").asText();
        assertTrue(content.startsWith("### 【测试消息】[严重] 巡检报告\n\n磁盘使用率"), content);
        assertTrue(content.contains("……（内容过长，已截断）"), content);
        assertTrue(content.endsWith("来源：inspection　时间：2026-11-26 11:30:00"), content);
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= WeComChannel.MAX_BYTES && bytes > WeComChannel.MAX_BYTES - 100, bytes + " bytes");
    }

    @Test
    void anInvalidKeyIsAPermanentFailureNamingErrcodeAndErrmsgButNotTheKey() throws Exception {
        receiver = new TestReceiver().answer(200,
                "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1732001] key " + KEY + " not found\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/cgi-bin/webhook/send?key=" + KEY))));

        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("93000"), failure.getMessage());
        assertTrue(failure.getMessage().contains("invalid webhook url"), failure.getMessage());
        assertTrue(failure.getMessage().contains("机器人已被移出群聊"), failure.getMessage());
        assertFalse(failure.getMessage().contains(KEY), failure.getMessage());
    }

    @Test
    void theRateLimitIsRetryable() throws Exception {
        receiver = new TestReceiver().answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/cgi-bin/webhook/send?key=" + KEY))));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("45009") && failure.getMessage().contains("api freq out of limit"), failure.getMessage());
    }

    @Test
    void anAnswerThatIsNotTheRobotsIsRetryableAndAServerErrorToo() throws Exception {
        receiver = new TestReceiver().answer(200, "<html>portal</html>");
        String url = receiver.url("/cgi-bin/webhook/send?key=" + KEY);

        assertFalse(assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url))).isPermanent());
        receiver.answer(502, "Bad Gateway");
        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url)));
        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("HTTP 502"), failure.getMessage());
    }

    @Test
    void noRobotListeningIsRetryable() throws Exception {
        String url = TestReceiver.nobodyListening("/cgi-bin/webhook/send?key=" + KEY);

        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url)));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("/cgi-bin/webhook/send?key=****"), failure.getMessage());
        assertFalse(failure.getMessage().contains(KEY), failure.getMessage());
    }

    @Test
    void anAddressWithoutKeyIsRefusedAndAnyHostWithAKeyTaken() {
        assertEquals(List.of(), channel.validate(Map.of("url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + KEY)));
        assertEquals(List.of(), channel.validate(Map.of("url", "http://127.0.0.1:8081/cgi-bin/webhook/send?key=abc")));

        for (String url : List.of("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?access_token=abc", "not a url")) {
            List<FieldError> errors = channel.validate(Map.of("url", url));
            assertEquals(List.of("url"), errors.stream().map(FieldError::field).toList(), url);
            assertTrue(errors.get(0).message().contains("key"), errors.get(0).message());
        }
    }
}
