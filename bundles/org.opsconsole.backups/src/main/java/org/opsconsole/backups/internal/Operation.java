package org.opsconsole.backups.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.opsconsole.backups.internal.engine.Progress;

/**
 * A backup, verification or restore as it runs on this console node: what it is doing, how far it is, how it ended.
 * Shown by the console page while it runs; the lasting record is in the tables. Thread-safe.
 */
public final class Operation implements Progress {

    /** What an operation does. */
    public enum Kind {
        BACKUP, VERIFY, RESTORE
    }

    /** How far it is. */
    public enum State {
        RUNNING, DONE, FAILED
    }

    public final String id;
    public final Kind kind;
    final long targetId;
    public final String targetName;
    private final String targetNameEn;
    final String requestedBy;
    final Instant startedAt;
    private final Clock clock;
    private final String backupId;
    private volatile State state = State.RUNNING;
    private volatile String phase = "等待开始";
    private volatile String phaseEn = "Waiting to start";
    private volatile int tables;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private volatile long estimatedRows;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String result;
    private volatile Instant finishedAt;
    private volatile boolean cancelled;
    private volatile java.util.function.BooleanSupplier cancelledElsewhere = () -> false;

    Operation(String id, Kind kind, Target target, String backupId, String requestedBy, Clock clock) {
        this.id = id;
        this.kind = kind;
        this.targetId = target.id();
        this.targetName = target.name();
        this.targetNameEn = target.nameEn();
        this.backupId = backupId;
        this.requestedBy = requestedBy;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public String backupId() {
        return backupId;
    }

    public State state() {
        return state;
    }

    /** Also stops it when the given condition holds (a job's shutdown, the restore a backup is part of). */
    Operation cancelledWhen(java.util.function.BooleanSupplier condition) {
        this.cancelledElsewhere = condition;
        return this;
    }

    /** Asks it to stop at the next table or batch. */
    public void cancel() {
        cancelled = true;
    }

    void finish(boolean done, String message) {
        this.result = message;
        this.finishedAt = clock.instant();
        this.state = done ? State.DONE : State.FAILED;
    }

    /** @return the plain bytes done so far */
    long bytes() {
        return bytes.get();
    }

    @Override
    public void phase(String zh, String en) {
        this.phase = zh;
        this.phaseEn = en;
    }

    @Override
    public void total(int tables, long rows) {
        this.tables = tables;
        this.estimatedRows = rows;
        this.tablesDone.set(0);
        this.rows.set(0);
    }

    @Override
    public void advance(long rows, long bytes) {
        this.rows.addAndGet(rows);
        this.bytes.addAndGet(bytes);
    }

    @Override
    public void done(String table) {
        tablesDone.incrementAndGet();
    }

    @Override
    public boolean cancelled() {
        return cancelled || cancelledElsewhere.getAsBoolean();
    }

    /** @return the operation as the API shows it */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("kind", kind.name());
        view.put("targetId", targetId);
        view.put("targetName", targetName);
        view.put("targetNameEn", targetNameEn);
        view.put("backupId", backupId);
        view.put("requestedBy", requestedBy);
        view.put("state", state.name());
        view.put("phase", phase);
        view.put("phaseEn", phaseEn);
        view.put("tables", tables);
        view.put("tablesDone", tablesDone.get());
        view.put("rows", rows.get());
        view.put("estimatedRows", estimatedRows);
        view.put("bytes", bytes.get());
        view.put("startedAt", startedAt.toString());
        view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        view.put("result", result);
        return view;
    }
}
