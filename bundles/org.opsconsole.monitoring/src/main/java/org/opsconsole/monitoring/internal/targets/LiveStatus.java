package org.opsconsole.monitoring.internal.targets;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET_EVENT;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opsconsole.api.db.Database;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringTargetEventRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the latest probes found, target by target: up or down since when, and the last 50 results (kept in memory
 * only). A target going up or down is stored as an event ({@code monitoring_target_event}) for its history and for
 * flapping; listeners (the live status stream) hear of every change of state.
 */
@Component(service = LiveStatus.class)
public class LiveStatus {

    /** Results kept per target. */
    static final int RECENT = 50;

    /** A target's state. */
    public enum State {
        /** The last probe found it up. */
        UP,
        /** The last probe found it down. */
        DOWN,
        /** Not probed since the console started. */
        UNKNOWN
    }

    /**
     * A target's status now.
     *
     * @param targetId the target
     * @param state its state
     * @param since since when it is in that state (null when unknown)
     * @param lastAt when it was probed last (null when never)
     * @param message what the last probe said, in Chinese
     * @param messageEn the same in English
     * @param durationMillis how long the last probe took
     */
    public record Status(long targetId, State state, Instant since, Instant lastAt, String message, String messageEn,
            long durationMillis) {
    }

    /**
     * An up/down change.
     *
     * @param at when
     * @param up whether it went up
     * @param message what the probe said, in Chinese
     * @param messageEn the same in English (the Chinese text for a change stored without one)
     */
    public record Event(Instant at, boolean up, String message, String messageEn) {
    }

    private final Database database;
    private final Map<Long, Status> status = new ConcurrentHashMap<>();
    private final Map<Long, Deque<ProbeOutcome>> recent = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<Long, Status> stored = Map.of();
    private volatile long storedAt = Long.MIN_VALUE / 2;

    /** @param database the module's database */
    @Activate
    public LiveStatus(@Reference Database database) {
        this.database = database;
    }

    /** @param listener told when a target's state changes */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Records a probe's outcome.
     *
     * @param outcome the outcome
     */
    public void record(ProbeOutcome outcome) {
        Deque<ProbeOutcome> results = recent.computeIfAbsent(outcome.targetId(), id -> new ArrayDeque<>());
        synchronized (results) {
            results.addFirst(outcome);
            while (results.size() > RECENT) {
                results.removeLast();
            }
        }
        State state = outcome.up() ? State.UP : State.DOWN;
        Status before = status.get(outcome.targetId());
        Instant since;
        boolean changed;
        if (before == null || before.state() == State.UNKNOWN) {
            Optional<Event> last = events(outcome.targetId(), 1).stream().findFirst();
            changed = last.isEmpty() || last.get().up() != outcome.up();
            since = changed ? outcome.at() : last.get().at();
        } else {
            changed = before.state() != state;
            since = changed ? outcome.at() : before.since();
        }
        status.put(outcome.targetId(), new Status(outcome.targetId(), state, since, outcome.at(), outcome.message(),
                outcome.messageEn(), outcome.durationMillis()));
        if (changed) {
            MonitoringTargetEventRecord event = database.dsl().newRecord(MONITORING_TARGET_EVENT);
            event.setTargetId(outcome.targetId());
            event.setAtMs(outcome.at().toEpochMilli());
            event.setUp(outcome.up());
            event.setMessage(cut(outcome.message()));
            event.setMessageEn(cut(outcome.messageEn()));
            event.store();
        }
        if (changed || before == null) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * A target's status: what this node's probes found, or else (on a node of a cluster that does not monitor, or
     * before the first probe) the last stored up/down change, read again at most every 5 seconds.
     *
     * @param targetId a target
     * @return its status; UNKNOWN when it was never probed
     */
    public Status status(long targetId) {
        Status live = status.get(targetId);
        if (live != null) {
            return live;
        }
        long now = System.currentTimeMillis();
        if (now - storedAt > 5_000) {
            Map<Long, Status> last = new ConcurrentHashMap<>();
            var latest = database.dsl().select(org.jooq.impl.DSL.max(MONITORING_TARGET_EVENT.ID)).from(MONITORING_TARGET_EVENT)
                    .groupBy(MONITORING_TARGET_EVENT.TARGET_ID);
            database.dsl().selectFrom(MONITORING_TARGET_EVENT).where(MONITORING_TARGET_EVENT.ID.in(latest)).forEach(r -> last.put(
                    r.getTargetId(), new Status(r.getTargetId(), r.getUp() ? State.UP : State.DOWN, Instant.ofEpochMilli(r.getAtMs()),
                            null, r.getMessage(), messageEn(r), 0)));
            stored = last;
            storedAt = now;
        }
        return stored.getOrDefault(targetId, new Status(targetId, State.UNKNOWN, null, null, "", "", 0));
    }

    /**
     * @param targetId a target
     * @return its last results, newest first
     */
    public List<ProbeOutcome> recent(long targetId) {
        Deque<ProbeOutcome> results = recent.get(targetId);
        if (results == null) {
            return List.of();
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /**
     * @param targetId a target
     * @param limit most events
     * @return its up/down changes, newest first
     */
    public List<Event> events(long targetId, int limit) {
        return database.dsl().selectFrom(MONITORING_TARGET_EVENT).where(MONITORING_TARGET_EVENT.TARGET_ID.eq(targetId))
                .orderBy(MONITORING_TARGET_EVENT.AT_MS.desc(), MONITORING_TARGET_EVENT.ID.desc()).limit(limit)
                .fetch(r -> new Event(Instant.ofEpochMilli(r.getAtMs()), r.getUp(), r.getMessage(), messageEn(r)));
    }

    /** @return the stored English message, or the Chinese one for a change stored without it */
    private static String messageEn(MonitoringTargetEventRecord r) {
        return r.getMessageEn() == null ? r.getMessage() : r.getMessageEn();
    }

    private static String cut(String message) {
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /**
     * @param targetId a target
     * @param from the start
     * @param to the end
     * @return the times it went up or down in the range, oldest first
     */
    public List<Instant> changes(long targetId, Instant from, Instant to) {
        return database.dsl().select(MONITORING_TARGET_EVENT.AT_MS).from(MONITORING_TARGET_EVENT)
                .where(MONITORING_TARGET_EVENT.TARGET_ID.eq(targetId))
                .and(MONITORING_TARGET_EVENT.AT_MS.between(from.toEpochMilli(), to.toEpochMilli()))
                .orderBy(MONITORING_TARGET_EVENT.AT_MS).fetch(r -> Instant.ofEpochMilli(r.value1()));
    }

    /** @param targetId a deleted target, forgotten */
    public void forget(long targetId) {
        status.remove(targetId);
        recent.remove(targetId);
        listeners.forEach(Runnable::run);
    }
}
