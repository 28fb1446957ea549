package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.lastFor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** A database's connections near max_connections: the hour's peak counts, with the counts as evidence. */
class ConnectionsNearLimitTest {

    private final TestSource source = new TestSource();
    private final Target db = source.target(3, "db-main");

    private List<Suggestion> found() {
        return ConnectionsNearLimit.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    @Test
    void aPeakOfEightySixPercentInTheLastHourIsAWarningWithTheCounts() {
        // 0.6 most of the time, 0.86 forty minutes ago
        Series ratio = source.add(db, ConnectionsNearLimit.RATIO, Map.of(), lastFor(Duration.ofHours(2), Duration.ofMinutes(10),
                h -> Math.abs(h - (2 - 40 / 60.0)) < 1e-9 ? 0.86 : 0.6));
        source.add(db, ConnectionsNearLimit.CONNECTED, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(10), h -> 120));
        source.add(db, ConnectionsNearLimit.MAX, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(10), h -> 200));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        Suggestion s = found.get(0);
        assertEquals("connections-near-limit:series:" + ratio.seriesId(), s.key());
        assertEquals("WARNING", s.severity());
        assertEquals("数据库 db-main 连接数接近上限：最近 1 小时最高占用 86%", s.title());
        assertEquals("Connections of database db-main near the limit: up to 86% used in the last hour", s.titleEn());
        assertTrue(s.action().startsWith("当前连接 120 个，上限（max_connections）200；"), s.action());
        assertTrue(s.actionEn().startsWith("120 connections now of at most 200 (max_connections). Check"), s.actionEn());
        assertEquals(0.86, s.evidence().get("peakRatio"));
        assertEquals(NOW.minus(Duration.ofMinutes(40)).toString(), s.evidence().get("peakAt"));
        assertEquals(0.6, s.evidence().get("latestRatio"));
        assertEquals(120.0, s.evidence().get("mysql_threads_connected"));
        assertEquals(200.0, s.evidence().get("mysql_max_connections"));
    }

    @Test
    void ninetyFivePercentIsCriticalEvenWithoutTheCounts() {
        source.add(db, ConnectionsNearLimit.RATIO, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(10), h -> 0.95));

        Suggestion s = found().get(0);

        assertEquals("CRITICAL", s.severity());
        assertTrue(s.action().startsWith("核对各应用连接池"), s.action());
        assertNull(s.evidence().get("mysql_max_connections"));
    }

    @Test
    void belowEightyPercentOrAPeakBeforeTheLastHourIsNoSuggestion() {
        source.add(db, ConnectionsNearLimit.RATIO, Map.of(), lastFor(Duration.ofHours(1), Duration.ofMinutes(10), h -> 0.79));
        source.add(source.target(4, "db-report"), ConnectionsNearLimit.RATIO, Map.of(),
                List.of(new Point(NOW.minus(Duration.ofMinutes(61)).toEpochMilli(), 0.99),
                        new Point(NOW.minus(Duration.ofMinutes(30)).toEpochMilli(), 0.5)));

        assertEquals(List.of(), found());
    }
}
