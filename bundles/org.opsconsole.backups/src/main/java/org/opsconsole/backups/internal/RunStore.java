package org.opsconsole.backups.internal;

import static org.opsconsole.backups.internal.schema.Tables.BACKUP_RESTORE;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_RUN;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_USAGE;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_VERIFICATION;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.backups.internal.schema.tables.records.BackupRestoreRecord;
import org.opsconsole.backups.internal.schema.tables.records.BackupRunRecord;
import org.opsconsole.backups.internal.schema.tables.records.BackupVerificationRecord;

/** The record of backups, verifications and restores, and the repository's size by day. Thread-safe. */
public final class RunStore {

    /** Longest error or detail kept, in characters. */
    private static final int MAX_TEXT = 3900;

    private final Database database;
    private final Clock clock;

    RunStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Records a backup that starts. */
    void started(String id, Target target, Run.Reason reason, String node, String requestedBy, String note) {
        Instant now = clock.instant();
        database.dsl().insertInto(BACKUP_RUN)
                .set(BACKUP_RUN.ID, id)
                .set(BACKUP_RUN.TARGET_ID, target.id())
                .set(BACKUP_RUN.TARGET_NAME, target.name())
                .set(BACKUP_RUN.TARGET_NAME_EN, target.nameEn())
                .set(BACKUP_RUN.REASON, reason.name())
                .set(BACKUP_RUN.STATE, Run.State.RUNNING.name())
                .set(BACKUP_RUN.NODE, node)
                .set(BACKUP_RUN.REQUESTED_BY, requestedBy)
                .set(BACKUP_RUN.NOTE, cut(note, 500))
                .set(BACKUP_RUN.STARTED_AT, now)
                .set(BACKUP_RUN.HEARTBEAT_AT, now)
                .set(BACKUP_RUN.VERIFY_STATE, Run.VerifyState.NONE.name())
                .execute();
    }

    /** Says a running backup is still alive. */
    void heartbeat(String id) {
        database.dsl().update(BACKUP_RUN).set(BACKUP_RUN.HEARTBEAT_AT, clock.instant())
                .where(BACKUP_RUN.ID.eq(id).and(BACKUP_RUN.STATE.eq(Run.State.RUNNING.name()))).execute();
    }

    /** Records a backup that completed: its manifest is in the repository. */
    void completed(String id, long sizeBytes, long plainBytes, Integer tables, Long rows, Long files, String keyId, String manifestSha256) {
        Instant now = clock.instant();
        Instant started = database.dsl().select(BACKUP_RUN.STARTED_AT).from(BACKUP_RUN).where(BACKUP_RUN.ID.eq(id)).fetchOne(BACKUP_RUN.STARTED_AT);
        database.dsl().update(BACKUP_RUN)
                .set(BACKUP_RUN.STATE, Run.State.COMPLETE.name())
                .set(BACKUP_RUN.FINISHED_AT, now)
                .set(BACKUP_RUN.SIZE_BYTES, sizeBytes)
                .set(BACKUP_RUN.PLAIN_BYTES, plainBytes)
                .set(BACKUP_RUN.TABLE_COUNT, tables)
                .set(BACKUP_RUN.ROW_COUNT, rows)
                .set(BACKUP_RUN.FILE_COUNT, files)
                .set(BACKUP_RUN.DURATION_MS, started == null ? null : Duration.between(started, now).toMillis())
                .set(BACKUP_RUN.KEY_ID, keyId)
                .set(BACKUP_RUN.MANIFEST_SHA256, manifestSha256)
                .where(BACKUP_RUN.ID.eq(id))
                .execute();
    }

    /** Records a backup that ended without completing (FAILED or INTERRUPTED). */
    void ended(String id, Run.State state, String error) {
        Instant now = clock.instant();
        database.dsl().update(BACKUP_RUN)
                .set(BACKUP_RUN.STATE, state.name())
                .set(BACKUP_RUN.FINISHED_AT, now)
                .set(BACKUP_RUN.ERROR, cut(error, MAX_TEXT))
                .where(BACKUP_RUN.ID.eq(id).and(BACKUP_RUN.STATE.eq(Run.State.RUNNING.name())))
                .execute();
    }

    /** Records that a backup was pruned. */
    void pruned(String id) {
        database.dsl().update(BACKUP_RUN).set(BACKUP_RUN.STATE, Run.State.PRUNED.name())
                .where(BACKUP_RUN.ID.eq(id).and(BACKUP_RUN.STATE.eq(Run.State.COMPLETE.name()))).execute();
    }

    public Optional<Run> find(String id) {
        return database.dsl().selectFrom(BACKUP_RUN).where(BACKUP_RUN.ID.eq(id)).fetchOptional(RunStore::run);
    }

