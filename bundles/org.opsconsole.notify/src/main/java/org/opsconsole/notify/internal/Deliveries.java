package org.opsconsole.notify.internal;

import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_CHANNEL;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_DELIVERY;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_MESSAGE;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.opsconsole.notify.internal.schema.tables.records.NotifyDeliveryRecord;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;

/**
 * The outbox in {@code notify_delivery}: one row per message and channel. A row is {@link State#PENDING} until it is
 * sent or given up ({@link State#FAILED}). A node {@linkplain #claim claims} a due row with one conditional update, so
 * that of several nodes on one database exactly one sends it; the claim lasts until {@code claimed_until}, after which
 * (the node died mid-send) another node may send it again. The outcome updates hold only while the row is still pending
 * and claimed by the node that reports. Thread-safe: every method is one statement on the module's {@link Database} or
 * runs in the transaction it is given.
 */
final class Deliveries {

    /** How a delivery stands, as the column {@code state} holds it. */
    enum State {
        /** To be sent at {@code next_attempt_at} (or waiting for its channel's kind to be installed). */
        PENDING,
        /** The channel took it. */
        SENT,
        /** Given up: a permanent error, or the last attempt failed. */
        FAILED
    }

    static final int ERROR_LENGTH = NOTIFY_DELIVERY.LAST_ERROR.getDataType().length();
    static final int NODE_LENGTH = NOTIFY_DELIVERY.CLAIMED_BY.getDataType().length();

    /** A claimed delivery with its message and channel (null when the channel was removed). */
    record Claimed(NotifyDeliveryRecord delivery, NotifyMessageRecord message, NotifyChannelRecord channel) {
    }

    /** A row of the delivery log: the delivery, its message, and its channel (null when it was removed). */
    record Entry(NotifyDeliveryRecord delivery, NotifyMessageRecord message, NotifyChannelRecord channel) {
    }

    private final Database database;

    Deliveries(Database database) {
        this.database = database;
    }

    /** Queues a delivery due now, in the transaction given. */
    static void insertPending(DSLContext tx, long messageId, String channelId, Instant now) {
        tx.insertInto(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.MESSAGE_ID, messageId)
                .set(NOTIFY_DELIVERY.CHANNEL_ID, channelId)
                .set(NOTIFY_DELIVERY.STATE, State.PENDING.name())
                .set(NOTIFY_DELIVERY.ATTEMPTS, 0)
                .set(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT, now)
                .execute();
    }

    /**
     * Records a delivery that is over already, in the transaction given: sent, or failed with an error.
     *
     * @param attempts how many attempts it took
     * @param error null for sent
     * @return the delivery's id
     */
    static long insertDone(DSLContext tx, long messageId, String channelId, int attempts, String error, String node, Instant now) {
        Long id = tx.insertInto(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.MESSAGE_ID, messageId)
                .set(NOTIFY_DELIVERY.CHANNEL_ID, channelId)
                .set(NOTIFY_DELIVERY.STATE, error == null ? State.SENT.name() : State.FAILED.name())
                .set(NOTIFY_DELIVERY.ATTEMPTS, attempts)
                .set(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT, now)
                .set(NOTIFY_DELIVERY.LAST_ATTEMPT_AT, attempts > 0 ? now : null)
                .set(NOTIFY_DELIVERY.LAST_ERROR, error == null ? null : fit(error, ERROR_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_BY, node == null ? null : fit(node, NODE_LENGTH))
                .set(NOTIFY_DELIVERY.DELIVERED_AT, error == null ? now : null)
                .returningResult(NOTIFY_DELIVERY.ID)
                .fetchOne(NOTIFY_DELIVERY.ID);
        if (id == null) {
            throw new IllegalStateException("the database did not return the id of the new delivery");
        }
        return id;
    }

    /** Pending, due, and not claimed by a node (or its claim expired). */
    private static Condition due(Instant now) {
        return NOTIFY_DELIVERY.STATE.eq(State.PENDING.name())
                .and(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT.le(now))
                .and(NOTIFY_DELIVERY.CLAIMED_UNTIL.isNull().or(NOTIFY_DELIVERY.CLAIMED_UNTIL.lt(now)));
    }

    /**
     * @param types the installed channel kinds: deliveries through channels of other kinds wait
     * @return the ids of the deliveries due now through channels of these kinds, oldest due first
     */
    List<Long> due(Instant now, Set<String> types, int limit) {
        return database.dsl().select(NOTIFY_DELIVERY.ID)
                .from(NOTIFY_DELIVERY)
                .join(NOTIFY_CHANNEL).on(NOTIFY_CHANNEL.ID.eq(NOTIFY_DELIVERY.CHANNEL_ID))
                .where(due(now).and(NOTIFY_CHANNEL.TYPE.in(types)))
                .orderBy(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT, NOTIFY_DELIVERY.ID)
                .limit(limit)
                .fetch(NOTIFY_DELIVERY.ID);
    }

    /** @return the kinds of the channels that have deliveries due now, installed or not */
    Set<String> dueTypes(Instant now) {
        return Set.copyOf(database.dsl().selectDistinct(NOTIFY_CHANNEL.TYPE)
                .from(NOTIFY_DELIVERY)
                .join(NOTIFY_CHANNEL).on(NOTIFY_CHANNEL.ID.eq(NOTIFY_DELIVERY.CHANNEL_ID))
                .where(due(now))
                .fetch(NOTIFY_CHANNEL.TYPE));
    }

    /**
     * Tells the due deliveries through channels of a kind that is not installed why they wait (without an attempt).
     *
     * @return how many deliveries got the error
     */
    int waitForKind(String type, String error, Instant now) {
        String text = fit(error, ERROR_LENGTH);
        return database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.LAST_ERROR, text)
                .where(due(now))
                .and(NOTIFY_DELIVERY.CHANNEL_ID.in(DSL.select(NOTIFY_CHANNEL.ID).from(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.TYPE.eq(type))))
                .and(NOTIFY_DELIVERY.LAST_ERROR.isNull().or(NOTIFY_DELIVERY.LAST_ERROR.ne(text)))
                .execute();
    }

