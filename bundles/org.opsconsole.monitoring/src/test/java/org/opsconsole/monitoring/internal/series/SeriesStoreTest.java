package org.opsconsole.monitoring.internal.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SAMPLE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SERIES;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jooq.TransactionalCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.testing.TestDatabases;

/** Writing samples and reading series back. On H2 and MySQL/MariaDB. */
class SeriesStoreTest {

    private static final Instant NOW = TestSeries.NOW;
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

    private static Sample cpu(String host, double value) {
        return new Sample("cpu_percent", Map.of("host", host), value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void samplesOfManySeriesAreStoredInBatchesAndChartedRawForAShortRange(String kind) throws Exception {
        series = TestSeries.on(kind, Map.of("batchSize", 7));
        for (int i = 0; i < 60; i++) {
            series.store.write(1, NOW.minusSeconds(3600 - i * 60L), List.of(cpu("a", i), cpu("b", 100 + i)));
        }
        series.store.flush();

        SeriesStore.Stats stats = series.store.stats();
        assertEquals(new SeriesStore.Stats(120, 0, stats.batches(), 0, 2), stats);
        assertTrue(stats.batches() >= 120 / 7, "batches of at most 7: " + stats.batches());
        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();
        long b = series.store.seriesId(1, "cpu_percent", Map.of("host", "b")).orElseThrow();
        QueryResult result = series.store.query(List.of(b, a), NOW.minus(Duration.ofHours(1)), NOW, 60);

        assertEquals("raw", result.resolution());
        assertEquals(60_000, result.stepMillis());
        assertEquals(List.of(b, a), result.series().stream().map(SeriesPoints::seriesId).toList());
        SeriesPoints points = result.series().get(1);
        assertEquals(60, points.size());
        assertEquals(NOW.minusSeconds(3600).toEpochMilli(), points.at()[0]);
        assertEquals(59.0, points.avg()[59]);
        assertEquals(59.0, points.min()[59]);
        assertEquals(159.0, result.series().get(0).max()[59]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFewSamplesAreStoredWithinFlushMillisWithoutAFlush(String kind) throws Exception {
        series = TestSeries.on(kind, Map.of("flushMillis", 200));
        series.store.write(1, NOW, List.of(cpu("a", 1)));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (series.store.stats().written() < 1) {
            assertTrue(System.nanoTime() < end, "one sample is stored without a flush: " + series.store.stats());
            Thread.sleep(20);
        }
        series.store.write(1, NOW.plusSeconds(15), List.of(cpu("a", 2)));
        while (series.store.stats().written() < 2) {
            assertTrue(System.nanoTime() < end, "and the next one too: " + series.store.stats());
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSeriesWithoutDataInTheRangeIsAnsweredEmpty(String kind) throws Exception {
        series = TestSeries.on(kind);
        series.store.write(1, NOW.minus(Duration.ofDays(1)), List.of(cpu("a", 1)));
        series.store.flush();
        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();

        QueryResult result = series.store.query(List.of(a, 999L), NOW.minus(Duration.ofHours(1)), NOW, 100);

        assertEquals(2, result.series().size());
        assertEquals(0, result.series().get(0).size());
        assertEquals(0, result.series().get(1).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void labelsAreStoredCanonicallyAndSeriesAreFoundByTargetMetricAndLabels(String kind) throws Exception {
        series = TestSeries.on(kind);
        Map<String, String> labels = new HashMap<>(Map.of("mount", "/data", "device", "sda1", "zone", "\"b\""));
        series.store.write(3, NOW, List.of(new Sample("disk_used_percent", labels, 71.5), Sample.of("load1", 0.7)));
        series.store.write(4, NOW, List.of(Sample.of("load1", 1.2)));
        series.store.flush();

        long disk = series.store.seriesId(3, "disk_used_percent", Map.of("zone", "\"b\"", "device", "sda1", "mount", "/data"))
                .orElseThrow();
        assertEquals("{\"device\":\"sda1\",\"mount\":\"/data\",\"zone\":\"\\\"b\\\"\"}", series.target.dsl()
                .select(MONITORING_SERIES.LABELS).from(MONITORING_SERIES).where(MONITORING_SERIES.ID.eq(disk)).fetchOne().value1());
        assertEquals(Optional.of(new SeriesInfo(disk, 3, "disk_used_percent", labels)), series.store.series(disk));
        assertEquals(List.of("disk_used_percent", "load1"), series.store.seriesOf(3).stream().map(SeriesInfo::metric).sorted().toList());
        assertEquals(List.of(3L, 4L), series.store.seriesNamed("load1").stream().map(SeriesInfo::targetId).sorted().toList());
        assertTrue(series.store.seriesId(3, "disk_used_percent", Map.of("mount", "/data")).isEmpty());
        assertTrue(series.store.series(disk + 100).isEmpty());
        // a fresh store (another node, a restart) finds the same series in the table
        SeriesStore other = series.otherNode();
        try {
            assertEquals(disk, other.seriesId(3, "disk_used_percent", labels).orElseThrow());
        } finally {
            other.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSampleAtTheTimeOfAStoredOneIsIgnoredAndTheBatchStillStored(String kind) throws Exception {
        series = TestSeries.on(kind);
        series.store.write(1, NOW, List.of(cpu("a", 1)));
        series.store.write(1, NOW, List.of(cpu("a", 2), cpu("b", 5)));
        series.store.flush();
        series.store.write(1, NOW, List.of(cpu("a", 3)));
        series.store.write(1, NOW.plusMillis(1), List.of(cpu("a", 4)));
        series.store.flush();

        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();
        assertEquals(List.of(new Point(NOW.toEpochMilli(), 1), new Point(NOW.toEpochMilli() + 1, 4)),
                series.store.points(a, NOW, NOW.plusSeconds(1)));
        SeriesStore.Stats stats = series.store.stats();
        assertEquals(3, stats.written());
        assertEquals(0, stats.dropped());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void pointsAreTheRawSamplesOfTheRangeInOrder(String kind) throws Exception {
        series = TestSeries.on(kind);
        for (int i = 4; i >= 0; i--) {
            series.store.write(1, NOW.plusSeconds(i * 15L), List.of(cpu("a", i * 10)));
        }
        series.store.flush();
        long a = series.store.seriesId(1, "cpu_percent", Map.of("host", "a")).orElseThrow();

        assertEquals(List.of(new Point(NOW.plusSeconds(15).toEpochMilli(), 10), new Point(NOW.plusSeconds(30).toEpochMilli(), 20),
                new Point(NOW.plusSeconds(45).toEpochMilli(), 30)), series.store.points(a, NOW.plusSeconds(15), NOW.plusSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoNodesWritingTheSameNewSeriesAtOnceMakeOneRowEachAndLoseNoSample(String kind) throws Exception {
        series = TestSeries.on(kind);
        SeriesStore other = series.otherNode();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                SeriesStore store = t % 2 == 0 ? series.store : other;
                long offset = t * 1000L;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int k = 0; k < 50; k++) {
                        List<Sample> samples = new ArrayList<>();
                        for (int m = 0; m < 20; m++) {
                            samples.add(new Sample("m" + m, Map.of("node", "x"), k));
                        }
                        store.write(7, NOW.plusMillis(offset + k), samples);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            series.store.flush();
            other.flush();

            assertEquals(20, series.target.dsl().fetchCount(MONITORING_SERIES));
            assertEquals(6 * 50 * 20, series.target.dsl().fetchCount(MONITORING_SAMPLE));
            assertEquals(6 * 50 * 20, series.store.stats().written() + other.stats().written());
            assertEquals(0, series.store.stats().dropped() + other.stats().dropped());
            for (int m = 0; m < 20; m++) {
                assertEquals(series.store.seriesId(7, "m" + m, Map.of("node", "x")), other.seriesId(7, "m" + m, Map.of("node", "x")));
            }
        } finally {
            threads.shutdownNow();
            other.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void whenTheQueueStaysFullWriteWaitsASecondThenDropsAndCounts(String kind) throws Exception {
        TestDatabases.Target target = TestSeries.database(kind);
        GatedDatabase gated = new GatedDatabase(target.database());
        series = TestSeries.on(target, gated, Map.of("batchSize", 5, "queueCapacity", 10, "flushMillis", 60_000));
        List<Sample> five = List.of(Sample.of("a", 1), Sample.of("b", 1), Sample.of("c", 1), Sample.of("d", 1), Sample.of("e", 1));

        series.store.write(1, NOW, five); // a whole batch: the writer takes it and waits at the gate
        assertTrue(gated.entered.await(30, TimeUnit.SECONDS));
        series.store.write(1, NOW.plusSeconds(1), five);
        series.store.write(1, NOW.plusSeconds(2), five);
        long begin = System.nanoTime();
        series.store.write(1, NOW.plusSeconds(3), five.subList(0, 3));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

        assertTrue(waited >= 900 && waited < 10_000, "waited " + waited + " ms");
        assertEquals(new SeriesStore.Stats(0, 3, 0, 10, 5), series.store.stats());
        gated.open.countDown();
        series.store.flush();
        assertEquals(new SeriesStore.Stats(15, 3, 3, 0, 5), series.store.stats());
        assertEquals(15, target.dsl().fetchCount(MONITORING_SAMPLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aBatchThatKeepsFailingIsDroppedAndCountedAndLaterBatchesAreStored(String kind) throws Exception {
        TestDatabases.Target target = TestSeries.database(kind);
        FailingDatabase failing = new FailingDatabase(target.database());
        series = TestSeries.on(target, failing, Map.of());
        series.store.write(1, NOW, List.of(Sample.of("a", 1), Sample.of("b", 2)));
        series.store.flush();

        assertEquals(new SeriesStore.Stats(0, 2, 0, 0, 2), series.store.stats());
        assertEquals(SampleWriter.ATTEMPTS, failing.attempts);
        failing.failing = false;
        series.store.write(1, NOW, List.of(Sample.of("a", 1)));
        series.store.flush();
        assertEquals(new SeriesStore.Stats(1, 2, 1, 0, 2), series.store.stats());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSeriesWhoseLabelsDoNotFitTheTableIsDroppedAndCounted(String kind) throws Exception {
        series = TestSeries.on(kind);
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < Sample.MAX_LABELS; i++) {
            labels.put("label" + i + "_".repeat(90), "v".repeat(Sample.MAX_LABEL_VALUE));
        }
        series.store.write(1, NOW, List.of(new Sample("wide", labels, 1), Sample.of("narrow", 2)));
        series.store.flush();

        assertEquals(new SeriesStore.Stats(1, 1, 1, 0, 1), series.store.stats());
        assertTrue(series.store.seriesId(1, "wide", labels).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void maxPointsOutside1To5000IsRefused(String kind) throws Exception {
        series = TestSeries.on(kind);
        Instant from = NOW.minus(Duration.ofHours(1));

        assertThrows(IllegalArgumentException.class, () -> series.store.query(List.of(1L), from, NOW, 0));
        assertThrows(IllegalArgumentException.class, () -> series.store.query(List.of(1L), from, NOW, 5001));
        assertThrows(IllegalArgumentException.class, () -> series.store.query(List.of(1L), NOW, from, 10));
        assertEquals(1000, series.store.query(List.of(1L), from, NOW, 5000).stepMillis());
        assertArrayEquals(new long[0], series.store.query(List.of(1L), from, NOW, 1).series().get(0).at());
    }

    /** A database whose transactions wait at a gate, so that the writer is held while the test fills the queue. */
    private static final class GatedDatabase extends TestDatabases.TestDatabase {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        GatedDatabase(org.opsconsole.api.db.Database database) {
            super(database);
        }

        @Override
        public <T> T transactionResult(TransactionalCallable<T> work) {
            entered.countDown();
            try {
                if (!open.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return super.transactionResult(work);
        }
    }

    /** A database whose transactions fail while {@link #failing}. */
    private static final class FailingDatabase extends TestDatabases.TestDatabase {

        volatile boolean failing = true;
        volatile int attempts;

        FailingDatabase(org.opsconsole.api.db.Database database) {
            super(database);
        }

        @Override
        public <T> T transactionResult(TransactionalCallable<T> work) {
            if (failing) {
                attempts++;
                throw new org.jooq.exception.DataAccessException("the database is gone");
            }
            return super.transactionResult(work);
        }
    }
}