    /**
     * @return each target's latest run, by target id, in one query: the last started, as {@link #list} orders them
     */
    public Map<Long, Run> latestByTarget() {
        var lastStart = DSL.select(BACKUP_RUN.TARGET_ID, DSL.max(BACKUP_RUN.STARTED_AT)).from(BACKUP_RUN)
                .groupBy(BACKUP_RUN.TARGET_ID);
        Map<Long, Run> latest = new HashMap<>();
        database.dsl().selectFrom(BACKUP_RUN).where(DSL.row(BACKUP_RUN.TARGET_ID, BACKUP_RUN.STARTED_AT).in(lastStart))
                .fetch(RunStore::run)
                .forEach(run -> latest.merge(run.targetId(), run, (a, b) -> a.id().compareTo(b.id()) >= 0 ? a : b));
        return latest;
    }

    /**
     * @param targetId a target, or null for all
     * @param states the states wanted, or empty for all
     * @param limit the most returned
     * @return backups, the newest first
     */
    public List<Run> list(Long targetId, List<Run.State> states, int limit) {
        Condition where = DSL.trueCondition();
        if (targetId != null) {
            where = where.and(BACKUP_RUN.TARGET_ID.eq(targetId));
        }
        if (!states.isEmpty()) {
            where = where.and(BACKUP_RUN.STATE.in(states.stream().map(Enum::name).toList()));
        }
        return database.dsl().selectFrom(BACKUP_RUN).where(where).orderBy(BACKUP_RUN.STARTED_AT.desc(), BACKUP_RUN.ID.desc())
                .limit(limit).fetch(RunStore::run);
    }

    /** @return the running backups of a node, or of every node whose heartbeat is older than the given time */
    List<Run> running(String node, Instant staleBefore) {
        return database.dsl().selectFrom(BACKUP_RUN).where(BACKUP_RUN.STATE.eq(Run.State.RUNNING.name())
                .and(BACKUP_RUN.NODE.eq(node).or(BACKUP_RUN.HEARTBEAT_AT.lt(staleBefore)))).fetch(RunStore::run);
    }

    /** @return the newest complete backup of a target completed after a time */
    Optional<Run> latestComplete(long targetId, Instant after) {
        return database.dsl().selectFrom(BACKUP_RUN)
                .where(BACKUP_RUN.TARGET_ID.eq(targetId).and(BACKUP_RUN.STATE.eq(Run.State.COMPLETE.name()))
                        .and(BACKUP_RUN.FINISHED_AT.gt(after)))
                .orderBy(BACKUP_RUN.FINISHED_AT.desc()).limit(1).fetchOptional(RunStore::run);
    }

    /** Records a verification and its outcome on the backup. */
    void verified(String backupId, Instant started, boolean passed, String requestedBy, String detail) {
        Instant now = clock.instant();
        database.transaction(tx -> {
            tx.dsl().insertInto(BACKUP_VERIFICATION)
                    .set(BACKUP_VERIFICATION.BACKUP_ID, backupId)
                    .set(BACKUP_VERIFICATION.STARTED_AT, started)
                    .set(BACKUP_VERIFICATION.FINISHED_AT, now)
                    .set(BACKUP_VERIFICATION.DURATION_MS, Duration.between(started, now).toMillis())
                    .set(BACKUP_VERIFICATION.OUTCOME, passed ? "PASSED" : "FAILED")
                    .set(BACKUP_VERIFICATION.REQUESTED_BY, requestedBy)
                    .set(BACKUP_VERIFICATION.DETAIL, detail)
                    .execute();
            tx.dsl().update(BACKUP_RUN)
                    .set(BACKUP_RUN.VERIFY_STATE, (passed ? Run.VerifyState.PASSED : Run.VerifyState.FAILED).name())
                    .set(BACKUP_RUN.VERIFIED_AT, now)
                    .where(BACKUP_RUN.ID.eq(backupId))
                    .execute();
        });
    }

    public List<BackupVerificationRecord> verifications(String backupId, int limit) {
        Condition where = backupId == null ? DSL.trueCondition() : BACKUP_VERIFICATION.BACKUP_ID.eq(backupId);
        return database.dsl().selectFrom(BACKUP_VERIFICATION).where(where)
                .orderBy(BACKUP_VERIFICATION.STARTED_AT.desc(), BACKUP_VERIFICATION.ID.desc()).limit(limit).fetch();
    }

