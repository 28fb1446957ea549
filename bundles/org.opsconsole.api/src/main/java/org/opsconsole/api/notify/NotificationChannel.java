package org.opsconsole.api.notify;

import java.util.List;
import java.util.Map;

import org.opsconsole.api.rest.Problem;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of channel notifications go out through (e-mail, a chat robot's webhook ...), registered as a
 * service described by {@link NotificationChannelType}. Operators configure any number of channels of each
 * kind in the console (the operations centre's WeCom group, the bureau's IT mailbox ...); the core stores
 * their settings (secrets encrypted), and calls {@link #deliver} from its outbox, one message at a time per
 * channel, on a background thread.
 */
@ConsumerType
public interface NotificationChannel {

    /** @return the settings a channel of this kind has, in the order the settings page shows them */
    List<SettingField> fields();

    /**
     * Checks settings before they are stored. Required fields and the {@link SettingField.Kind} of each value
     * are checked by the core first.
     *
     * @param settings the settings by field name, secrets in clear
     * @return what is wrong, by field; empty when the settings can be used
     */
    default List<Problem.FieldError> validate(Map<String, String> settings) {
        return List.of();
    }

    /**
     * Delivers one message. Should give up after a bounded time (about 10 to 30 seconds).
     *
     * @param message what to deliver
     * @param settings the channel's settings by field name, secrets in clear; never keep them
     * @throws DeliveryException when the receiver did not take the message
     */
    void deliver(OutgoingMessage message, Map<String, String> settings) throws DeliveryException;
}
