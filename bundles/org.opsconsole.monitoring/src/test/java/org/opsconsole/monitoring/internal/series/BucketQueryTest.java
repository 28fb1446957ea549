package org.opsconsole.monitoring.internal.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How a chart's resolution and step are chosen. */
class BucketQueryTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final SeriesStore.Retention RETENTION = new SeriesStore.Retention(Duration.ofDays(7), Duration.ofDays(90),
            Duration.ofDays(730));

    private static BucketQuery.Plan plan(Duration range, int maxPoints) {
        return BucketQuery.plan(NOW.minus(range), NOW, maxPoints, NOW, RETENTION);
    }

    @Test
    void anHourIsChartedRawInWholeSeconds() {
        assertEquals(new BucketQuery.Plan(Resolution.RAW, 6_000), plan(Duration.ofHours(1), 600));
        assertEquals(new BucketQuery.Plan(Resolution.RAW, 1_000), plan(Duration.ofMinutes(1), 5000));
        assertEquals(new BucketQuery.Plan(Resolution.RAW, 4_000), plan(Duration.ofMillis(3_001 * 1000L + 1), 1000));
    }

    @Test
    void aStepOfFiveMinutesOrMoreReadsTheFiveMinuteRollUpInWholeBuckets() {
        assertEquals(new BucketQuery.Plan(Resolution.FIVE_MINUTES, 300_000), plan(Duration.ofHours(50), 600));
        assertEquals(new BucketQuery.Plan(Resolution.FIVE_MINUTES, 600_000), plan(Duration.ofHours(51), 600));
    }

    @Test
    void aRangeStartingBeforeTheRawRetentionReadsTheFiveMinuteRollUpEvenForASmallStep() {
        Instant from = NOW.minus(Duration.ofDays(8));
        assertEquals(new BucketQuery.Plan(Resolution.FIVE_MINUTES, 300_000),
                BucketQuery.plan(from, from.plus(Duration.ofHours(1)), 600, NOW, RETENTION));
    }

    @Test
    void thirtyDaysInSixHundredPointsReadTheHourlyRollUpInTwoHourBuckets() {
        assertEquals(new BucketQuery.Plan(Resolution.HOUR, 7_200_000), plan(Duration.ofDays(30), 600));
        Instant from = NOW.minus(Duration.ofDays(100));
        assertEquals(Resolution.HOUR, BucketQuery.plan(from, from.plus(Duration.ofHours(1)), 600, NOW, RETENTION).resolution());
    }

    @Test
    void maxPointsOutside1To5000AndEmptyRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> plan(Duration.ofHours(1), 0));
        assertThrows(IllegalArgumentException.class, () -> plan(Duration.ofHours(1), 5001));
        assertThrows(IllegalArgumentException.class, () -> plan(Duration.ZERO, 10));
    }
}
