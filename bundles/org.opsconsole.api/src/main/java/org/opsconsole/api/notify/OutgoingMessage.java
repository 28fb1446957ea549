package org.opsconsole.api.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * A notification as a channel delivers it.
 *
 * @param id the notification's id (the same for every channel and every attempt: receivers can drop repeats)
 * @param severity how urgent it is
 * @param title one line
 * @param body plain text; may be empty
 * @param link an absolute URL to look at (console paths are made absolute with the console's public
 *        address); empty when there is none
 * @param source the sending module's id
 * @param createdAt when it was sent
 * @param test whether an operator asked for a test message from the channel settings
 */
public record OutgoingMessage(long id, Severity severity, String title, String body, Optional<String> link,
        String source, Instant createdAt, boolean test) {
}
