package org.opsconsole.notify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Problem.FieldError;

/**
 * A channel kind for the tests: a webhook-like kind with a URL, a secret token and a retry count; it keeps what it
 * delivered, and fails as told.
 */
class TestChannel implements NotificationChannel {

    static final String TYPE = "test-hook";

    /** How the next deliveries end. */
    interface Behaviour {
        void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException;
    }

    final Queue<OutgoingMessage> delivered = new ConcurrentLinkedQueue<>();
    final Queue<Map<String, String>> settingsSeen = new ConcurrentLinkedQueue<>();
    final CountDownLatch firstDelivery = new CountDownLatch(1);
    volatile Behaviour behaviour = (message, settings) -> {
    };

    @Override
    public List<SettingField> fields() {
        return List.of(
                new SettingField("url", "地址", "Address", SettingField.Kind.URL, true, "https://hooks.example.cn/..."),
                new SettingField("token", "令牌", "Token", SettingField.Kind.SECRET, true, ""),
                new SettingField("retries", "重试次数", "Retries", SettingField.Kind.NUMBER, false, ""),
                new SettingField("verbose", "详细", "Verbose", SettingField.Kind.BOOLEAN, false, ""),
                new SettingField("cc", "抄送", "Copy to", SettingField.Kind.EMAILS, false, ""));
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        if (settings.getOrDefault("url", "").contains("forbidden")) {
            errors.add(new FieldError("url", "该地址不允许", "This address is not allowed"));
        }
        return errors;
    }

    @Override
    public void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException {
        behaviour.deliver(message, settings);
        settingsSeen.add(settings);
        delivered.add(message);
        firstDelivery.countDown();
    }

    /** Every delivery fails with this error. */
    void failWith(String error, boolean permanent) {
        behaviour = (message, settings) -> {
            throw new DeliveryException(error, permanent, null);
        };
    }

    /** The kind as the registry holds it. */
    ChannelKinds.Kind kind() {
        return new ChannelKinds.Kind(TYPE, "测试钩子", "Test hook", this, 0, 1, "org.example.test");
    }
}
