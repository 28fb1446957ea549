package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.channels.internal.TestReceiver.MESSAGE;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/** The generic webhook against a local receiver. */
class WebhookChannelTest {

    private static final String SECRET = "7f3c1e9a5b2d48e6a0c4f1b9d3e7a2c5";

    private final WebhookChannel channel = new WebhookChannel();
    private TestReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theReceiverGetsTheDocumentedJsonWithoutSignatureHeadersWhenNoSecretIsSet() throws Exception {
        receiver = new TestReceiver().answer(204, "");

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/hooks/ops?team=dba")));

        TestReceiver.Request request = receiver.only();
        assertEquals("POST", request.method());
        assertEquals("/hooks/ops", request.path());
        assertEquals("team=dba", request.rawQuery());
        assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
        JsonNode json = request.json();
        assertEquals(Set.of("id", "severity", "title", "body", "link", "source", "createdAt", "test"), Set.copyOf(fieldNames(json)));
        assertEquals(4711, json.get("id").asLong());
        assertEquals("CRITICAL", json.get("severity").asText());
        assertEquals("数据库主库不可用", json.get("title").asText());
        assertEquals("主库 10.0.3.21:3306 连续 3 次探测失败。\n已切换到只读模式。", json.get("body").asText());
        assertEquals("https://ops.example.gov.cn/#/monitoring", json.get("link").asText());
        assertEquals("monitoring", json.get("source").asText());
        assertEquals("2026-11-26T03:30:00Z", json.get("createdAt").asText());
        assertFalse(json.get("test").asBoolean());
        assertTrue(json.get("test").isBoolean());
        assertNull(request.header(WebhookChannel.TIMESTAMP_HEADER));
        assertNull(request.header(WebhookChannel.SIGNATURE_HEADER));
    }

    @Test
    void aMessageWithoutLinkHasLinkNullAndATestMessageHasTestTrue() throws Exception {
        receiver = new TestReceiver();
        OutgoingMessage message = new OutgoingMessage(1, Severity.INFO, "测试", "", Optional.empty(), "notify", Instant.EPOCH, true);

        channel.deliver(message, Map.of("url", receiver.url("/")));

        JsonNode json = receiver.only().json();
        assertTrue(json.get("link").isNull());
        assertTrue(json.get("test").asBoolean());
        assertEquals("INFO", json.get("severity").asText());
        assertEquals("", json.get("body").asText());
    }

    @Test
    void withASecretTheSignatureIsTheHmacOfTimestampDotBodyAsDocumented() throws Exception {
        receiver = new TestReceiver();
        long before = Instant.now().getEpochSecond();

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/hook"), "secret", SECRET));

        TestReceiver.Request request = receiver.only();
        String timestamp = request.header("X-Opsconsole-Timestamp");
        long seconds = Long.parseLong(timestamp);
        assertTrue(seconds >= before && seconds <= Instant.now().getEpochSecond(), "timestamp " + timestamp + " is now, in seconds");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
        assertEquals(expected, request.header("X-Opsconsole-Signature"));
    }

    @Test
    void theSignatureChangesWithTheBody() {
        Instant now = Instant.parse("2026-11-26T03:30:00Z");
        Map<String, String> first = WebhookChannel.signatureHeaders(SECRET, now, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> second = WebhookChannel.signatureHeaders(SECRET, now, "{\"id\":2}".getBytes(StandardCharsets.UTF_8));

        assertEquals("1795663800", first.get(WebhookChannel.TIMESTAMP_HEADER));
        assertTrue(first.get(WebhookChannel.SIGNATURE_HEADER).matches("sha256=[0-9a-f]{64}"));
        assertFalse(first.get(WebhookChannel.SIGNATURE_HEADER).equals(second.get(WebhookChannel.SIGNATURE_HEADER)));
    }

    @ParameterizedTest(name = "HTTP {0} is delivered")
    @CsvSource({"200", "201", "202", "204"})
    void any2xxAnswerIsDelivered(int status) throws Exception {
        receiver = new TestReceiver().answer(status, status == 204 ? "" : "{\"ok\":true}");

        channel.deliver(MESSAGE, Map.of("url", receiver.url("/")));

        assertEquals(1, receiver.requests().size());
    }

    @ParameterizedTest(name = "HTTP {0} is permanent: {1}")
    @CsvSource({"408, false", "429, false", "500, false", "502, false", "503, false", "400, true", "401, true", "403, true",
            "404, true", "410, true", "422, true", "301, true"})
    void aFailedStatusIsRetriedOnlyFor408And429And5xx(int status, boolean permanent) throws Exception {
        receiver = new TestReceiver().answer(status, "{\"error\":\"no\"}");

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/hook?token=abcdef123456"))));

        assertEquals(permanent, failure.isPermanent());
        assertTrue(failure.getMessage().contains("HTTP " + status), failure.getMessage());
        assertTrue(failure.getMessage().contains("{\"error\":\"no\"}"), failure.getMessage());
        assertTrue(failure.getMessage().contains("/hook?token=****"), failure.getMessage());
        assertFalse(failure.getMessage().contains("abcdef123456"), failure.getMessage());
    }

    @Test
    void aReceiverThatEchoesTheTokenOrSecretDoesNotGetItIntoTheMessage() throws Exception {
        receiver = new TestReceiver().answer(400, "bad token abcdef123456, secret " + SECRET);

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(MESSAGE, Map.of("url", receiver.url("/hook?token=abcdef123456"), "secret", SECRET)));

        assertFalse(failure.getMessage().contains("abcdef123456"), failure.getMessage());
        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
        assertTrue(failure.getMessage().contains("bad token ****, secret ****"), failure.getMessage());
    }

    @Test
    void noReceiverListeningIsRetryable() throws Exception {
        String url = TestReceiver.nobodyListening("/hook?token=abcdef123456");

        DeliveryException failure = assertThrows(DeliveryException.class, () -> channel.deliver(MESSAGE, Map.of("url", url)));

        assertFalse(failure.isPermanent());
        assertTrue(failure.getMessage().contains("无法连接"), failure.getMessage());
        assertFalse(failure.getMessage().contains("abcdef123456"), failure.getMessage());
    }

    @Test
    void settingsWithAShortSecretOrCredentialsInTheUrlAreRefused() {
        assertEquals(List.of(), channel.validate(Map.of("url", "https://hooks.example.gov.cn/ops", "secret", SECRET)));
        assertEquals(List.of(), channel.validate(Map.of("url", "http://10.0.3.40:8080/ops")));

        List<FieldError> errors = channel.validate(Map.of("url", "https://user:pw@hooks.example.gov.cn/ops", "secret", "short"));

        assertEquals(List.of("url", "secret"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.stream().allMatch(error -> !error.message().isBlank() && !error.messageEn().isBlank()));
        assertEquals(List.of("url"), channel.validate(Map.of("url", "ftp://hooks.example.gov.cn/")).stream().map(FieldError::field).toList());
    }

    @Test
    void theFieldsAreTheUrlAndAnOptionalSecret() {
        assertEquals(List.of("url", "secret"), channel.fields().stream().map(SettingField::name).toList());
        assertTrue(channel.fields().get(0).required());
        assertFalse(channel.fields().get(1).required());
        assertEquals(SettingField.Kind.SECRET, channel.fields().get(1).kind());
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
