package org.opsconsole.notify.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jooq.DSLContext;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Notifier;
import org.opsconsole.api.rest.Json;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's {@link Notifier}: stores a notification, its audience and one pending delivery per channel in one
 * transaction, then tells the audience's browsers ({@value #INBOX_EVENT} event) and wakes the outbox worker.
 *
 * <p><b>Routing.</b> A notification naming channels goes through each of them that is enabled, whatever its minimum
 * severity; a named channel that does not exist gets a failed delivery saying so (a module's mistake is shown in the
 * delivery log, not dropped). Otherwise it goes through every enabled channel whose minimum severity it reaches.
 * Thread-safe.
 */
@Component(service = {Notifier.class, OutboxNotifier.class})
public class OutboxNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifier.class);

    /** The name of the browser event about the inbox. */
    static final String INBOX_EVENT = "inbox";

    private final Database database;
    private final EventAdmin events;
    private final OutboxWorker worker;
    private final Clock clock;

    @Activate
    public OutboxNotifier(@Reference Database database, @Reference EventAdmin events, @Reference OutboxWorker worker) {
        this(database, events, worker, Clock.systemUTC());
    }

    OutboxNotifier(Database database, EventAdmin events, OutboxWorker worker, Clock clock) {
        this.database = database;
        this.events = events;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public long send(Notification notification) {
        check(notification);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long id = database.transactionResult(c -> {
            DSLContext tx = c.dsl();
            long messageId = Messages.insert(tx, notification, false, now);
            route(tx, messageId, notification, now);
            return messageId;
        });
        announce(id, notification, now);
        worker.wake();
        return id;
    }

    /** Checks what the record itself does not: the audience's names and the channel ids fit the tables. */
    static void check(Notification notification) {
        for (String name : notification.audience().roles()) {
            checkName(name, "role");
        }
        for (String name : notification.audience().users()) {
            checkName(name, "user");
        }
        for (String channel : notification.channels()) {
            if (channel == null || !Channels.ID.matcher(channel).matches()) {
                throw new IllegalArgumentException("a notification's channel ids are lower-case letters, digits and hyphens: '"
                        + channel + "'");
            }
        }
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isBlank() || name.length() > Messages.NAME_LENGTH) {
            throw new IllegalArgumentException("a notification's audience names a " + what + " of 1 to " + Messages.NAME_LENGTH
                    + " characters: '" + name + "'");
        }
    }

    private static void route(DSLContext tx, long messageId, Notification notification, Instant now) {
        if (notification.channels().isEmpty()) {
            for (NotifyChannelRecord channel : Channels.enabled(tx)) {
                if (Channels.passes(channel, notification.severity())) {
                    Deliveries.insertPending(tx, messageId, channel.getId(), now);
                }
            }
            return;
        }
        for (String id : new TreeSet<>(notification.channels())) {
            Optional<NotifyChannelRecord> channel = Channels.find(tx, id);
            if (channel.isEmpty()) {
                LOG.warn("Notification {} from '{}' names the channel '{}', which does not exist", messageId,
                        notification.source(), id);
                Deliveries.insertDone(tx, messageId, id, 0, "没有编号为“" + id + "”的通知渠道 / There is no channel '" + id + "'",
                        null, now);
            } else if (Boolean.TRUE.equals(channel.get().getEnabled())) {
                Deliveries.insertPending(tx, messageId, id, now);
            } else {
                LOG.info("Notification {} from '{}' is not sent through channel '{}': it is disabled", messageId,
                        notification.source(), id);
            }
        }
    }

    /** Tells the browsers of the audience about the new message; the message is stored whatever happens here. */
    private void announce(long id, Notification notification, Instant now) {
        if (notification.audience().isEmpty()) {
            return;
        }
        try {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", id);
            message.put("severity", notification.severity().name());
            message.put("title", notification.title());
            message.put("link", notification.link().orElse(null));
            message.put("source", notification.source());
            message.put("createdAt", now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", "message");
            data.put("message", message);
            events.postEvent(clientEvent(data, notification.audience().users(), notification.audience().roles()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The browsers could not be told about notification {}: {}", id, e.getMessage());
        }
    }

    /** A live update for the browsers of some users and roles. */
    static Event clientEvent(Map<String, Object> data, Set<String> users, Set<String> roles) throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ConsoleConstants.CLIENT_EVENT_NAME, INBOX_EVENT);
        properties.put(ConsoleConstants.CLIENT_EVENT_DATA, Json.MAPPER.writeValueAsString(data));
        properties.put(ConsoleConstants.CLIENT_EVENT_USERS, users.toArray(String[]::new));
        properties.put(ConsoleConstants.CLIENT_EVENT_ROLES, roles.toArray(String[]::new));
        return new Event(ConsoleConstants.TOPIC_CLIENT_EVENT, properties);
    }
}
