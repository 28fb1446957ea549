package org.opsconsole.notify.channels.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * A Feishu group robot (飞书群机器人, Lark's custom bot): the message goes to the group as plain text through the
 * robot's webhook, {@code https://open.feishu.cn/open-apis/bot/v2/hook/<token>}, whose last path segment is the robot's
 * credential.
 *
 * <p>The request is {@code {"msg_type":"text","content":{"text":"[严重] ..."}}} (see {@link MessageText#plain}). With
 * the robot's signing secret (签名校验) it also carries {@code "timestamp":"<seconds>"} and {@code "sign"}, the Base64 of
 * HMAC-SHA256 keyed with {@code timestamp + "\n" + secret} over no data at all; Feishu refuses a timestamp more than an
 * hour away from its clock.
 *
 * <p>The robot answers {@code {"code":0,"msg":"success",...}} (older robots {@code {"StatusCode":0,...}}), refusals
 * often with HTTP 400: 9499 and 11232 (too many messages) are retried, the rest (such as 19021, a signature mismatch)
 * are permanent.
 */
@Component(service = NotificationChannel.class)
@NotificationChannelType(type = FeishuChannel.TYPE, title = "飞书群机器人", titleEn = "Feishu group robot")
public class FeishuChannel implements NotificationChannel {

    static final String TYPE = "feishu";

    /** The most bytes of text sent (the robot takes a request of at most 20 KB). */
    static final int MAX_BYTES = 18000;

    /** The robot's webhook path; the last segment is its token. */
    private static final Pattern HOOK_PATH = Pattern.compile(".*/bot/v2/hook/([^/]+)/?");

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "Webhook 地址", "Webhook URL", SettingField.Kind.URL, true,
                    "在飞书群设置中：群机器人 → 添加机器人 → 自定义机器人，复制 Webhook 地址，形如 "
                            + "https://open.feishu.cn/open-apis/bot/v2/hook/…；地址即凭据，请勿外传"
                            + " / In the Feishu group settings: Bots → Add Bot → Custom Bot, and copy the webhook URL, like"
                            + " https://open.feishu.cn/open-apis/bot/v2/hook/…; the URL is the credential, keep it private"),
            new SettingField("secret", "签名校验密钥", "Signing secret", SettingField.Kind.SECRET, false,
                    "机器人安全设置中开启“签名校验”后显示的密钥；建议设置"
                            + " / The key shown once \"Signature verification\" is on in the bot's security settings; advised"));

    private static final WebhookClient.ResultCode RESULT = new WebhookClient.ResultCode(List.of("code", "StatusCode"),
            List.of("msg", "StatusMessage"), Set.of(9499, 11232), Map.of(
                    9499, new WebhookClient.Explanation("发送过于频繁，稍后重试", "too many messages; retrying later"),
                    11232, new WebhookClient.Explanation("发送过于频繁，稍后重试", "too many messages; retrying later"),
                    19021, new WebhookClient.Explanation("签名不符或时间戳与飞书相差超过 1 小时：检查签名校验密钥并校准本机时间",
                            "the signature does not match or the timestamp is more than an hour off: check the signing secret and this server's clock"),
                    19022, new WebhookClient.Explanation("本机 IP 不在机器人的 IP 白名单中", "this server's IP address is not on the robot's allow list"),
                    19024, new WebhookClient.Explanation("消息不含机器人设置的自定义关键词", "the message lacks the robot's keyword")));

    private final WebhookClient client = new WebhookClient();

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    /** Checks that the address is a robot's webhook with its token. Any http(s) host is taken (Lark, a proxy). */
    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        if (WebhookClient.httpUri(settings.get("url")).flatMap(FeishuChannel::token).isEmpty()) {
            return List.of(new FieldError("url", "须为飞书群机器人的 Webhook 地址，形如 https://open.feishu.cn/open-apis/bot/v2/hook/…",
                    "Must be the Feishu group robot's webhook URL, like https://open.feishu.cn/open-apis/bot/v2/hook/…"));
        }
        return List.of();
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        String secret = settings.getOrDefault("secret", "");
        URI uri = WebhookClient.httpUri(settings.get("url")).orElseThrow(
                () -> new DeliveryException("Webhook 地址无效 / The webhook URL is not valid", true, null));
        WebhookClient.Target target = WebhookClient.Target.of(uri, "飞书群机器人", "Feishu group robot", secret);
        Optional<String> token = token(uri);
        if (token.isPresent()) {
            target = target.hidingInPath(token.get());
        }
        ObjectNode request = Json.MAPPER.createObjectNode();
        if (!secret.isEmpty()) {
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            request.put("timestamp", timestamp).put("sign", sign(timestamp, secret));
        }
        request.put("msg_type", "text").putObject("content").put("text", MessageText.plain(message, MAX_BYTES));
        WebhookClient.expectResultCode(target, client.post(target, WebhookClient.json(request), Map.of()), RESULT);
    }

    /** @return Base64 of HMAC-SHA256 keyed with {@code timestamp + "\n" + secret} over no data */
    static String sign(String timestamp, String secret) {
        return Base64.getEncoder().encodeToString(
                WebhookClient.hmacSha256((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    /** @return the robot's token, the last segment of its webhook path */
    private static Optional<String> token(URI uri) {
        Matcher matcher = HOOK_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
