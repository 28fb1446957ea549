package org.opsconsole.monitoring.internal.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_1H;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_5M;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_STATE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SAMPLE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.testing.TestDatabases;

/** Roll-ups, retention, and charts across the tables. On H2 and MySQL/MariaDB. */
class RollupsTest {

    private static final Instant NOW = TestSeries.NOW;
    private static final long MINUTE = 60_000;
    private TestSeries series;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (series != null) {
            series.close();
        }
    }

    /** Writes a sample of each host every {@code everySeconds} (with up to a second of jitter) from {@code from} to NOW. */
    private void writeRandom(Instant from, int everySeconds, String... hosts) {
        Random random = new Random(42);
        for (Instant at = from; at.isBefore(NOW); at = at.plusSeconds(everySeconds)) {
            List<Sample> samples = new ArrayList<>();
            for (String host : hosts) {
                samples.add(new Sample("cpu_percent", Map.of("host", host), Math.round(random.nextGaussian() * 1000) / 10.0 + 50));
            }
            series.store.write(1, at.plusMillis(random.nextInt(1000)), samples);
        }
        series.store.flush();
    }

    /** min, max, sum, count per series and bucket, computed here from the raw rows before {@code until}. */
    private TreeMap<List<Long>, List<Double>> direct(long width, long until) {
        TreeMap<List<Long>, List<Double>> buckets = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
        for (List<Object> row : series.rawRows()) {
            long at = (Long) row.get(1);
            double value = (Double) row.get(2);
            if (at < until) {
                buckets.merge(List.of((Long) row.get(0), at - Math.floorMod(at, width)), List.of(value, value, value, 1.0),
                        (x, y) -> List.of(Math.min(x.get(0), y.get(0)), Math.max(x.get(1), y.get(1)), x.get(2) + y.get(2),
                                x.get(3) + y.get(3)));
            }
        }
        return buckets;
    }

    private TreeMap<List<Long>, List<Double>> stored(Table<?> table) {
        Field<Long> id = table.field("series_id", Long.class);
        Field<Long> at = table.field("at_ms", Long.class);
        TreeMap<List<Long>, List<Double>> buckets = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
        for (Record r : series.target.dsl().selectFrom(table).fetch()) {
            buckets.put(List.of(r.get(id), r.get(at)), List.of(r.get("val_min", Double.class), r.get("val_max", Double.class),
                    r.get("val_sum", Double.class), r.get("val_count", Double.class)));
        }
        return buckets;
    }

    private static void assertSameBuckets(TreeMap<List<Long>, List<Double>> expected, TreeMap<List<Long>, List<Double>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, e) -> {
            List<Double> a = actual.get(key);
            assertEquals(e.get(0), a.get(0), key + " min");
            assertEquals(e.get(1), a.get(1), key + " max");
            assertEquals(e.get(2), a.get(2), 1e-6, key + " sum");
            assertEquals(e.get(3), a.get(3), key + " count");
        });
    }

    private long done(String resolution) {
        return series.target.dsl().select(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS).from(MONITORING_ROLLUP_STATE)
                .where(MONITORING_ROLLUP_STATE.RESOLUTION.eq(resolution)).fetchOne().value1();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rollUpsHoldTheMinMaxSumAndCountOfTheRawSamplesOfEachCompleteBucket(String kind) throws Exception {
        series = TestSeries.on(kind);
        writeRandom(NOW.minus(Duration.ofHours(30)), 15, "a", "b", "c");

        String summary = series.rollups.rollUpAndPrune(NOW);

        // NOW is 12:00; a bucket is rolled up a minute after it ended: 5-minute buckets up to 11:55, hours up to 11:00
        assertEquals(NOW.minus(Duration.ofMinutes(5)).toEpochMilli(), done("5m"));
        assertEquals(NOW.minus(Duration.ofHours(1)).toEpochMilli(), done("1h"));
        assertSameBuckets(direct(5 * MINUTE, done("5m")), stored(MONITORING_ROLLUP_5M));
        assertSameBuckets(direct(60 * MINUTE, done("1h")), stored(MONITORING_ROLLUP_1H));
        assertEquals(3 * (30 * 12 - 1), series.target.dsl().fetchCount(MONITORING_ROLLUP_5M));
        assertTrue(summary.endsWith("rolled up 1077 5-minute and 87 hourly buckets; removed 0 raw, 0 5-minute and 0 hourly rows"),
                summary);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void runningAgainOrFromAnEarlierStateChangesNothing(String kind) throws Exception {
        series = TestSeries.on(kind);
        writeRandom(NOW.minus(Duration.ofHours(8)), 30, "a", "b");
        series.rollups.rollUpAndPrune(NOW);
        var fives = stored(MONITORING_ROLLUP_5M);
        var hours = stored(MONITORING_ROLLUP_1H);
        var raw = series.rawRows();

        String again = series.rollups.rollUpAndPrune(NOW);
        assertTrue(again.endsWith("rolled up 0 5-minute and 0 hourly buckets; removed 0 raw, 0 5-minute and 0 hourly rows"), again);
        // as after a crash between slices, or a run elsewhere that saw less: the state is behind the stored buckets
        series.target.dsl().update(MONITORING_ROLLUP_STATE)
                .set(MONITORING_ROLLUP_STATE.DONE_UNTIL_MS, MONITORING_ROLLUP_STATE.DONE_UNTIL_MS.minus(3 * 60 * MINUTE)).execute();
        series.rollups.rollUpAndPrune(NOW);

        assertEquals(fives, stored(MONITORING_ROLLUP_5M));
        assertEquals(hours, stored(MONITORING_ROLLUP_1H));
        assertEquals(raw, series.rawRows());
        assertEquals(NOW.minus(Duration.ofMinutes(5)).toEpochMilli(), done("5m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void retentionDeletesOnlyTheRowsOlderThanEachTablesRetention(String kind) throws Exception {
        series = TestSeries.on(kind, Map.of("rawDays", 1, "fiveMinuteDays", 2, "hourlyDays", 3));
        Instant from = NOW.minus(Duration.ofDays(4));
        for (Instant at = from; at.isBefore(NOW); at = at.plusSeconds(60)) {
            series.store.write(1, at, List.of(Sample.of("a", 1), Sample.of("b", 2), Sample.of("c", 3)));
        }
        series.store.flush();

        String summary = series.rollups.rollUpAndPrune(NOW);

        // 3 of the 4 days of raw samples (3 series, one a minute) go, more than one chunk of them
        assertTrue(summary.contains("removed 12960 raw, 1728 5-minute and 72 hourly rows"), summary);
        assertEquals(NOW.minus(Duration.ofDays(1)).toEpochMilli(), min(MONITORING_SAMPLE.AT_MS));
        assertEquals(3 * 24 * 60, series.target.dsl().fetchCount(MONITORING_SAMPLE));
        assertEquals(NOW.minus(Duration.ofDays(2)).toEpochMilli(), min(MONITORING_ROLLUP_5M.AT_MS));
        assertEquals(3 * (2 * 24 * 12 - 1), series.target.dsl().fetchCount(MONITORING_ROLLUP_5M));
        assertEquals(NOW.minus(Duration.ofDays(3)).toEpochMilli(), min(MONITORING_ROLLUP_1H.AT_MS));
        assertEquals(3 * (3 * 24 - 1), series.target.dsl().fetchCount(MONITORING_ROLLUP_1H));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rawSamplesNotRolledUpYetAreKeptPastTheirRetention(String kind) throws Exception {
        series = TestSeries.on(kind, Map.of("rawDays", 1));
        series.store.write(1, NOW.minus(Duration.ofDays(3)), List.of(Sample.of("a", 1)));
        series.store.flush();
        series.rollups.rollUpAndPrune(NOW.minus(Duration.ofDays(5))); // before the sample: nothing to roll up yet

        assertEquals(1, series.target.dsl().fetchCount(MONITORING_SAMPLE));
        series.rollups.rollUpAndPrune(NOW);
        assertEquals(0, series.target.dsl().fetchCount(MONITORING_SAMPLE));
        assertEquals(1, series.target.dsl().fetchCount(MONITORING_ROLLUP_5M));
    }

    private long min(Field<Long> at) {
        return series.target.dsl().select(org.jooq.impl.DSL.min(at)).from(at.getQualifiedName().first()).fetchOne().value1();
    }

    /** The buckets of a series computed here from its raw samples: at → avg, min, max. */
    private TreeMap<Long, double[]> expected(long seriesId, Instant from, Instant to, long step) {
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        long lo = Math.floorDiv(from.toEpochMilli(), step) * step;
        for (List<Object> row : series.rawRows()) {
            long at = (Long) row.get(1);
            double value = (Double) row.get(2);
            if ((Long) row.get(0) == seriesId && at >= lo && at < to.toEpochMilli()) {
                buckets.merge(at - Math.floorMod(at, step), new double[] {value, value, value, 1},
                        (x, y) -> new double[] {x[0] + y[0], Math.min(x[1], y[1]), Math.max(x[2], y[2]), x[3] + y[3]});
            }
        }
        buckets.replaceAll((at, b) -> new double[] {b[0] / b[3], b[1], b[2]});
        return buckets;
    }

    private void assertCharted(QueryResult result, long seriesId, Instant from, Instant to) {
        SeriesPoints points = result.series().stream().filter(p -> p.seriesId() == seriesId).findFirst().orElseThrow();
        TreeMap<Long, double[]> expected = expected(seriesId, from, to, result.stepMillis());
        assertEquals(List.copyOf(expected.keySet()), java.util.Arrays.stream(points.at()).boxed().toList());
        int i = 0;
        for (double[] e : expected.values()) {
            assertEquals(e[0], points.avg()[i], 1e-9, "avg at " + points.at()[i]);
            assertEquals(e[1], points.min()[i], "min at " + points.at()[i]);
            assertEquals(e[2], points.max()[i], "max at " + points.at()[i]);
            i++;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void chartsAtEachResolutionEqualTheRawSamplesAggregatedDirectly(String kind) throws Exception {
        series = TestSeries.on(kind);
        writeRandom(NOW.minus(Duration.ofDays(3)), 60, "a", "b");
        series.rollups.rollUpAndPrune(NOW);
        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();
        long b = series.store.seriesId(1, "cpu_percent", Map.of("host", "b")).orElseThrow();

        QueryResult raw = series.store.query(List.of(a, b), NOW.minus(Duration.ofHours(1)), NOW, 30);
        assertEquals("raw", raw.resolution());
        assertEquals(120_000, raw.stepMillis());
        assertCharted(raw, a, NOW.minus(Duration.ofHours(1)), NOW);

        QueryResult fives = series.store.query(List.of(a, b), NOW.minus(Duration.ofDays(2)), NOW, 100);
        assertEquals("5m", fives.resolution());
        assertEquals(30 * MINUTE, fives.stepMillis());
        assertCharted(fives, a, NOW.minus(Duration.ofDays(2)), NOW);
        assertCharted(fives, b, NOW.minus(Duration.ofDays(2)), NOW);

        // 3-hour buckets: hours from the hourly table, 11:00-11:55 from the 5-minute one, the last minutes raw
        QueryResult hours = series.store.query(List.of(a, b), NOW.minus(Duration.ofDays(3)), NOW, 24);
        assertEquals("1h", hours.resolution());
        assertEquals(180 * MINUTE, hours.stepMillis());
        assertEquals(24, hours.series().get(0).size());
        assertCharted(hours, a, NOW.minus(Duration.ofDays(3)), NOW);
        assertCharted(hours, b, NOW.minus(Duration.ofDays(3)), NOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theRecentEndOfARolledUpChartComesFromTheRawSamples(String kind) throws Exception {
        series = TestSeries.on(kind);
        writeRandom(NOW.minus(Duration.ofDays(2)), 60, "a");
        series.rollups.rollUpAndPrune(NOW);
        for (int i = 0; i < 30; i++) {
            series.store.write(1, NOW.plusSeconds(i * 60L), List.of(new Sample("cpu_percent", Map.of("host", "a"), 1000 + i)));
        }
        series.store.flush();
        series.clock.set(NOW.plus(Duration.ofMinutes(30)));
        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();

        QueryResult result = series.store.query(List.of(a), NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofMinutes(30)), 20);

        assertEquals("1h", result.resolution());
        SeriesPoints points = result.series().get(0);
        int last = points.size() - 1;
        assertEquals(NOW.toEpochMilli(), points.at()[last]);
        assertEquals(1000, points.min()[last]);
        assertEquals(1029, points.max()[last]);
        assertEquals(1014.5, points.avg()[last], 1e-9);
        assertCharted(result, a, NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofMinutes(30)));
    }
}
