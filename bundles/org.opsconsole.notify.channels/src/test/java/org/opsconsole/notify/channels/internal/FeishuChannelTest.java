package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.channels.internal.TestReceiver.MESSAGE;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Feishu group robot against a local receiver answering like Feishu. */
class FeishuChannelTest {

    private static final String HOOK = "/open-apis/bot/v2/hook/2d6b1c0e-8f3a-4e7b-9c5d-1a2b3c4d5e6f";
    private static final String TOKEN = "2d6b1c0e-8f3a-4e7b-9c5d-1a2b3c4d5e6f";
    private static final String SECRET = "qK8vT3mZ9wR2xY7bN4cL1d";
    private static final String OK = "{\"code\":0,\"data\":{},\"msg\":\"success\"}";

    private final FeishuChannel channel = new FeishuChannel();
    private TestReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theRobotGetsAPlainTextMessageWithoutSignatureWhenNoSecretIsSet() throws Exception {
        receiver = new TestReceiver().answer(200, OK);

        channel.deliver(MESSAGE, Map.of("url", receiver.url(HOOK)));

        TestReceiver.Request request = receiver.only();
        assertEquals(HOOK, request.path());
        ObjectNode expected = new ObjectMapper().createObjectNode().put("msg_type", "text");
        expected.putObject("content").put("text", """
                [严重] 数据库主库不可用
                主库 10.0.3.21:3306 连续 3 次探测失败。
                已切换到只读模式。

                详情：https://ops.example.gov.cn/#/monitoring
                来源：monitoring
                时间：2026-11-26 11:30:00（北京时间）""");
        assertEquals(expected, request.json());
    }

    @Test
    void withASecretTheBodyCarriesTheTimestampAndTheDocumentedSign() throws Exception {
        receiver = new TestReceiver().answer(200, OK);
        long before = Instant.now().getEpochSecond();

        channel.deliver(TestReceiver.asTest(MESSAGE), Map.of("url", receiver.url(HOOK), "secret", SECRET));

        JsonNode json = receiver.only().json();
        assertEquals(Set.of("timestamp", "sign", "msg_type", "content"), names(json));
        assertTrue(json.get("timestamp").isTextual(), "the timestamp is a string");
        String timestamp = json.get("timestamp").asText();
        assertTrue(Long.parseLong(timestamp) >= before && Long.parseLong(timestamp) <= Instant.now().getEpochSecond(), timestamp);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals(Base64.getEncoder().encodeToString(mac.doFinal()), json.get("sign").asText());
        assertTrue(json.get("content").get("text").asText().startsWith("【测试消息】[严重] 数据库主库不可用\n"));
    }

    @Test
    void aSignatureMismatchAnsweredWith400IsPermanentAndHidesTokenAndSecret() throws Exception {
        receiver = new TestReceiver().answer(400,
                "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url(HOOK), "secret", SECRET)));

        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("19021") && failure.getMessage().contains("sign match fail"), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN), failure.getMessage());
        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
    }

    @ParameterizedTest(name = "code {0} is retried")
    @CsvSource({"9499, too many request", "11232, frequency limited"})
    void theRateLimitsAreRetryable(int code, String message) throws Exception {
        receiver = new TestReceiver().answer(200, "{\"code\":" + code + ",\"msg\":\"" + message + "\"}");

        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", receiver.url(HOOK))));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains(Integer.toString(code)) && failure.getMessage().contains(message), failure.getMessage());
    }

    @Test
    void anOlderRobotsStatusCodeIsRead() throws Exception {
        receiver = new TestReceiver().answer(200, "{\"Extra\":null,\"StatusCode\":0,\"StatusMessage\":\"success\"}");
        channel.deliver(MESSAGE, Map.of("url", receiver.url(HOOK)));

        receiver.answer(200, "{\"StatusCode\":19024,\"StatusMessage\":\"Key Words Not Found\"}");
        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", receiver.url(HOOK))));
        assertTrue(failure.isPermanent());
        assertTrue(failure.getMessage().contains("19024") && failure.getMessage().contains("Key Words Not Found"), failure.getMessage());
    }

    @Test
    void noRobotListeningIsRetryable() throws Exception {
        String url = TestReceiver.nobodyListening(HOOK);

        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url)));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("/open-apis/bot/v2/hook/****"), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN), failure.getMessage());
    }

    @Test
    void anAddressThatIsNotARobotsWebhookIsRefused() {
        assertEquals(List.of(), channel.validate(Map.of("url", "https://open.feishu.cn" + HOOK, "secret", SECRET)));
        assertEquals(List.of(), channel.validate(Map.of("url", "https://open.larksuite.com" + HOOK)));

        for (String url : List.of("https://open.feishu.cn/open-apis/bot/v2/hook/", "https://open.feishu.cn/open-apis/bot/v2/", "mailto:ops@example.gov.cn")) {
            assertEquals(List.of("url"), channel.validate(Map.of("url", url)).stream().map(FieldError::field).toList(), url);
        }
    }

    private static Set<String> names(JsonNode json) {
        Set<String> names = new HashSet<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
