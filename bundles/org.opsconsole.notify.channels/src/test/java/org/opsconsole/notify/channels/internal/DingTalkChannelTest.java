package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.channels.internal.TestReceiver.MESSAGE;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The DingTalk group robot against a local receiver answering like DingTalk. */
class DingTalkChannelTest {

    private static final String TOKEN = "f3a9c0d27e514b8c9a6e0b1d2c3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";
    private static final String SECRET = "SEC4b1f0c8e2a7d9356e1c4b8a0f2d6e9c3b7a5f1d8e2c6b0a4f9e3d7c1b5a8f2e6";
    private static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    private final DingTalkChannel channel = new DingTalkChannel();
    private TestReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theRobotGetsAMarkdownMessageWithATitle() throws Exception {
        receiver = new TestReceiver().answer(200, OK);

        channel.deliver(TestReceiver.asTest(MESSAGE), Map.of("url", receiver.url("/robot/send?access_token=" + TOKEN)));

        TestReceiver.Request request = receiver.only();
        assertEquals("/robot/send", request.path());
        assertEquals(Map.of("access_token", TOKEN), request.query());
        ObjectNode expected = new ObjectMapper().createObjectNode().put("msgtype", "markdown");
        expected.putObject("markdown").put("title", "【测试消息】[严重] 数据库主库不可用").put("text", """
                ### 【测试消息】[严重] 数据库主库不可用

                主库 10.0.3.21:3306 连续 3 次探测失败。
                已切换到只读模式。

                [查看详情](https://ops.example.gov.cn/#/monitoring)

                来源：monitoring　时间：2026-11-26 11:30:00""");
        assertEquals(expected, request.json());
    }

    @Test
    void withASecretTheAddressCarriesTheTimestampAndTheDocumentedSign() throws Exception {
        receiver = new TestReceiver().answer(200, OK);
        long before = Instant.now().toEpochMilli();

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/robot/send?access_token=" + TOKEN), "secret", SECRET));

        TestReceiver.Request request = receiver.only();
        Map<String, String> query = request.query();
        assertEquals(TOKEN, query.get("access_token"));
        long timestamp = Long.parseLong(query.get("timestamp"));
        assertTrue(timestamp >= before && timestamp <= Instant.now().toEpochMilli(), "timestamp in milliseconds: " + timestamp);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, query.get("sign"));
        // Base64 of 32 bytes ends in one '=', which must arrive URL-encoded, as must any '+' or '/'
        assertTrue(request.rawParameter("sign").matches("[A-Za-z0-9%]+%3D"), request.rawParameter("sign"));
        assertFalse(request.text().contains(SECRET));
    }

    @Test
    void withoutASecretNothingIsAddedToTheAddress() throws Exception {
        receiver = new TestReceiver().answer(200, OK);

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/robot/send?access_token=" + TOKEN)));

        assertNull(receiver.only().query().get("sign"));
        assertNull(receiver.only().query().get("timestamp"));
    }

    @Test
    void aSignatureKeywordOrAddressMismatchIsPermanentAndHidesTokenAndSecret() throws Exception {
        receiver = new TestReceiver().answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/robot/send?access_token=" + TOKEN), "secret", SECRET)));

        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("310000") && failure.getMessage().contains("sign not match"), failure.getMessage());
        assertTrue(failure.getMessage().contains("加签密钥"), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN), failure.getMessage());
        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
    }

    @Test
    void sendingTooFastIsRetryable() throws Exception {
        receiver = new TestReceiver().answer(200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/robot/send?access_token=" + TOKEN))));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("130101") && failure.getMessage().contains("send too fast"), failure.getMessage());
    }

    @Test
    void noRobotListeningIsRetryable() throws Exception {
        String url = TestReceiver.nobodyListening("/robot/send?access_token=" + TOKEN);

        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url, "secret", SECRET)));

        assertFalse(failure.isPermanent());
        assertFalse(failure.getMessage().contains(TOKEN), failure.getMessage());
    }

    @Test
    void anAddressWithoutTokenOrWithItsOwnSignatureAndASecretNotFromDingTalkAreRefused() {
        assertEquals(List.of(), channel.validate(Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, "secret", SECRET)));

        assertEquals(List.of("url"), fields(channel.validate(Map.of("url", "https://oapi.dingtalk.com/robot/send"))));
        assertEquals(List.of("url"), fields(channel.validate(Map.of("url",
                "https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN + "&timestamp=1&sign=abc"))));
        List<FieldError> errors = channel.validate(Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, "secret", TOKEN));
        assertEquals(List.of("secret"), fields(errors));
        assertTrue(errors.get(0).message().contains("SEC"), errors.get(0).message());
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
