package org.opsconsole.api.notify;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends notifications. Provided by the core; thread-safe.
 *
 * <p>{@link #send} stores the notification and one delivery per matching channel in the console's database
 * and returns; the inbox shows it at once, and the core delivers it through the channels in the background,
 * retrying a failed delivery with growing delays (also after a restart). A delivery that still fails after
 * the last attempt is kept as failed and shown to the operators; nothing is dropped silently.
 */
@ProviderType
public interface Notifier {

    /**
     * Queues a notification.
     *
     * @param notification what to say, and to whom
     * @return the notification's id
     * @throws RuntimeException when the outbox cannot be written; then nothing was queued
     */
    long send(Notification notification);
}