    /** Records a restore that starts; returns its id. */
    long restoreStarted(String backupId, long targetId, String destination, String requestedBy) {
        return database.dsl().insertInto(BACKUP_RESTORE)
                .set(BACKUP_RESTORE.BACKUP_ID, backupId)
                .set(BACKUP_RESTORE.TARGET_ID, targetId)
                .set(BACKUP_RESTORE.DESTINATION, destination)
                .set(BACKUP_RESTORE.STATE, "RUNNING")
                .set(BACKUP_RESTORE.REQUESTED_BY, requestedBy)
                .set(BACKUP_RESTORE.STARTED_AT, clock.instant())
                .returningResult(BACKUP_RESTORE.ID).fetchOne(BACKUP_RESTORE.ID);
    }

    /** Records how a restore ended. */
    void restoreEnded(long id, boolean done, String location, String safetyBackupId, String detail) {
        Instant now = clock.instant();
        Instant started = database.dsl().select(BACKUP_RESTORE.STARTED_AT).from(BACKUP_RESTORE).where(BACKUP_RESTORE.ID.eq(id))
                .fetchOne(BACKUP_RESTORE.STARTED_AT);
        database.dsl().update(BACKUP_RESTORE)
                .set(BACKUP_RESTORE.STATE, done ? "COMPLETE" : "FAILED")
                .set(BACKUP_RESTORE.FINISHED_AT, now)
                .set(BACKUP_RESTORE.DURATION_MS, started == null ? null : Duration.between(started, now).toMillis())
                .set(BACKUP_RESTORE.LOCATION, cut(location, 500))
                .set(BACKUP_RESTORE.SAFETY_BACKUP_ID, safetyBackupId)
                .set(BACKUP_RESTORE.DETAIL, cut(detail, MAX_TEXT))
                .where(BACKUP_RESTORE.ID.eq(id))
                .execute();
    }

    public List<BackupRestoreRecord> restores(int limit) {
        return database.dsl().selectFrom(BACKUP_RESTORE).orderBy(BACKUP_RESTORE.STARTED_AT.desc(), BACKUP_RESTORE.ID.desc()).limit(limit).fetch();
    }

    /**
     * The complete backups: how many, and their size in the repository.
     *
     * @param backups how many
     * @param sizeBytes their total size
     */
    public record Totals(int backups, long sizeBytes) {
    }

    /** @return the complete backups' count and size, from their records */
    public Totals totals() {
        org.jooq.Record2<Integer, java.math.BigDecimal> totals = database.dsl()
                .select(DSL.count(), DSL.sum(BACKUP_RUN.SIZE_BYTES)).from(BACKUP_RUN)
                .where(BACKUP_RUN.STATE.eq(Run.State.COMPLETE.name())).fetchOne();
        return new Totals(totals.value1(), totals.value2() == null ? 0 : totals.value2().longValue());
    }

    /** Records the complete backups' size today (the last value of the day stays). */
    void usage(ZoneId zone) {
        Totals totals = totals();
        long sizeBytes = totals.sizeBytes();
        int backups = totals.backups();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        database.transaction(tx -> {
            int updated = tx.dsl().update(BACKUP_USAGE).set(BACKUP_USAGE.SIZE_BYTES, sizeBytes).set(BACKUP_USAGE.BACKUPS, backups)
                    .where(BACKUP_USAGE.USAGE_DAY.eq(today)).execute();
            if (updated == 0) {
                tx.dsl().insertInto(BACKUP_USAGE).set(BACKUP_USAGE.USAGE_DAY, today).set(BACKUP_USAGE.SIZE_BYTES, sizeBytes)
                        .set(BACKUP_USAGE.BACKUPS, backups).execute();
            }
        });
    }

    /** @return the repository's size by day, the oldest first, for the last days */
    public List<org.jooq.Record3<LocalDate, Long, Integer>> usage(int days, ZoneId zone) {
        LocalDate from = LocalDate.ofInstant(clock.instant(), zone).minusDays(days);
        return database.dsl().select(BACKUP_USAGE.USAGE_DAY, BACKUP_USAGE.SIZE_BYTES, BACKUP_USAGE.BACKUPS).from(BACKUP_USAGE)
                .where(BACKUP_USAGE.USAGE_DAY.gt(from)).orderBy(BACKUP_USAGE.USAGE_DAY).fetch();
    }

    static Run run(BackupRunRecord r) {
        return new Run(r.getId(), r.getTargetId(), r.getTargetName(), r.getTargetNameEn(), Run.Reason.valueOf(r.getReason()),
                Run.State.valueOf(r.getState()), r.getNode(), r.getRequestedBy(), r.getNote(), r.getStartedAt(), r.getFinishedAt(),
                r.getSizeBytes(), r.getPlainBytes(), r.getTableCount(), r.getRowCount(), r.getFileCount(), r.getDurationMs(), r.getKeyId(),
                r.getError(), Run.VerifyState.valueOf(r.getVerifyState()), r.getVerifiedAt());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
