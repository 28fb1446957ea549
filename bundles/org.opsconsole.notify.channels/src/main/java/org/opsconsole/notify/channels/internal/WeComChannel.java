package org.opsconsole.notify.channels.internal;

import java.net.URI;
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
 * A WeCom group robot (企业微信群机器人): the message goes to the group as Markdown through the robot's webhook,
 * {@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...}, whose key is the robot's only credential.
 *
 * <p>The request is {@code {"msgtype":"markdown","markdown":{"content":"### [严重] ..."}}} (see
 * {@link MessageText#markdown}), shortened to the robot's {@value #MAX_BYTES} bytes. The robot answers
 * {@code {"errcode":0,"errmsg":"ok"}}; any other errcode is a refusal: 45009 (more than 20 messages a minute) and -1
 * (system busy) are retried, the rest (such as 93000, an invalid or removed robot) are permanent.
 */
@Component(service = NotificationChannel.class)
@NotificationChannelType(type = WeComChannel.TYPE, title = "企业微信群机器人", titleEn = "WeCom group robot")
public class WeComChannel implements NotificationChannel {

    static final String TYPE = "wecom";

    /** The most bytes of Markdown the robot takes. */
    static final int MAX_BYTES = 4096;

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "Webhook 地址", "Webhook URL", SettingField.Kind.URL, true,
                    "在企业微信群聊中：右上角“…” → 消息推送（群机器人） → 添加，复制其 Webhook 地址，形如 "
                            + "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…；地址即凭据，请勿外传"
                            + " / In the WeCom group chat: \"…\" at the top right → Message Push (group robot) → Add, and copy its"
                            + " webhook URL, like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; the URL is the credential,"
                            + " keep it private"));

    private static final WebhookClient.ResultCode RESULT = new WebhookClient.ResultCode(List.of("errcode"), List.of("errmsg"),
            Set.of(45009, -1), Map.of(
                    45009, new WebhookClient.Explanation("发送过于频繁（每个机器人每分钟最多 20 条），稍后重试",
                            "too many messages (at most 20 a minute per robot); retrying later"),
                    -1, new WebhookClient.Explanation("企业微信系统繁忙，稍后重试", "WeCom is busy; retrying later"),
                    93000, new WebhookClient.Explanation("Webhook 地址无效或机器人已被移出群聊，请重新复制地址",
                            "the webhook URL is invalid or the robot was removed from the group; copy the URL again")));

    private final WebhookClient client = new WebhookClient();

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    /** Checks that the address carries the robot's key. Any http(s) host is taken (a proxy, a test receiver). */
    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        Optional<URI> uri = WebhookClient.httpUri(settings.get("url"));
        if (uri.isEmpty() || WebhookClient.queryParameters(uri.get()).getOrDefault("key", "").isBlank()) {
            return List.of(new FieldError("url", "须为企业微信群机器人的 Webhook 地址（含 key 参数），形如 "
                    + "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
                    "Must be the WeCom group robot's webhook URL with its key, like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"));
        }
        return List.of();
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        URI uri = WebhookClient.httpUri(settings.get("url")).orElseThrow(
                () -> new DeliveryException("Webhook 地址无效 / The webhook URL is not valid", true, null));
        WebhookClient.Target target = WebhookClient.Target.of(uri, "企业微信群机器人", "WeCom group robot");
        ObjectNode request = Json.MAPPER.createObjectNode().put("msgtype", "markdown");
        request.putObject("markdown").put("content", MessageText.markdown(message, MAX_BYTES));
        WebhookClient.expectResultCode(target, client.post(target, WebhookClient.json(request), Map.of()), RESULT);
    }
}
