package org.opsconsole.notify.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-console inbox (通知): the messages whose audience names a user or one of the user's roles, newest first, with
 * read marks. Needs no channel. When a user marks messages read, the user's other browser windows are told
 * ({@value OutboxNotifier#INBOX_EVENT} event with the new unread count). Thread-safe.
 */
@Component(service = Inbox.class)
public class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** A page of the inbox: its messages, whether older ones follow, and the user's unread count. */
    record Page(List<Messages.Item> items, boolean more, int unread) {
    }

    private final Messages messages;
    private final EventAdmin events;
    private final Clock clock;

    @Activate
    public Inbox(@Reference Database database, @Reference EventAdmin events) {
        this(database, events, Clock.systemUTC());
    }

    Inbox(Database database, EventAdmin events, Clock clock) {
        this.messages = new Messages(database);
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param before only messages with a smaller id; null for the newest
     * @return up to {@code limit} of the user's messages, newest first
     */
    Page page(ConsoleUser user, boolean unreadOnly, int limit, Long before) {
        List<Messages.Item> items = messages.inbox(user.name(), user.roles(), unreadOnly, limit + 1, before);
        boolean more = items.size() > limit;
        return new Page(more ? items.subList(0, limit) : items, more, unread(user));
    }

    /** @return how many of the user's messages are unread */
    int unread(ConsoleUser user) {
        return messages.unread(user.name(), user.roles());
    }

    /**
     * Marks one of the user's messages read.
     *
     * @return the user's unread count now; -1 when the user has no such message
     */
    int markRead(ConsoleUser user, long id) {
        if (!messages.markRead(id, user.name(), user.roles(), now())) {
            return -1;
        }
        int unread = unread(user);
        announceRead(user, unread);
        return unread;
    }

    /** Marks all of the user's messages read. @return how many were unread */
    int markAllRead(ConsoleUser user) {
        int marked = messages.markAllRead(user.name(), user.roles(), now());
        announceRead(user, unread(user));
        return marked;
    }

    private void announceRead(ConsoleUser user, int unread) {
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", "read");
            data.put("unread", unread);
            events.postEvent(OutboxNotifier.clientEvent(data, Set.of(user.name()), Set.of()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("The browsers of {} could not be told about read messages: {}", user.name(), e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
