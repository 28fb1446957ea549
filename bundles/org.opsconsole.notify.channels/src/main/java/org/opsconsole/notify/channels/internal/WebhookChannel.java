package org.opsconsole.notify.channels.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.NotificationChannelType;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

/**
 * The generic webhook (通用 Webhook): each notification is POSTed as JSON to an address the operators choose, for
 * their own ticketing, paging or chat bridge.
 *
 * <h2>The request</h2>
 *
 * {@code POST <url>} with {@code Content-Type: application/json; charset=utf-8} and this body (one line, UTF-8):
 *
 * <pre>
 * {
 *   "id": 4711,                              // the notification's id: the same for every attempt, drop repeats by it
 *   "severity": "CRITICAL",                  // INFO, WARNING or CRITICAL
 *   "title": "数据库主库不可用",
 *   "body": "主库 10.0.3.21:3306 连续 3 次探测失败。",   // plain text, may be ""
 *   "link": "https://ops.example.gov.cn/#/monitoring", // absolute, or null
 *   "source": "monitoring",                  // the module that sent it
 *   "createdAt": "2026-11-26T03:30:00Z",     // when it was sent, ISO-8601 UTC
 *   "test": false                            // true for an operator's test message
 * }
 * </pre>
 *
 * <h2>The signature</h2>
 *
 * With a signing secret set, two headers let the receiver check that the request comes from the console and is fresh:
 *
 * <pre>
 * X-Opsconsole-Timestamp: 1795663800                 // seconds since 1970-01-01T00:00:00Z
 * X-Opsconsole-Signature: sha256=&lt;hex&gt;
 * </pre>
 *
 * where {@code <hex>} is the lower-case hexadecimal HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the
 * timestamp's digits, a full stop, and the body exactly as received: {@code HMAC-SHA256(secret, timestamp + "." +
 * body)}. A receiver recomputes it over the raw body before parsing it, compares in constant time, and refuses a
 * timestamp more than a few minutes away from its clock (a replay).
 *
 * <h2>The answer</h2>
 *
 * Any 2xx means delivered. 408, 429 and 5xx, and no answer within {@value WebhookClient#REQUEST_SECONDS} seconds or no
 * connection, are retried later with growing delays; any other status is a permanent failure shown to the operators.
 * Redirects are not followed.
 */
@Component(service = NotificationChannel.class)
@NotificationChannelType(type = WebhookChannel.TYPE, title = "通用 Webhook", titleEn = "Generic webhook")
public class WebhookChannel implements NotificationChannel {

    static final String TYPE = "webhook";

    static final String TIMESTAMP_HEADER = "X-Opsconsole-Timestamp";
    static final String SIGNATURE_HEADER = "X-Opsconsole-Signature";

    /** The shortest signing secret taken: a shorter one is too easily guessed. */
    static final int MIN_SECRET_LENGTH = 16;

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "接收地址", "Receiver URL", SettingField.Kind.URL, true,
                    "接收通知的 http(s) 地址；控制台以 POST 发送 JSON，格式与签名见文档"
                            + " / The http(s) address that receives the notifications; the console POSTs JSON, see the documentation"
                            + " for the format and the signature"),
            new SettingField("secret", "签名密钥", "Signing secret", SettingField.Kind.SECRET, false,
                    "可选，至少 " + MIN_SECRET_LENGTH + " 个字符；设置后每个请求带 X-Opsconsole-Signature（HMAC-SHA256），"
                            + "接收方据此确认请求来自本控制台"
                            + " / Optional, at least " + MIN_SECRET_LENGTH + " characters; when set, every request carries"
                            + " X-Opsconsole-Signature (HMAC-SHA256), by which the receiver confirms that it came from this console"));

    /**
     * The request body.
     *
     * @param link the absolute link, or null
     */
    record Payload(long id, Severity severity, String title, String body, String link, String source, Instant createdAt,
            boolean test) {

        static Payload of(OutgoingMessage message) {
            return new Payload(message.id(), message.severity(), message.title(), message.body(), message.link().orElse(null),
                    message.source(), message.createdAt(), message.test());
        }
    }

    private final WebhookClient client = new WebhookClient();

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        Optional<URI> uri = WebhookClient.httpUri(settings.get("url"));
        if (uri.isEmpty()) {
            errors.add(new FieldError("url", "须为以 http:// 或 https:// 开头的完整地址", "Must be a full address starting with http:// or https://"));
        } else if (uri.get().getRawUserInfo() != null) {
            errors.add(new FieldError("url", "地址中不能含用户名或密码", "The address cannot carry a user name or password"));
        }
        String secret = settings.getOrDefault("secret", "");
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            errors.add(new FieldError("secret", "签名密钥至少 " + MIN_SECRET_LENGTH + " 个字符",
                    "The signing secret needs at least " + MIN_SECRET_LENGTH + " characters"));
        }
        return errors;
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        String secret = settings.getOrDefault("secret", "");
        URI uri = WebhookClient.httpUri(settings.get("url")).orElseThrow(
                () -> new DeliveryException("接收地址无效 / The receiver URL is not valid", true, null));
        WebhookClient.Target target = WebhookClient.Target.of(uri, "Webhook 接收方", "webhook receiver", secret);
        byte[] body = WebhookClient.json(Payload.of(message));
        Map<String, String> headers = secret.isEmpty() ? Map.of() : signatureHeaders(secret, Instant.now(), body);
        WebhookClient.expectSuccess(target, client.post(target, body, headers));
    }

    /** @return the timestamp and signature headers for the body, signed at the time */
    static Map<String, String> signatureHeaders(String secret, Instant now, byte[] body) {
        String timestamp = Long.toString(now.getEpochSecond());
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        String signature = HexFormat.of().formatHex(WebhookClient.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signed));
        return Map.of(TIMESTAMP_HEADER, timestamp, SIGNATURE_HEADER, "sha256=" + signature);
    }
}
