package org.opsconsole.notify.internal;

import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_AUDIENCE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_DELIVERY;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_MESSAGE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_READ;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;

/**
 * The messages in {@code notify_message}, who sees them ({@code notify_audience}) and who read them
 * ({@code notify_read}): storing a message, a user's inbox, read marks, and removing old messages. Thread-safe: each
 * method is one statement or one transaction on the module's {@link Database}, or runs in the transaction it is given.
 */
final class Messages {

    static final String ROLE = "role";
    static final String USER = "user";

    static final int TITLE_LENGTH = NOTIFY_MESSAGE.TITLE.getDataType().length();
    static final int SOURCE_LENGTH = NOTIFY_MESSAGE.SOURCE.getDataType().length();
    static final int NAME_LENGTH = NOTIFY_AUDIENCE.NAME.getDataType().length();

    /** A message as a user's inbox shows it. */
    record Item(NotifyMessageRecord message, boolean read) {
    }

    private final Database database;

    Messages(Database database) {
        this.database = database;
    }

    /**
     * Stores a message and its audience in the transaction given.
     *
     * @return the message's id
     */
    static long insert(DSLContext tx, Notification notification, boolean test, Instant now) {
        Long id = tx.insertInto(NOTIFY_MESSAGE)
                .set(NOTIFY_MESSAGE.CREATED_AT, now)
                .set(NOTIFY_MESSAGE.SEVERITY, notification.severity().name())
                .set(NOTIFY_MESSAGE.TITLE, notification.title())
                .set(NOTIFY_MESSAGE.BODY, notification.body())
                .set(NOTIFY_MESSAGE.LINK, notification.link().orElse(null))
                .set(NOTIFY_MESSAGE.SOURCE, notification.source())
                .set(NOTIFY_MESSAGE.TEST, test)
                .returningResult(NOTIFY_MESSAGE.ID)
                .fetchOne(NOTIFY_MESSAGE.ID);
        if (id == null) {
            throw new IllegalStateException("the database did not return the id of the new notification");
        }
        for (String role : notification.audience().roles()) {
            tx.insertInto(NOTIFY_AUDIENCE).set(NOTIFY_AUDIENCE.MESSAGE_ID, id).set(NOTIFY_AUDIENCE.KIND, ROLE)
                    .set(NOTIFY_AUDIENCE.NAME, role).execute();
        }
        for (String user : notification.audience().users()) {
            tx.insertInto(NOTIFY_AUDIENCE).set(NOTIFY_AUDIENCE.MESSAGE_ID, id).set(NOTIFY_AUDIENCE.KIND, USER)
                    .set(NOTIFY_AUDIENCE.NAME, user).execute();
        }
        return id;
    }

    /** @return the message, whoever sees it */
    Optional<NotifyMessageRecord> find(long id) {
        return database.dsl().selectFrom(NOTIFY_MESSAGE).where(NOTIFY_MESSAGE.ID.eq(id)).fetchOptional();
    }

    /** The messages whose audience names the user or one of the roles. */
    static Condition visibleTo(String user, Set<String> roles) {
        Condition named = NOTIFY_AUDIENCE.KIND.eq(USER).and(NOTIFY_AUDIENCE.NAME.eq(user));
        if (!roles.isEmpty()) {
            named = named.or(NOTIFY_AUDIENCE.KIND.eq(ROLE).and(NOTIFY_AUDIENCE.NAME.in(roles)));
        }
        return NOTIFY_MESSAGE.ID.in(DSL.select(NOTIFY_AUDIENCE.MESSAGE_ID).from(NOTIFY_AUDIENCE).where(named));
    }

    private static Condition unreadBy(String user) {
        return DSL.notExists(DSL.selectOne().from(NOTIFY_READ)
                .where(NOTIFY_READ.MESSAGE_ID.eq(NOTIFY_MESSAGE.ID).and(NOTIFY_READ.USER_NAME.eq(user))));
    }

    /**
     * A user's inbox, newest first.
     *
     * @param before only messages with a smaller id (the last one of the page before); null for the newest
     */
    List<Item> inbox(String user, Set<String> roles, boolean unreadOnly, int limit, Long before) {
        Condition where = visibleTo(user, roles)
                .and(unreadOnly ? unreadBy(user) : DSL.noCondition())
                .and(before == null ? DSL.noCondition() : NOTIFY_MESSAGE.ID.lt(before));
        return database.dsl().select(NOTIFY_MESSAGE.fields()).select(NOTIFY_READ.MESSAGE_ID)
                .from(NOTIFY_MESSAGE)
                .leftJoin(NOTIFY_READ).on(NOTIFY_READ.MESSAGE_ID.eq(NOTIFY_MESSAGE.ID).and(NOTIFY_READ.USER_NAME.eq(user)))
                .where(where)
                .orderBy(NOTIFY_MESSAGE.ID.desc())
                .limit(limit)
                .fetch(row -> new Item(row.into(NOTIFY_MESSAGE), row.get(NOTIFY_READ.MESSAGE_ID) != null));
    }

