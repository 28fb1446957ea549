package org.opsconsole.jobs.internal;

import static org.opsconsole.jobs.internal.schema.Tables.JOBS_RUN;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.jobs.internal.schema.tables.records.JobsRunRecord;

/**
 * The run history in the table {@code jobs_run}: claiming a firing (the row's unique key lets one console node of
 * the cluster have it), the end of a run, progress, the runs a stopped node left behind, the history and its
 * cleanup. Thread-safe: every method is one statement on the module's {@link Database}.
 */
final class JobRuns {

    /** How a run stands or ended, as the column {@code outcome} holds it. */
    enum Outcome {
        /** It runs now (or ran on a node that stopped without saying so). */
        RUNNING,
        /** The job returned. */
        SUCCESS,
        /** The job threw. */
        FAILED,
        /** The console (or the job's module) stopped while it ran. */
        INTERRUPTED
    }

    /** The longest texts the columns hold (from the migration script); longer ones are cut, ending in an ellipsis. */
    static final int JOB_ID_LENGTH = JOBS_RUN.JOB_ID.getDataType().length();
    static final int NODE_LENGTH = JOBS_RUN.NODE.getDataType().length();
    static final int USER_LENGTH = JOBS_RUN.REQUESTED_BY.getDataType().length();
    static final int MESSAGE_LENGTH = JOBS_RUN.MESSAGE.getDataType().length();
    static final int PROGRESS_LENGTH = JOBS_RUN.PROGRESS.getDataType().length();

    /** A page of a job's runs, newest first, and how many runs it has in all. */
    record Page(long total, int page, int size, List<JobsRunRecord> runs) {
    }

    private final Database database;

    JobRuns(Database database) {
        this.database = database;
    }

