package org.opsconsole.monitoring.internal.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ROLLUP_STATE;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.testing.TestDatabases;

/**
 * How fast the time series store takes samples and charts a month, on H2 and MariaDB. Not a timed test: it runs only
 * when asked for ({@code releng/bench/monitoring.sh}) and prints what it measured.
 *
 * <pre>mvn -o -q test -pl bundles/org.opsconsole.monitoring -Dtest=SeriesBenchmark -Dmonitoring.benchmark=true
 *     [-Dmonitoring.benchmark.db=h2,mysql] [-Dmonitoring.benchmark.samples=2000000]</pre>
 *
 * <ol>
 * <li>ingest: 1,000 targets × 10 series through {@link SeriesStore#write} until the store has them all, against a plain
 * JDBC loop of single-row inserts (auto-commit) of 20,000 samples in the same run;</li>
 * <li>charts: 100 series with 7 days of raw samples every 15 s and 30 days of 5-minute and hourly roll-ups (loaded by
 * SQL), then {@code query(100 series, 30 days, 600 points)} and {@code query(100 series, 1 hour, 600 points)}, median
 * of 20 runs each (goal for the month: under 200 ms).</li>
 * </ol>
 */
@EnabledIfSystemProperty(named = "monitoring.benchmark", matches = "true")
class SeriesBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final int TARGETS = 1000;
    private static final int PER_TARGET = 10;
    private static final int BASELINE = 20_000;
    private static final int CHART_SERIES = 100;

    static List<String> kinds() {
        return List.of(System.getProperty("monitoring.benchmark.db", "h2,mysql").split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void ingestAndCharts(String kind) throws Exception {
        long samples = Long.getLong("monitoring.benchmark.samples", 2_000_000L);
        double baseline;
        double ingest;
        try (TestDatabases.Target target = TestSeries.database(kind)) {
            baseline = baseline(target);
            ingest = ingest(target, samples);
        }
        double month;
        double hour;
        try (TestDatabases.Target target = TestSeries.database(kind)) {
            load(target);
            SeriesStore store = new SeriesStore(target.database(), TestSeries.config(Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));
            try {
                List<Long> ids = LongStream.rangeClosed(1, CHART_SERIES).boxed().toList();
                month = median(() -> {
                    QueryResult r = store.query(ids, NOW.minus(Duration.ofDays(30)), NOW, 600);
                    assertEquals(CHART_SERIES, r.series().size());
                    assertEquals(360, r.series().get(0).size());
                });
                hour = median(() -> {
                    QueryResult r = store.query(ids, NOW.minus(Duration.ofHours(1)), NOW, 600);
                    assertEquals(240, r.series().get(0).size());
                });
            } finally {
                store.stop();
            }
        }
        System.out.printf("%nmonitoring time series on %s%n", target(kind));
        System.out.printf("  %-46s %14s%n", "measure", "result");
        System.out.printf("  %-46s %,12.0f/s%n", "baseline: JDBC single-row inserts (" + BASELINE / 1000 + "k)", baseline);
        System.out.printf("  %-46s %,12.0f/s%n", String.format("SeriesStore.write, %,d samples", samples), ingest);
        System.out.printf("  %-46s %12.1fx%n", "  ratio write / baseline", ingest / baseline);
        System.out.printf("  %-46s %11.1f ms%n", "query 100 series, 30 days, 600 points (median)", month);
        System.out.printf("  %-46s %11.1f ms%n", "query 100 series, 1 hour, 600 points (median)", hour);
        System.out.printf("  %-46s %12.1fx   goal < 200 ms: %s%n", "  ratio 30 days / 1 hour", month / hour,
                month < 200 ? "met" : "NOT MET");
    }

    private static String target(String kind) {
        return kind.equals("h2") ? "H2 (in memory, MySQL mode)" : "MariaDB/MySQL";
    }

    /** Samples per second of a plain loop of single-row inserts, each its own transaction. */
    private static double baseline(TestDatabases.Target target) throws Exception {
        try (Connection c = target.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("insert into monitoring_sample (series_id, at_ms, val) values (?, ?, ?)")) {
            long begin = System.nanoTime();
            for (int i = 0; i < BASELINE; i++) {
                insert.setLong(1, 1_000_000 + i % 10);
                insert.setLong(2, NOW.toEpochMilli() + i);
                insert.setDouble(3, i);
                insert.executeUpdate();
            }
            return BASELINE / ((System.nanoTime() - begin) / 1e9);
        }
    }

    /** Samples per second through the store, from the first write until flush returned. */
    private static double ingest(TestDatabases.Target target, long samples) {
        SeriesStore store = new SeriesStore(target.database(), TestSeries.config(Map.of("flushMillis", 1000)), Clock.systemUTC());
        try {
            List<List<Sample>> values = new ArrayList<>();
            for (int v = 0; v < 16; v++) {
                List<Sample> list = new ArrayList<>();
                for (int s = 0; s < PER_TARGET; s++) {
                    list.add(new Sample("metric_" + s, Map.of("instance", "i" + (s % 3)), v * 10 + s));
                }
                values.add(list);
            }
            long rounds = samples / (TARGETS * PER_TARGET);
            // not measured: the first round creates the 10,000 series, as when the targets were added (a second or so on
            // a cold JVM, while this loop would fill the queue at once and find no room), and warms up the JVM
            for (int t = 1; t <= TARGETS; t++) {
                store.write(t, NOW.minusSeconds(15), values.get(t % values.size()));
            }
            store.flush();
            long before = store.stats().written();
            long begin = System.nanoTime();
            for (long round = 0; round < rounds; round++) {
                Instant at = NOW.plusSeconds(15 * round);
                for (int t = 1; t <= TARGETS; t++) {
                    store.write(t, at, values.get((int) ((t + round) % values.size())));
                }
            }
            store.flush();
            double seconds = (System.nanoTime() - begin) / 1e9;
            SeriesStore.Stats stats = store.stats();
            assertEquals(0, stats.dropped(), "dropped samples");
            assertEquals(rounds * TARGETS * PER_TARGET, stats.written() - before);
            return (stats.written() - before) / seconds;
        } finally {
            store.stop();
        }
    }

    /** 7 days of raw samples every 15 s and 30 days of 5-minute and hourly buckets for series 1..100, rolled up until NOW. */
    private static void load(TestDatabases.Target target) throws Exception {
        try (Connection c = target.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (int id = 1; id <= CHART_SERIES; id++) {
                    s.addBatch("insert into monitoring_series (id, target_id, metric, labels, created_at) values (" + id + ", " + id
                            + ", 'cpu_percent', '{}', '2026-01-01 00:00:00')");
                }
                s.executeBatch();
            }
            long now = NOW.toEpochMilli();
            insertRows(c, "insert into monitoring_sample (series_id, at_ms, val) values ", 3, now - Duration.ofDays(7).toMillis(),
                    now, 15_000);
            insertRows(c, "insert into monitoring_rollup_5m (series_id, at_ms, val_min, val_max, val_sum, val_count) values ", 6,
                    now - Duration.ofDays(30).toMillis(), now - 300_000, 300_000);
            insertRows(c, "insert into monitoring_rollup_1h (series_id, at_ms, val_min, val_max, val_sum, val_count) values ", 6,
                    now - Duration.ofDays(30).toMillis(), now - 3_600_000, 3_600_000);
            c.commit();
        }
        target.dsl().insertInto(MONITORING_ROLLUP_STATE, MONITORING_ROLLUP_STATE.RESOLUTION, MONITORING_ROLLUP_STATE.DONE_UNTIL_MS)
                .values("5m", NOW.toEpochMilli() - 300_000).values("1h", NOW.toEpochMilli() - 3_600_000).execute();
    }

    /** Rows of every series at from, from + step, ... before until, 500 per statement. */
    private static void insertRows(Connection c, String insert, int columns, long from, long until, long step) throws Exception {
        int perStatement = 500;
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        String sql = insert + String.join(", ", java.util.Collections.nCopies(perStatement, row));
        try (PreparedStatement full = c.prepareStatement(sql)) {
            List<long[]> pending = new ArrayList<>();
            for (long at = from; at < until; at += step) {
                for (int id = 1; id <= CHART_SERIES; id++) {
                    pending.add(new long[] {id, at});
                    if (pending.size() == perStatement) {
                        bind(full, pending, columns);
                        full.executeUpdate();
                        pending.clear();
                    }
                }
            }
            if (!pending.isEmpty()) {
                String rest = insert + String.join(", ", java.util.Collections.nCopies(pending.size(), row));
                try (PreparedStatement last = c.prepareStatement(rest)) {
                    bind(last, pending, columns);
                    last.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static void bind(PreparedStatement statement, List<long[]> rows, int columns) throws Exception {
        int p = 1;
        for (long[] r : rows) {
            double value = 50 + 40 * Math.sin(r[1] / 3_600_000.0 + r[0]);
            statement.setLong(p++, r[0]);
            statement.setLong(p++, r[1]);
            if (columns == 3) {
                statement.setDouble(p++, value);
            } else {
                statement.setDouble(p++, value - 5);
                statement.setDouble(p++, value + 5);
                statement.setDouble(p++, value * 20);
                statement.setInt(p++, 20);
            }
        }
    }

    /** @return the median time of 20 runs after 3 warm-up runs, in ms */
    private static double median(Runnable query) {
        for (int i = 0; i < 3; i++) {
            query.run();
        }
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            long begin = System.nanoTime();
            query.run();
            ms[i] = (System.nanoTime() - begin) / 1e6;
        }
        Arrays.sort(ms);
        return (ms[9] + ms[10]) / 2;
    }
}