    /**
     * Claims a due delivery for a node until a time: one conditional update, which only one of several nodes wins.
     *
     * @return whether this node has it now
     */
    boolean claim(long id, String node, Instant now, Instant until) {
        return database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.CLAIMED_BY, fit(node, NODE_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, until)
                .where(NOTIFY_DELIVERY.ID.eq(id).and(due(now)))
                .execute() == 1;
    }

    /** @return a delivery with its message and its channel (null when removed) */
    Optional<Claimed> load(long id) {
        return database.dsl().select(NOTIFY_DELIVERY.fields()).select(NOTIFY_MESSAGE.fields()).select(NOTIFY_CHANNEL.fields())
                .from(NOTIFY_DELIVERY)
                .join(NOTIFY_MESSAGE).on(NOTIFY_MESSAGE.ID.eq(NOTIFY_DELIVERY.MESSAGE_ID))
                .leftJoin(NOTIFY_CHANNEL).on(NOTIFY_CHANNEL.ID.eq(NOTIFY_DELIVERY.CHANNEL_ID))
                .where(NOTIFY_DELIVERY.ID.eq(id))
                .fetchOptional(row -> new Claimed(row.into(NOTIFY_DELIVERY), row.into(NOTIFY_MESSAGE), channel(row)));
    }

    private static NotifyChannelRecord channel(Record row) {
        return row.get(NOTIFY_CHANNEL.ID) == null ? null : row.into(NOTIFY_CHANNEL);
    }

    private static Condition heldBy(long id, String node) {
        return NOTIFY_DELIVERY.ID.eq(id).and(NOTIFY_DELIVERY.STATE.eq(State.PENDING.name()))
                .and(NOTIFY_DELIVERY.CLAIMED_BY.eq(fit(node, NODE_LENGTH)));
    }