    /**
     * Claims a firing for this node: inserts its row as {@link Outcome#RUNNING}.
     *
     * @param requestedBy the user who asked for a run now; null for a scheduled firing
     * @return the run's id; empty when the firing is claimed already (by another node, or before)
     */
    OptionalLong claim(String jobId, Instant scheduledAt, String node, String requestedBy, Instant startedAt) {
        DSLContext dsl = database.dsl();
        try {
            Long id = dsl.insertInto(JOBS_RUN)
                    .set(JOBS_RUN.JOB_ID, jobId)
                    .set(JOBS_RUN.SCHEDULED_AT, scheduledAt)
                    .set(JOBS_RUN.NODE, fit(node, NODE_LENGTH))
                    .set(JOBS_RUN.REQUESTED_BY, requestedBy == null ? null : fit(requestedBy, USER_LENGTH))
                    .set(JOBS_RUN.STARTED_AT, startedAt)
                    .set(JOBS_RUN.OUTCOME, Outcome.RUNNING.name())
                    .returningResult(JOBS_RUN.ID)
                    .fetchOne(JOBS_RUN.ID);
            if (id == null) {
                throw new IllegalStateException("the database did not return the id of the new run of " + jobId);
            }
            return OptionalLong.of(id);
        } catch (DataAccessException e) {
            // a duplicate key is a constraint violation (SQL state class 23); so would be other violations,
            // which the row is there to tell apart
            if (e.sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION
                    && dsl.fetchExists(JOBS_RUN, JOBS_RUN.JOB_ID.eq(jobId).and(JOBS_RUN.SCHEDULED_AT.eq(scheduledAt)))) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * Records the end of a run, unless it is no longer running (a stopping node marked it interrupted already).
     *
     * @return whether the row was still running and now records the end
     */
    boolean finish(long id, Outcome outcome, String message, String progress, Instant endedAt) {
        return database.dsl().update(JOBS_RUN)
                .set(JOBS_RUN.OUTCOME, outcome.name())
                .set(JOBS_RUN.MESSAGE, message == null ? null : fit(message, MESSAGE_LENGTH))
                .set(JOBS_RUN.PROGRESS, progress == null ? null : fit(progress, PROGRESS_LENGTH))
                .set(JOBS_RUN.ENDED_AT, endedAt)
                .where(JOBS_RUN.ID.eq(id).and(JOBS_RUN.OUTCOME.eq(Outcome.RUNNING.name())))
                .execute() == 1;
    }

    /** Records when a run asked for began, after it waited for a free thread. */
    void started(long id, Instant startedAt) {
        database.dsl().update(JOBS_RUN)
                .set(JOBS_RUN.STARTED_AT, startedAt)
                .where(JOBS_RUN.ID.eq(id).and(JOBS_RUN.OUTCOME.eq(Outcome.RUNNING.name())))
                .execute();
    }

    /** Records what a running run does now. */
    void progress(long id, String progress) {
        database.dsl().update(JOBS_RUN)
                .set(JOBS_RUN.PROGRESS, fit(progress, PROGRESS_LENGTH))
                .where(JOBS_RUN.ID.eq(id).and(JOBS_RUN.OUTCOME.eq(Outcome.RUNNING.name())))
                .execute();
    }

    /**
     * Marks the runs of a node that are still recorded as running as {@link Outcome#INTERRUPTED}.
     *
     * @param startedBefore only the runs that started before this time; null for all
     * @return how many runs were marked
     */
    int interruptRunning(String node, Instant startedBefore, String message, Instant endedAt) {
        return database.dsl().update(JOBS_RUN)
                .set(JOBS_RUN.OUTCOME, Outcome.INTERRUPTED.name())
                .set(JOBS_RUN.MESSAGE, fit(message, MESSAGE_LENGTH))
                .set(JOBS_RUN.ENDED_AT, endedAt)
                .where(JOBS_RUN.OUTCOME.eq(Outcome.RUNNING.name()).and(JOBS_RUN.NODE.eq(fit(node, NODE_LENGTH))))
                .and(startedBefore == null ? DSL.noCondition() : JOBS_RUN.STARTED_AT.lt(startedBefore))
                .execute();
    }

    /** @return each job's newest run, by job id */
    Map<String, JobsRunRecord> latestByJob() {
        Map<String, JobsRunRecord> latest = new LinkedHashMap<>();
        database.dsl().selectFrom(JOBS_RUN)
                .where(JOBS_RUN.ID.in(DSL.select(DSL.max(JOBS_RUN.ID)).from(JOBS_RUN).groupBy(JOBS_RUN.JOB_ID)))
                .forEach(run -> latest.put(run.getJobId(), run));
        return latest;
    }

    /** @return the jobs with a run recorded as running, on any node */
    Set<String> runningJobs() {
        return database.dsl().selectDistinct(JOBS_RUN.JOB_ID).from(JOBS_RUN)
                .where(JOBS_RUN.OUTCOME.eq(Outcome.RUNNING.name()))
                .fetch(JOBS_RUN.JOB_ID).stream().collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return one run; null when there is none with the id */
    JobsRunRecord find(long id) {
        return database.dsl().selectFrom(JOBS_RUN).where(JOBS_RUN.ID.eq(id)).fetchOne();
    }

    /** @return a page of the job's runs, newest first */
    Page history(String jobId, int page, int size) {
        DSLContext dsl = database.dsl();
        long total = dsl.fetchCount(JOBS_RUN, JOBS_RUN.JOB_ID.eq(jobId));
        List<JobsRunRecord> runs = dsl.selectFrom(JOBS_RUN)
                .where(JOBS_RUN.JOB_ID.eq(jobId))
                .orderBy(JOBS_RUN.ID.desc())
                .limit(size)
                .offset((long) page * size)
                .fetch();
        return new Page(total, page, size, runs);
    }

    /**
     * Removes the runs that started before a time.
     *
     * @return how many were removed
     */
    int deleteStartedBefore(Instant cutoff) {
        return database.dsl().deleteFrom(JOBS_RUN).where(JOBS_RUN.STARTED_AT.lt(cutoff)).execute();
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
