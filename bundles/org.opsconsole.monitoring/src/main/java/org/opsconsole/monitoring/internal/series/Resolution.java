package org.opsconsole.monitoring.internal.series;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_1H;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_5M;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SAMPLE;

import java.time.Duration;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The three tables of samples: raw, and the 5-minute and hourly roll-ups. Each says how its rows aggregate into
 * buckets (minimum, maximum, sum and count) for the roll-ups, and how a chart reads its rows ({@link #rowsSql}).
 */
enum Resolution {

    RAW("raw", Duration.ZERO, MONITORING_SAMPLE, MONITORING_SAMPLE.SERIES_ID, MONITORING_SAMPLE.AT_MS,
            DSL.min(MONITORING_SAMPLE.VAL), DSL.max(MONITORING_SAMPLE.VAL),
            DSL.sum(MONITORING_SAMPLE.VAL).coerce(Double.class), DSL.count().coerce(Long.class)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5), MONITORING_ROLLUP_5M, MONITORING_ROLLUP_5M.SERIES_ID,
            MONITORING_ROLLUP_5M.AT_MS, DSL.min(MONITORING_ROLLUP_5M.VAL_MIN), DSL.max(MONITORING_ROLLUP_5M.VAL_MAX),
            DSL.sum(MONITORING_ROLLUP_5M.VAL_SUM).coerce(Double.class),
            DSL.sum(MONITORING_ROLLUP_5M.VAL_COUNT).coerce(Long.class)),
    HOUR("1h", Duration.ofHours(1), MONITORING_ROLLUP_1H, MONITORING_ROLLUP_1H.SERIES_ID, MONITORING_ROLLUP_1H.AT_MS,
            DSL.min(MONITORING_ROLLUP_1H.VAL_MIN), DSL.max(MONITORING_ROLLUP_1H.VAL_MAX),
            DSL.sum(MONITORING_ROLLUP_1H.VAL_SUM).coerce(Double.class),
            DSL.sum(MONITORING_ROLLUP_1H.VAL_COUNT).coerce(Long.class));

    private final String label;
    private final long bucketMillis;
    private final Table<?> table;
    private final Field<Long> seriesId;
    private final Field<Long> at;
    private final Field<Double> min;
    private final Field<Double> max;
    private final Field<Double> sum;
    private final Field<Long> count;

    Resolution(String label, Duration bucket, Table<?> table, Field<Long> seriesId, Field<Long> at, Field<Double> min,
            Field<Double> max, Field<Double> sum, Field<Long> count) {
        this.label = label;
        this.bucketMillis = bucket.toMillis();
        this.table = table;
        this.seriesId = seriesId;
        this.at = at;
        this.min = min;
        this.max = max;
        this.sum = sum;
        this.count = count;
    }

    /**
     * The plain SQL that reads a range of rows of some series in key order, each row as series id, time, minimum,
     * maximum, sum and count (a raw sample is a bucket of one), for charts to bucket as they read: reading in key
     * order needs neither a temporary table nor a sort on either database.
     *
     * @param series how many series ids the statement takes ({@code series_id in (?, ...)}); then the range start
     *        (inclusive) and end (exclusive)
     * @return the statement
     */
    String rowsSql(int series) {
        String columns = this == RAW ? "val, val, val, 1" : "val_min, val_max, val_sum, val_count";
        String ids = series == 1 ? "series_id = ?" : "series_id in (" + String.join(", ", java.util.Collections.nCopies(series, "?")) + ")";
        return "select series_id, at_ms, " + columns + " from " + table.getName() + " where " + ids
                + " and at_ms >= ? and at_ms < ? order by series_id, at_ms";
    }

    /** @return {@code raw}, {@code 5m} or {@code 1h}, as the roll-up state and query results name it */
    String label() {
        return label;
    }

    /** @return the width of one of its buckets; 0 for raw samples */
    long bucketMillis() {
        return bucketMillis;
    }

    /** @return the next finer table, where its buckets are rolled up from; null for raw */
    Resolution finer() {
        return this == RAW ? null : values()[ordinal() - 1];
    }

    Table<?> table() {
        return table;
    }

    Field<Long> seriesId() {
        return seriesId;
    }

    Field<Long> at() {
        return at;
    }

    /**
     * The start of the bucket of width {@code step} (aligned to multiples of it since the epoch) a row falls in, as
     * SQL. The step is inlined so that the grouping and the selected column are the same expression on every database.
     */
    Field<Long> bucket(long step) {
        return at.minus(at.mod(DSL.inline(step)));
    }

    Field<Double> min() {
        return min;
    }

    Field<Double> max() {
        return max;
    }

    Field<Double> sum() {
        return sum;
    }

    Field<Long> count() {
        return count;
    }
}
