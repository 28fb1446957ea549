package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.lastFor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/** The disk-full forecast: how soon, how urgent, and the disks that are no suggestion. */
class DiskFullForecastTest {

    private static final double GB = 1024.0 * 1024 * 1024;
    private static final Map<String, String> DATA = Map.of("mount", "/data");

    private final TestSource source = new TestSource();
    private final Target app = source.target(1, "app-01");

    private Series disk(Map<String, String> mount, double sizeBytes, List<Point> used) {
        source.add(app, DiskFullForecast.SIZE, mount, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> sizeBytes));
        return source.add(app, DiskFullForecast.USED, mount, used);
    }

    private List<Suggestion> found() {
        return DiskFullForecast.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    @Test
    void aDiskGrowingTwoGigabytesADayWithTwentyFourLeftIsFullInAboutTwelveDays() {
        // 100 GB disk, 76 GB used now, 2 GB a day for the last 3 days, hourly
        Series used = disk(DATA, 100 * GB, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (70 + 2 * h / 24) * GB));

        List<Suggestion> found = found();

        assertEquals(1, found.size());
        Suggestion s = found.get(0);
        assertEquals("disk-full:series:" + used.seriesId(), s.key());
        assertEquals("disk-full", s.kind());
        assertEquals(1L, s.targetId());
        assertEquals("INFO", s.severity(), "12 days is more than the week of a warning");
        assertEquals("主机 app-01 挂载点 /data 预计约 12 天后写满", s.title());
        assertEquals("Mount /data on app-01 will be full in about 12 days", s.titleEn());
        assertEquals("清理或归档 /data 下的旧文件（日志、备份、临时文件），或扩容该磁盘；当前已用 76%（76.0 GB / 100.0 GB），每天增长约 2.0 GB",
                s.action());
        assertTrue(s.actionEn().endsWith("76% used now (76.0 GB of 100.0 GB), growing about 2.0 GB a day"), s.actionEn());
        assertEquals(used.describe(), s.evidence().get("series"));
        assertEquals(73, s.evidence().get("points"));
        assertEquals(2 * GB, (double) s.evidence().get("slopeBytesPerDay"), 1e6);
        assertEquals(1.0, s.evidence().get("r2"));
        assertEquals(288.0, (double) s.evidence().get("hoursToFull"), 0.01);
        Instant fullAt = Instant.parse((String) s.evidence().get("fullAt"));
        assertTrue(Duration.between(NOW.plus(Duration.ofDays(12)), fullAt).abs().compareTo(Duration.ofSeconds(1)) < 0, fullAt::toString);
        assertEquals(0.76, s.evidence().get("usedRatio"));
    }

    @Test
    void aHostWithAnEnglishNameHasItInTheEnglishTextsAndTheEvidence() {
        Target host = source.target(3, "控制台主机", "Console host");
        source.add(host, DiskFullForecast.SIZE, DATA, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 100 * GB));
        Series used = source.add(host, DiskFullForecast.USED, DATA,
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (70 + 2 * h / 24) * GB));

        Suggestion s = found().get(0);

        assertEquals("主机 控制台主机 挂载点 /data 预计约 12 天后写满", s.title());
        assertEquals("Mount /data on Console host will be full in about 12 days", s.titleEn());
        Map<?, ?> series = (Map<?, ?>) s.evidence().get("series");
        assertEquals(List.of("控制台主机", "Console host"), List.of(series.get("target"), series.get("targetEn")));
        assertEquals("控制台主机{mount=/data}", used.where());
        assertEquals("Console host{mount=/data}", used.whereEn());
        assertFalse(disk(DATA, 100 * GB, List.of()).describe().containsKey("targetEn"), "a target without an English name has none");
    }

    @Test
    void aDiskFullInAFewDaysIsAWarningAndInUnderADayCritical() {
        disk(DATA, 100 * GB, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (40 + 10 * h / 24) * GB));
        disk(Map.of("mount", "/var"), 100 * GB,
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (10 + 27 * h / 24) * GB));

        List<Suggestion> found = found();

        assertEquals(List.of("WARNING", "CRITICAL"), found.stream().map(Suggestion::severity).toList());
        assertEquals("主机 app-01 挂载点 /data 预计约 3 天后写满", found.get(0).title());
        assertEquals("主机 app-01 挂载点 /var 预计约 8 小时后写满", found.get(1).title());
        assertTrue(found.get(1).action().endsWith("每小时增长约 1.1 GB"), found.get(1).action());
    }

    @Test
    void aDiskFillingFastIsForecastInMinutes() {
        // 2 hours of samples every minute: 1 GB a minute... of which 40 GB are left
        disk(DATA, 500 * GB, lastFor(Duration.ofHours(2), Duration.ofMinutes(1), h -> (340 + h * 60) * GB));

        Suggestion s = found().get(0);

        assertEquals("CRITICAL", s.severity());
        assertEquals("主机 app-01 挂载点 /data 预计约 40 分钟后写满", s.title());
        assertEquals("Mount /data on app-01 will be full in about 40 minutes", s.titleEn());
        assertTrue(s.action().contains("每小时增长约 60.0 GB"), s.action());
    }

    @Test
    void aFullDiskStillGrowingSaysItIsFull() {
        disk(DATA, 100 * GB, lastFor(Duration.ofHours(5), Duration.ofMinutes(10), h -> (90 + 2 * h) * GB));

        Suggestion s = found().get(0);

        assertEquals("CRITICAL", s.severity());
        assertEquals("主机 app-01 挂载点 /data 已写满", s.title());
        assertEquals(0.0, s.evidence().get("hoursToFull"));
    }

    @Test
    void aFlatOrShrinkingDiskIsNoSuggestion() {
        disk(DATA, 100 * GB, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 95 * GB));
        disk(Map.of("mount", "/var"), 100 * GB, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (90 - h / 24) * GB));

        assertEquals(List.of(), found());
    }

    @Test
    void aDiskFullLaterThanTheHorizonIsNoSuggestion() {
        // 40 GB left at 1 GB a day: 40 days
        disk(DATA, 100 * GB, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (57 + h / 24) * GB));

        assertEquals(List.of(), found());
    }

    @Test
    void tooFewPointsOrTooShortASpanIsNoSuggestion() {
        // 9 points over 8 hours, then 30 points over 29 minutes: both fill within hours
        disk(DATA, 100 * GB, lastFor(Duration.ofHours(8), Duration.ofHours(1), h -> (80 + h) * GB));
        disk(Map.of("mount", "/var"), 100 * GB, lastFor(Duration.ofMinutes(29), Duration.ofMinutes(1), h -> (80 + h) * GB));

        assertEquals(List.of(), found());
    }

    @Test
    void tenPointsOverAnHourAreEnough() {
        disk(DATA, 100 * GB, line(10, Duration.ofMinutes(400).dividedBy(60)));

        assertEquals(1, found().size());
    }

    private static List<Point> line(int n, Duration step) {
        // n points ending now, 1 GB more each step, 90 GB at the end
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new Point(NOW.minus(step.multipliedBy(n - 1 - i)).toEpochMilli(), (90 - (n - 1 - i)) * GB));
        }
        return points;
    }

    @Test
    void aUsedSeriesWithoutTheSizeOfItsMountIsNoSuggestion() {
        source.add(app, DiskFullForecast.SIZE, Map.of("mount", "/var"),
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 100 * GB));
        source.add(source.target(2, "app-02"), DiskFullForecast.SIZE, DATA,
                lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> 100 * GB));
        source.add(app, DiskFullForecast.USED, DATA, lastFor(Duration.ofDays(3), Duration.ofHours(1), h -> (64 + 10 * h / 24) * GB));

        assertEquals(List.of(), found());
    }
}
