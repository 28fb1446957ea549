package org.opsconsole.monitoring.internal.series;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_STATE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The time series' roll-ups and retention (监控数据降采样与清理), every 5 minutes on one node of the cluster:
 * <ol>
 * <li>complete 5-minute buckets of raw samples are rolled up into {@code monitoring_rollup_5m} (minimum, maximum, sum
 * and count per series and bucket), from where the {@code 5m} roll-up state says it is done up to the last bucket that
 * ended {@link #LAG} ago (samples arrive a little after they were measured);</li>
 * <li>complete hours of 5-minute buckets are rolled up into {@code monitoring_rollup_1h} the same way;</li>
 * <li>rows older than their table's retention ({@link SeriesStore#retention()}) are deleted, {@value #DELETE_CHUNK} at a
 * time; raw samples and 5-minute buckets only once they are rolled up.</li>
 * </ol>
 * Each slice of a roll-up ({@link #SLICE_5M} or {@link #SLICE_1H} of data) is one short transaction that locks the
 * state row, replaces the slice's buckets and moves the state on, so a crash leaves either both or neither, and a
 * second run (another node, an operator's run now) continues where the first one got to. Running it again changes
 * nothing.
 */
@Component(service = ScheduledJob.class)
@ScheduledJobService(id = "monitoring.rollup", title = "监控数据降采样与清理", titleEn = "Monitoring roll-ups and retention",
        cron = "0 */5 * * * ?")
public final class Rollups implements ScheduledJob {

    /** How long after a bucket ended it is rolled up: samples are queued and stored a little after they were measured. */
    static final Duration LAG = Duration.ofMinutes(1);
    /** Raw samples rolled up in one transaction, by time. */
    static final Duration SLICE_5M = Duration.ofHours(1);
    /** 5-minute buckets rolled up in one transaction, by time. */
    static final Duration SLICE_1H = Duration.ofHours(6);
    /** Rows deleted in one statement. */
    static final int DELETE_CHUNK = 10_000;

    private final Database database;
    private final SeriesStore.Retention retention;
    private final Clock clock;

    @Activate
    public Rollups(@Reference Database database, @Reference SeriesStore store) {
        this(database, store.retention(), Clock.systemUTC());
    }

    Rollups(Database database, SeriesStore.Retention retention, Clock clock) {
        this.database = database;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public String run(JobContext context) {
        return rollUpAndPrune(clock.instant(), () -> {
            if (context.isCancelled()) {
                throw new CancellationException("the console is shutting down");
            }
        }, context::progress);
    }

    /**
     * Rolls up what is complete at {@code now} and deletes what expired by then.
     *
     * @param now the time to work as of
     * @return what was done, for the job history
     */
    public String rollUpAndPrune(Instant now) {
        return rollUpAndPrune(now, () -> { }, message -> { });
    }

    private String rollUpAndPrune(Instant now, Runnable checkCancelled, java.util.function.Consumer<String> progress) {
        long nowMs = now.toEpochMilli();
        long fiveMinuteBucket = Resolution.FIVE_MINUTES.bucketMillis();
        progress.accept("5 分钟汇总 / rolling up 5-minute buckets");
        long fives = rollUp(Resolution.FIVE_MINUTES, Math.floorDiv(nowMs - LAG.toMillis(), fiveMinuteBucket) * fiveMinuteBucket,
                SLICE_5M, checkCancelled);
        progress.accept("1 小时汇总 / rolling up hourly buckets");
        Long fiveDone = done(database.dsl(), Resolution.FIVE_MINUTES);
        long hours = fiveDone == null ? 0 : rollUp(Resolution.HOUR,
                Math.floorDiv(fiveDone, Resolution.HOUR.bucketMillis()) * Resolution.HOUR.bucketMillis(), SLICE_1H,
                checkCancelled);
        progress.accept("清理过期数据 / removing expired rows");
        Long hourDone = done(database.dsl(), Resolution.HOUR);
        long raw = prune(Resolution.RAW, nowMs - retention.raw().toMillis(), fiveDone, checkCancelled);
        long five = prune(Resolution.FIVE_MINUTES, nowMs - retention.fiveMinutes().toMillis(), hourDone, checkCancelled);
        long hourly = prune(Resolution.HOUR, nowMs - retention.hourly().toMillis(), Long.MAX_VALUE, checkCancelled);
        return String.format("汇总 5 分钟 %d 个、1 小时 %d 个；删除原始 %d、5 分钟 %d、1 小时 %d 行 / rolled up %d 5-minute and %d "
                + "hourly buckets; removed %d raw, %d 5-minute and %d hourly rows", fives, hours, raw, five, hourly, fives,
                hours, raw, five, hourly);
    }

    /** @return where the roll-up is done (every bucket before it is rolled up), or null when it never ran */
    private static Long done(DSLContext dsl, Resolution resolution) {
        return dsl.select(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS).from(MONITORING_ROLLUP_STATE)
                .where(MONITORING_ROLLUP_STATE.RESOLUTION.eq(resolution.label())).fetchOne(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS);
    }

    /**
     * Rolls up the buckets of {@code target} that start before {@code complete}, a slice per transaction.
     *
     * @return how many buckets were stored
     */
    private long rollUp(Resolution target, long complete, Duration slice, Runnable checkCancelled) {
        Resolution source = target.finer();
        long width = target.bucketMillis();
        DSLContext dsl = database.dsl();
        Long done = done(dsl, target);
        if (done == null) {
            Long first = dsl.select(DSL.min(source.at())).from(source.table()).fetchOne(0, Long.class);
            if (first == null) {
                return 0;
            }
            // a node racing here inserts the same row, or its own earlier start: either is a valid start
            InsertIgnore.into(dsl, MONITORING_ROLLUP_STATE,
                    List.of(MONITORING_ROLLUP_STATE.RESOLUTION, MONITORING_ROLLUP_STATE.DONE_UNTIL_MS),
                    List.of(DSL.row(target.label(), Math.floorDiv(first, width) * width)));
            done = done(dsl, target);
        }
        long buckets = 0;
        while (done < complete) {
            checkCancelled.run();
            Long next = dsl.select(DSL.min(source.at())).from(source.table())
                    .where(source.at().ge(done)).and(source.at().lt(complete)).fetchOne(0, Long.class);
            // an empty stretch is skipped at once; the end of the data moves the state to complete
            long lo = next == null ? complete : Math.max(done, Math.floorDiv(next, width) * width);
            long hi = Math.min(lo + slice.toMillis(), complete);
            long from = done;
            Integer stored = database.transactionResult(c -> {
                DSLContext tx = c.dsl();
                Long current = tx.select(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS).from(MONITORING_ROLLUP_STATE)
                        .where(MONITORING_ROLLUP_STATE.RESOLUTION.eq(target.label())).forUpdate()
                        .fetchOne(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS);
                if (current == null || current != from) {
                    return null; // another run moved on meanwhile: go on from where it got to
                }
                int n = replace(tx, target.table(), source, width, from, hi);
                tx.update(MONITORING_ROLLUP_STATE).set(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS, hi)
                        .where(MONITORING_ROLLUP_STATE.RESOLUTION.eq(target.label())).execute();
                return n;
            });
            if (stored != null) {
                buckets += stored;
            }
            done = done(dsl, target);
        }
        return buckets;
    }

    /** Replaces the buckets of {@code table} in [from, to) by the aggregates of {@code source}'s rows there. */
    private static <R extends Record> int replace(DSLContext tx, Table<R> table, Resolution source, long width, long from,
            long to) {
        Field<Long> at = table.field("at_ms", Long.class);
        tx.deleteFrom(table).where(at.ge(from)).and(at.lt(to)).execute();
        return tx.insertInto(table, table.field("series_id", Long.class), at, table.field("val_min", Double.class),
                table.field("val_max", Double.class), table.field("val_sum", Double.class),
                table.field("val_count", Integer.class))
                .select(DSL.select(source.seriesId(), source.bucket(width), source.min(), source.max(), source.sum(),
                        source.count().coerce(Integer.class))
                        .from(source.table())
                        .where(source.at().ge(from)).and(source.at().lt(to))
                        .groupBy(source.seriesId(), source.bucket(width)))
                .execute();
    }

    /**
     * Deletes the rows of a table before {@code cutoff}, but none at or after {@code rolledUpUntil} (null: nothing is
     * rolled up yet, so nothing is deleted), {@value #DELETE_CHUNK} per statement so that no delete holds many locks.
     *
     * @return how many rows were deleted
     */
    private long prune(Resolution resolution, long cutoff, Long rolledUpUntil, Runnable checkCancelled) {
        if (rolledUpUntil == null) {
            return 0;
        }
        long before = Math.min(cutoff, rolledUpUntil);
        long deleted = 0;
        while (true) {
            checkCancelled.run();
            int n = deleteChunk(database.dsl(), resolution.table(), resolution.at(), before);
            deleted += n;
            if (n < DELETE_CHUNK) {
                return deleted;
            }
        }
    }

    private static <R extends Record> int deleteChunk(DSLContext dsl, Table<R> table, Field<Long> at, long before) {
        return dsl.deleteFrom(table).where(at.lt(before)).limit(DELETE_CHUNK).execute();
    }
}
