package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.lastFor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** Memory growing towards its limit, judged by the hourly minima so that GC's saw-tooth does not count. */
class MemoryGrowthTest {

    private static final double MB = 1024.0 * 1024;

    private final TestSource source = new TestSource();
    private final Target app = source.target(1, "app-01");

    private List<Suggestion> found() {
        return MemoryGrowth.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    /** Three days every 5 minutes: the heap climbs 600 MB from its floor in each 30-minute GC cycle, up to 1 GB. */
    private static List<Point> sawTooth(double floorMb, double floorMbPerDay) {
        return lastFor(Duration.ofDays(3), Duration.ofMinutes(5), h -> {
            double floor = floorMb + floorMbPerDay * h / 24;
            double inCycle = (h * 2) % 1;
            return Math.min(1024, floor + 600 * inCycle) * MB;
        });
    }

    @Test
    void theLowestValueOfEachHourIsKept() {
        long hour = Duration.ofHours(1).toMillis();
        long t0 = NOW.toEpochMilli();
        List<Point> minima = MemoryGrowth.hourlyMinima(List.of(new Point(t0, 5), new Point(t0 + 1000, 3),
                new Point(t0 + 2000, 4), new Point(t0 + hour, 9), new Point(t0 + hour + 5, 8)));

        assertEquals(List.of(new Point(t0 + 1000, 3), new Point(t0 + hour + 5, 8)), minima);
    }

    @Test
    void aHeapWhoseFloorGrowsAHundredMegabytesADayReachesItsMaximumInAboutFiveDays() {
        Series heap = source.add(app, MemoryGrowth.HEAP, Map.of(), sawTooth(200, 100));
        source.add(app, MemoryGrowth.HEAP_MAX, Map.of(), lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 1024 * MB));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        Suggestion s = found.get(0);
        assertEquals("memory-growth:series:" + heap.seriesId(), s.key());
        assertEquals("WARNING", s.severity());
        assertEquals("目标 app-01 的 JVM 堆内存持续增长，约 5 天后将达到上限", s.title());
        assertEquals("JVM heap of app-01 keeps growing and reaches its maximum in about 5 days", s.titleEn());
        assertTrue(s.action().startsWith("垃圾回收后的堆占用每天增长约 100.0 MB（当前约 500.0 MB，上限 1.0 GB）"), s.action());
        // the floor, not the saw-tooth's average, is what counts: 524 MB left at 100 MB a day
        assertEquals(500 * MB, (double) s.evidence().get("floorNow"), MB);
        assertEquals(5.24 * 24, (double) s.evidence().get("hoursToLimit"), 1.0);
        assertEquals(73, s.evidence().get("points"), "72 hours, and the hour that starts now");
    }

    @Test
    void aSawToothWithAFlatFloorIsNoSuggestion() {
        source.add(app, MemoryGrowth.HEAP, Map.of(), sawTooth(400, 0));
        source.add(app, MemoryGrowth.HEAP_MAX, Map.of(), lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 1024 * MB));

        assertEquals(List.of(), found());
    }

    @Test
    void aGrowingHeapWithoutAKnownMaximumIsNoSuggestion() {
        source.add(app, MemoryGrowth.HEAP, Map.of(), sawTooth(200, 100));
        source.add(app, MemoryGrowth.HEAP_MAX, Map.of(), lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> -1));

        assertEquals(List.of(), found());
    }

    @Test
    void hostMemoryGrowingTenPointsADayFromEightyPercentRunsOutInAboutTwoDays() {
        source.add(app, MemoryGrowth.HOST, Map.of(), lastFor(Duration.ofDays(3), Duration.ofMinutes(15), h -> 0.5 + 0.1 * h / 24));

        Suggestion s = found().get(0);

        assertEquals("主机 app-01 内存占用持续增长，约 2 天后耗尽", s.title());
        assertEquals("Memory use on host app-01 keeps growing and runs out in about 2 days", s.titleEn());
        assertTrue(s.action().startsWith("内存占用的低谷值每天增长约 10.0 个百分点（当前约 80%）"), s.action());
    }

    @Test
    void slowNoisyOrShortGrowthIsNoSuggestion() {
        // 1 point a day: full in about 47 days
        source.add(app, MemoryGrowth.HOST, Map.of(), lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 0.5 + 0.01 * h / 24));
        // a rise lost in noise
        Random random = new Random(3);
        List<Point> noisy = new ArrayList<>(lastFor(Duration.ofDays(3), Duration.ofHours(1),
                h -> 0.5 + 0.1 * h / 24 + (random.nextDouble() - 0.5) * 0.6));
        Trend trend = Trend.of(noisy);
        assertTrue(trend.slopePerMs() > 0 && trend.r2() < 0.7, "the data rise, but their line fits badly: " + trend);
        source.add(source.target(2, "app-02"), MemoryGrowth.HOST, Map.of(), noisy);
        // steep, but only 20 hours
        source.add(source.target(3, "app-03"), MemoryGrowth.HOST, Map.of(),
                lastFor(Duration.ofHours(20), Duration.ofMinutes(15), h -> 0.5 + 0.02 * h));

        assertEquals(List.of(), found());
    }
}
