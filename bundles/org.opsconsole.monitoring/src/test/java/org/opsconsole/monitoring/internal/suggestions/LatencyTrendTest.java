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
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** Latency rising steadily over the week, and the rises that are no suggestion: noisy, small, fast or short. */
class LatencyTrendTest {

    private final TestSource source = new TestSource();
    private final Target portal = source.target(1, "portal");

    private static List<Point> week(DoubleUnaryOperator valueAtHour) {
        return lastFor(Duration.ofDays(7), Duration.ofHours(1), valueAtHour);
    }

    private List<Suggestion> found() {
        return LatencyTrend.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    @Test
    void httpLatencyTriplingOverTheWeekIsAWarning() {
        Series http = source.add(portal, LatencyTrend.HTTP, Map.of(), week(h -> 100 + 200 * h / 168));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        Suggestion s = found.get(0);
        assertEquals("latency-trend:series:" + http.seriesId(), s.key());
        assertEquals("WARNING", s.severity());
        assertEquals("目标 portal 的 HTTP 响应时间持续上升：约 7 天内从约 100 ms 升至约 300 ms", s.title());
        assertEquals("HTTP latency of portal keeps rising: from about 100 ms to about 300 ms in about 7 days", s.titleEn());
        assertEquals(2.0, (double) s.evidence().get("rise"), 1e-6);
        assertEquals(169, s.evidence().get("points"));
        assertEquals(200.0, s.evidence().get("limitMs"));
    }

    @Test
    void aSmallNoisyWobbleAroundARiseStillCounts() {
        Random random = new Random(42);
        source.add(portal, LatencyTrend.HTTP, Map.of(), week(h -> 100 + 200 * h / 168 + random.nextGaussian() * 10));

        assertEquals(1, found().size());
    }

    @Test
    void noisyLatencyIsNoSuggestionEvenWhenItsLineRises() {
        Random random = new Random(7);
        List<Point> noisy = new ArrayList<>(week(h -> Math.max(1, 100 + 200 * h / 168 + (random.nextDouble() - 0.5) * 800)));
        noisy.set(noisy.size() - 1, new Point(NOW.toEpochMilli(), 450));
        Trend trend = Trend.of(noisy);
        assertTrue(trend.slopePerMs() > 0 && trend.r2() < 0.5, "the data rise, but their line fits badly: " + trend);
        source.add(portal, LatencyTrend.HTTP, Map.of(), noisy);

        assertEquals(List.of(), found());
    }

    @Test
    void aRiseOfLessThanHalfIsNoSuggestion() {
        source.add(portal, LatencyTrend.HTTP, Map.of(), week(h -> 200 + 80 * h / 168));

        assertEquals(List.of(), found());
    }

    @Test
    void aRiseThatStaysUnderTheLimitCountsOnlyWhereTheLimitIsLower() {
        // 50 ms to 150 ms: under the 200 ms of HTTP, above the 100 ms of a database query
        source.add(portal, LatencyTrend.HTTP, Map.of(), week(h -> 50 + 100 * h / 168));
        Series db = source.add(source.target(2, "db-main"), LatencyTrend.DB, Map.of("query", "orders"),
                week(h -> 50 + 100 * h / 168));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        assertEquals("latency-trend:series:" + db.seriesId(), found.get(0).key());
        assertEquals("目标 db-main{query=orders} 的数据库查询耗时持续上升：约 7 天内从约 50 ms 升至约 150 ms", found.get(0).title());
        assertTrue(found.get(0).action().contains("EXPLAIN"), found.get(0).action());
    }

    @Test
    void lessThanADayOfDataIsNoSuggestion() {
        source.add(portal, LatencyTrend.HTTP, Map.of(), lastFor(Duration.ofHours(20), Duration.ofMinutes(10), h -> 100 + 20 * h));

        assertEquals(List.of(), found());
    }
}
