package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;

/** The least-squares line: exact lines, a hand-computed fit, and the cases without a line. */
class TrendTest {

    private static final long T0 = TestSource.NOW.toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void pointsOnAStraightLineAtEpochTimesGiveItsSlopeAndAPerfectFit() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long at = T0 + i * DAY / 10;
            points.add(new Point(at, 5e11 + 2e9 * (at - T0) / DAY));
        }
        Trend trend = Trend.of(points);

        assertTrue(trend.fitted());
        assertEquals(50, trend.n());
        assertEquals(2e9, trend.slopePerDay(), 1e-3);
        assertEquals(1.0, trend.r2(), 1e-12);
        assertEquals(5e11, trend.valueAt(T0), 1e-3);
        assertEquals(5e11 + 2e9 * 10, trend.valueAt(T0 + 10 * DAY), 1e-2);
        assertEquals(5e11 - 2e9 * T0 / (double) DAY, trend.intercept(), 1e9 * 1e-6);
        assertEquals(Duration.ofMillis(49 * DAY / 10), trend.span());
    }

    @Test
    void aScatteredSetGivesTheSlopeInterceptAndR2ComputedByHand() {
        // x = 0, 1, 2, 3 (days); y = 1, 3, 2, 5: Sxx = 5, Sxy = 5.5, Syy = 8.75: slope 1.1, intercept 1.1, r² = 5.5² / (5 × 8.75)
        List<Point> points = List.of(new Point(T0, 1), new Point(T0 + DAY, 3), new Point(T0 + 2 * DAY, 2),
                new Point(T0 + 3 * DAY, 5));
        Trend trend = Trend.of(points);

        assertEquals(1.1, trend.slopePerDay(), 1e-9);
        assertEquals(1.1, trend.valueAt(T0), 1e-9);
        assertEquals(30.25 / 43.75, trend.r2(), 1e-9);
    }

    @Test
    void theOrderOfThePointsDoesNotMatter() {
        List<Point> points = new ArrayList<>(List.of(new Point(T0, 1), new Point(T0 + DAY, 3), new Point(T0 + 2 * DAY, 2),
                new Point(T0 + 3 * DAY, 5)));
        Collections.reverse(points);
        Trend trend = Trend.of(points);

        assertEquals(1.1, trend.slopePerDay(), 1e-9);
        assertEquals(T0, trend.firstAt());
        assertEquals(T0 + 3 * DAY, trend.lastAt());
    }

    @Test
    void constantValuesGiveAFlatLineThatFitsExactly() {
        List<Point> points = List.of(new Point(T0, 0.1), new Point(T0 + DAY, 0.1), new Point(T0 + 2 * DAY, 0.1));
        Trend trend = Trend.of(points);

        assertTrue(trend.fitted());
        assertEquals(0.0, trend.slopePerMs());
        assertEquals(1.0, trend.r2());
        assertEquals(0.1, trend.valueAt(T0 + 5 * DAY));
    }

    @Test
    void noPointsOrOnePointOrOneTimeGiveNoLine() {
        Trend none = Trend.of(List.of());
        Trend one = Trend.of(List.of(new Point(T0, 7)));
        Trend sameTime = Trend.of(List.of(new Point(T0, 2), new Point(T0, 4)));

        assertFalse(none.fitted());
        assertEquals(0, none.n());
        assertEquals(0.0, none.slopePerDay());
        assertFalse(one.fitted());
        assertEquals(7.0, one.valueAt(T0 + DAY));
        assertEquals(0.0, one.r2());
        assertFalse(sameTime.fitted());
        assertEquals(3.0, sameTime.valueAt(T0));
        assertEquals(Duration.ZERO, sameTime.span());
    }
}
