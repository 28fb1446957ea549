package org.opsconsole.notify.channels.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.NotificationChannelType;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A DingTalk group robot (钉钉群机器人): the message goes to the group as Markdown through the robot's webhook,
 * {@code https://oapi.dingtalk.com/robot/send?access_token=...}.
 *
 * <p>The request is {@code {"msgtype":"markdown","markdown":{"title":"[严重] ...","text":"### [严重] ..."}}} (see
 * {@link MessageText#markdown}); the title is what the conversation list shows. With the robot's signing secret (加签,
 * the {@code SEC...} text of its security settings) the address gets {@code &timestamp=<ms>&sign=<sign>}, where
 * {@code sign} is the URL-encoded Base64 of HMAC-SHA256 keyed with the secret over {@code timestamp + "\n" + secret};
 * DingTalk refuses a timestamp more than an hour away from its clock.
 *
 * <p>The robot answers {@code {"errcode":0,"errmsg":"ok"}}; any other errcode is a refusal: 130101 (more than 20
 * messages a minute) and -1 (system busy) are retried, the rest (such as 310000, a signature, keyword or IP address
 * mismatch) are permanent.
 */
@Component(service = NotificationChannel.class)
@NotificationChannelType(type = DingTalkChannel.TYPE, title = "钉钉群机器人", titleEn = "DingTalk group robot")
public class DingTalkChannel implements NotificationChannel {

    static final String TYPE = "dingtalk";

    /** The most bytes of Markdown sent (the robot takes about 20,000). */
    static final int MAX_BYTES = 18000;

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "Webhook 地址", "Webhook URL", SettingField.Kind.URL, true,
                    "在钉钉群设置中：机器人 → 添加机器人 → 自定义，复制 Webhook 地址，形如 https://oapi.dingtalk.com/robot/send?access_token=…；"
                            + "安全设置建议选“加签”；若选“自定义关键词”，关键词可设为“来源”（每条消息都含有）"
                            + " / In the DingTalk group settings: Robots → Add Robot → Custom, and copy the webhook URL, like"
                            + " https://oapi.dingtalk.com/robot/send?access_token=…; for the security settings \"Signature\" is advised;"
                            + " with \"Custom Keywords\", the keyword can be “来源” (\"source\", which every message contains)"),
            new SettingField("secret", "加签密钥", "Signing secret", SettingField.Kind.SECRET, false,
                    "机器人安全设置中“加签”下以 SEC 开头的字符串；建议设置"
                            + " / The string starting with SEC under \"Signature\" in the robot's security settings; advised"));

    private static final WebhookClient.ResultCode RESULT = new WebhookClient.ResultCode(List.of("errcode"), List.of("errmsg"),
            Set.of(130101, -1), Map.of(
                    130101, new WebhookClient.Explanation("发送过于频繁（每个机器人每分钟最多 20 条），稍后重试",
                            "too many messages (at most 20 a minute per robot); retrying later"),
                    -1, new WebhookClient.Explanation("钉钉系统繁忙，稍后重试", "DingTalk is busy; retrying later"),
                    310000, new WebhookClient.Explanation("安全设置不符：检查加签密钥、自定义关键词和 IP 地址段，并校准本机时间",
                            "the robot's security settings refused it: check the signing secret, the keywords, the IP ranges and this server's clock")));

    private final WebhookClient client = new WebhookClient();

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    /** Checks that the address carries the access token and no signature of its own, and the secret's form. */
    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        Optional<URI> uri = WebhookClient.httpUri(settings.get("url"));
        Map<String, String> query = uri.map(WebhookClient::queryParameters).orElse(Map.of());
        if (query.getOrDefault("access_token", "").isBlank()) {
            errors.add(new FieldError("url", "须为钉钉群机器人的 Webhook 地址（含 access_token 参数），形如 "
                    + "https://oapi.dingtalk.com/robot/send?access_token=…",
                    "Must be the DingTalk group robot's webhook URL with its access_token, like https://oapi.dingtalk.com/robot/send?access_token=…"));
        } else if (query.containsKey("timestamp") || query.containsKey("sign")) {
            errors.add(new FieldError("url", "请去掉地址中的 timestamp 和 sign 参数：签名由控制台在每次发送时计算",
                    "Remove timestamp and sign from the address: the console signs each message itself"));
        }
        String secret = settings.getOrDefault("secret", "");
        if (!secret.isEmpty() && !secret.startsWith("SEC")) {
            errors.add(new FieldError("secret", "加签密钥以 SEC 开头，请从机器人安全设置中复制",
                    "The signing secret starts with SEC; copy it from the robot's security settings"));
        }
        return errors;
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        String secret = settings.getOrDefault("secret", "");
        URI uri = WebhookClient.httpUri(settings.get("url")).orElseThrow(
                () -> new DeliveryException("Webhook 地址无效 / The webhook URL is not valid", true, null));
        if (!secret.isEmpty()) {
            uri = signed(uri, secret, Instant.now());
        }
        WebhookClient.Target target = WebhookClient.Target.of(uri, "钉钉群机器人", "DingTalk group robot", secret);
        ObjectNode request = Json.MAPPER.createObjectNode().put("msgtype", "markdown");
        request.putObject("markdown")
                .put("title", MessageText.heading(message))
                .put("text", MessageText.markdown(message, MAX_BYTES));
        WebhookClient.expectResultCode(target, client.post(target, WebhookClient.json(request), Map.of()), RESULT);
    }

    /** @return the address with {@code timestamp} (milliseconds) and {@code sign} added for the time */
    static URI signed(URI uri, String secret, Instant now) {
        String timestamp = Long.toString(now.toEpochMilli());
        byte[] mac = WebhookClient.hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        String sign = URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
        String address = uri.toString();
        address = address.contains("#") ? address.substring(0, address.indexOf('#')) : address;
        return URI.create(address + (uri.getRawQuery() == null ? "?" : "&") + "timestamp=" + timestamp + "&sign=" + sign);
    }
}