    /** @return how many messages the user sees and has not read */
    int unread(String user, Set<String> roles) {
        return database.dsl().fetchCount(NOTIFY_MESSAGE, visibleTo(user, roles).and(unreadBy(user)));
    }

    /** @return whether the user sees the message */
    boolean visible(long id, String user, Set<String> roles) {
        return database.dsl().fetchExists(NOTIFY_MESSAGE, NOTIFY_MESSAGE.ID.eq(id).and(visibleTo(user, roles)));
    }

    /**
     * Marks a message read by a user (again is fine).
     *
     * @return false when the user does not see such a message
     */
    boolean markRead(long id, String user, Set<String> roles, Instant now) {
        if (!visible(id, user, roles)) {
            return false;
        }
        try {
            database.dsl().insertInto(NOTIFY_READ)
                    .set(NOTIFY_READ.MESSAGE_ID, id).set(NOTIFY_READ.USER_NAME, user).set(NOTIFY_READ.READ_AT, now)
                    .execute();
        } catch (DataAccessException e) {
            if (e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION
                    || !database.dsl().fetchExists(NOTIFY_READ, NOTIFY_READ.MESSAGE_ID.eq(id).and(NOTIFY_READ.USER_NAME.eq(user)))) {
                throw e;
            }
        }
        return true;
    }

    /** @return how many of the user's unread messages are now marked read */
    int markAllRead(String user, Set<String> roles, Instant now) {
        for (int attempt = 0;; attempt++) {
            try {
                return database.dsl().insertInto(NOTIFY_READ, NOTIFY_READ.MESSAGE_ID, NOTIFY_READ.USER_NAME, NOTIFY_READ.READ_AT)
                        .select(DSL.select(NOTIFY_MESSAGE.ID, DSL.val(user, NOTIFY_READ.USER_NAME), DSL.val(now, NOTIFY_READ.READ_AT))
                                .from(NOTIFY_MESSAGE)
                                .where(visibleTo(user, roles).and(unreadBy(user))))
                        .execute();
            } catch (DataAccessException e) {
                // another request of the same user marked some at the same time: once more finds the rest
                if (attempt > 0 || e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes, with their audience, read marks and deliveries, up to {@code batch} messages created before a time whose
     * deliveries are all done (none pending).
     *
     * @return how many messages were removed
     */
    int deleteDone(Instant cutoff, int batch) {
        List<Long> ids = database.dsl().select(NOTIFY_MESSAGE.ID).from(NOTIFY_MESSAGE)
                .where(NOTIFY_MESSAGE.CREATED_AT.lt(cutoff))
                .and(DSL.notExists(DSL.selectOne().from(NOTIFY_DELIVERY)
                        .where(NOTIFY_DELIVERY.MESSAGE_ID.eq(NOTIFY_MESSAGE.ID))
                        .and(NOTIFY_DELIVERY.STATE.eq(Deliveries.State.PENDING.name()))))
                .orderBy(NOTIFY_MESSAGE.ID)
                .limit(batch)
                .fetch(NOTIFY_MESSAGE.ID);
        if (ids.isEmpty()) {
            return 0;
        }
        return database.transactionResult(c -> {
            DSLContext tx = c.dsl();
            // a delivery that turned pending meanwhile (an operator's retry) keeps its message
            List<Long> done = tx.select(NOTIFY_MESSAGE.ID).from(NOTIFY_MESSAGE)
                    .where(NOTIFY_MESSAGE.ID.in(ids))
                    .and(DSL.notExists(DSL.selectOne().from(NOTIFY_DELIVERY)
                            .where(NOTIFY_DELIVERY.MESSAGE_ID.eq(NOTIFY_MESSAGE.ID))
                            .and(NOTIFY_DELIVERY.STATE.eq(Deliveries.State.PENDING.name()))))
                    .fetch(NOTIFY_MESSAGE.ID);
            if (done.isEmpty()) {
                return 0;
            }
            tx.deleteFrom(NOTIFY_READ).where(NOTIFY_READ.MESSAGE_ID.in(done)).execute();
            tx.deleteFrom(NOTIFY_AUDIENCE).where(NOTIFY_AUDIENCE.MESSAGE_ID.in(done)).execute();
            tx.deleteFrom(NOTIFY_DELIVERY).where(NOTIFY_DELIVERY.MESSAGE_ID.in(done)).execute();
            return tx.deleteFrom(NOTIFY_MESSAGE).where(NOTIFY_MESSAGE.ID.in(done)).execute();
        });
    }
}