    /** Records that a node's claimed delivery was sent. @return false when the node no longer held it */
    boolean sent(long id, String node, int attempts, Instant now) {
        return database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.STATE, State.SENT.name())
                .set(NOTIFY_DELIVERY.ATTEMPTS, attempts)
                .set(NOTIFY_DELIVERY.LAST_ATTEMPT_AT, now)
                .set(NOTIFY_DELIVERY.DELIVERED_AT, now)
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                .where(heldBy(id, node))
                .execute() == 1;
    }

    /** Records a failed attempt to be tried again at a time. @return false when the node no longer held it */
    boolean retryLater(long id, String node, int attempts, Instant next, String error, Instant now) {
        return database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.ATTEMPTS, attempts)
                .set(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT, next)
                .set(NOTIFY_DELIVERY.LAST_ATTEMPT_AT, now)
                .set(NOTIFY_DELIVERY.LAST_ERROR, fit(error, ERROR_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                .where(heldBy(id, node))
                .execute() == 1;
    }

    /**
     * Gives a node's claimed delivery up.
     *
     * @param attempted whether an attempt was made now (else the channel was not there to try)
     * @return false when the node no longer held it
     */
    boolean failed(long id, String node, int attempts, String error, boolean attempted, Instant now) {
        var update = database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.STATE, State.FAILED.name())
                .set(NOTIFY_DELIVERY.ATTEMPTS, attempts)
                .set(NOTIFY_DELIVERY.LAST_ERROR, fit(error, ERROR_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null);
        if (attempted) {
            update = update.set(NOTIFY_DELIVERY.LAST_ATTEMPT_AT, now);
        }
        return update.where(heldBy(id, node)).execute() == 1;
    }

    /** Gives a claim back without an attempt, saying why the delivery waits. @return false when the node no longer held it */
    boolean release(long id, String node, String error) {
        return database.dsl().update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.LAST_ERROR, fit(error, ERROR_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                .where(heldBy(id, node))
                .execute() == 1;
    }

    /** Gives up the pending deliveries through a channel (it is being removed), in the transaction given. */
    static int failPendingOf(DSLContext tx, String channelId, String error) {
        return tx.update(NOTIFY_DELIVERY)
                .set(NOTIFY_DELIVERY.STATE, State.FAILED.name())
                .set(NOTIFY_DELIVERY.LAST_ERROR, fit(error, ERROR_LENGTH))
                .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                .where(NOTIFY_DELIVERY.CHANNEL_ID.eq(channelId).and(NOTIFY_DELIVERY.STATE.eq(State.PENDING.name())))
                .execute();
    }

    /** What became of an operator's request to send a failed delivery again. */
    enum Retry {
        /** It is pending again, due now, its attempts counted from zero. */
        QUEUED,
        /** No such delivery. */
        UNKNOWN,
        /** It is not failed (pending or sent). */
        NOT_FAILED,
        /** Its channel was removed. */
        NO_CHANNEL
    }

    /**
     * Makes a failed delivery pending again, due now, with its attempts counted from zero.
     *
     * @param queued called in the same transaction once it is queued again, with the delivery as it was (the audit
     *        record): when it throws, nothing changes
     */
    Retry retry(long id, Instant now, Consumer<NotifyDeliveryRecord> queued) {
        return database.transactionResult(c -> {
            DSLContext tx = c.dsl();
            NotifyDeliveryRecord delivery = tx.selectFrom(NOTIFY_DELIVERY).where(NOTIFY_DELIVERY.ID.eq(id)).forUpdate().fetchOne();
            if (delivery == null) {
                return Retry.UNKNOWN;
            }
            if (!State.FAILED.name().equals(delivery.getState())) {
                return Retry.NOT_FAILED;
            }
            if (!tx.fetchExists(NOTIFY_CHANNEL, NOTIFY_CHANNEL.ID.eq(delivery.getChannelId()))) {
                return Retry.NO_CHANNEL;
            }
            tx.update(NOTIFY_DELIVERY)
                    .set(NOTIFY_DELIVERY.STATE, State.PENDING.name())
                    .set(NOTIFY_DELIVERY.ATTEMPTS, 0)
                    .set(NOTIFY_DELIVERY.NEXT_ATTEMPT_AT, now)
                    .set(NOTIFY_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                    .where(NOTIFY_DELIVERY.ID.eq(id))
                    .execute();
            queued.accept(delivery);
            return Retry.QUEUED;
        });
    }

    /**
     * The delivery log, newest first.
     *
     * @param state only deliveries in this state; null for all
     * @param channelId only deliveries through this channel; null for all
     * @param before only deliveries with a smaller id; null for the newest
     */
    List<Entry> log(State state, String channelId, int limit, Long before) {
        Condition where = (state == null ? DSL.noCondition() : NOTIFY_DELIVERY.STATE.eq(state.name()))
                .and(channelId == null ? DSL.noCondition() : NOTIFY_DELIVERY.CHANNEL_ID.eq(channelId))
                .and(before == null ? DSL.noCondition() : NOTIFY_DELIVERY.ID.lt(before));
        return database.dsl().select(NOTIFY_DELIVERY.fields()).select(NOTIFY_MESSAGE.fields()).select(NOTIFY_CHANNEL.fields())
                .from(NOTIFY_DELIVERY)
                .join(NOTIFY_MESSAGE).on(NOTIFY_MESSAGE.ID.eq(NOTIFY_DELIVERY.MESSAGE_ID))
                .leftJoin(NOTIFY_CHANNEL).on(NOTIFY_CHANNEL.ID.eq(NOTIFY_DELIVERY.CHANNEL_ID))
                .where(where)
                .orderBy(NOTIFY_DELIVERY.ID.desc())
                .limit(limit)
                .fetch(row -> new Entry(row.into(NOTIFY_DELIVERY), row.into(NOTIFY_MESSAGE), channel(row)));
    }

    /** @return how many deliveries are in each state */
    Map<State, Integer> counts() {
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State state : State.values()) {
            counts.put(state, 0);
        }
        database.dsl().select(NOTIFY_DELIVERY.STATE, DSL.count()).from(NOTIFY_DELIVERY).groupBy(NOTIFY_DELIVERY.STATE)
                .forEach(row -> {
                    try {
                        counts.put(State.valueOf(row.value1()), row.value2());
                    } catch (IllegalArgumentException unknown) {
                        // a state this version does not know: not counted
                    }
                });
        return counts;
    }

    /** @return per channel id, how many of its deliveries are pending and failed */
    Map<String, Map<State, Integer>> countsByChannel() {
        Map<String, Map<State, Integer>> counts = new HashMap<>();
        database.dsl().select(NOTIFY_DELIVERY.CHANNEL_ID, NOTIFY_DELIVERY.STATE, DSL.count())
                .from(NOTIFY_DELIVERY)
                .where(NOTIFY_DELIVERY.STATE.in(State.PENDING.name(), State.FAILED.name()))
                .groupBy(NOTIFY_DELIVERY.CHANNEL_ID, NOTIFY_DELIVERY.STATE)
                .forEach(row -> counts.computeIfAbsent(row.value1(), id -> new EnumMap<>(State.class))
                        .put(State.valueOf(row.value2()), row.value3()));
        return counts;
    }

    /** A text cut to a column's length, ending in an ellipsis when it was cut. */
    static String fit(String text, int length) {
        if (text == null || text.length() <= length) {
            return text;
        }
        int end = length - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "…";
    }
}
