package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/**
 * {@value #KIND}: a mount that, going on as over the last days, will be full soon. For each {@code disk_used_bytes}
 * series with a {@code disk_size_bytes} series of the same target and mount, a straight line is fitted to the used
 * bytes of the forecast window; when it rises and reaches the size within the horizon, that is a suggestion, more
 * urgent the sooner.
 */
final class DiskFullForecast {

    static final String KIND = "disk-full";
    static final String USED = "disk_used_bytes";
    static final String SIZE = "disk_size_bytes";
    static final String MOUNT = "mount";

    private DiskFullForecast() {
    }

    private record Mount(long targetId, String mount) {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        Map<Mount, Series> sizes = new HashMap<>();
        for (Series size : source.series(SIZE)) {
            String mount = size.labels().get(MOUNT);
            if (mount != null) {
                sizes.put(new Mount(size.targetId(), mount), size);
            }
        }
        Instant from = now.minus(settings.forecastWindow());
        List<Suggestion> found = new ArrayList<>();
        for (Series used : source.series(USED)) {
            String mount = used.labels().get(MOUNT);
            Series size = mount == null ? null : sizes.get(new Mount(used.targetId(), mount));
            if (size == null) {
                continue;
            }
            List<Point> points = source.points(used.seriesId(), from, now);
            Trend trend = Trend.of(points);
            if (!trend.fitted() || trend.n() < settings.minPoints() || trend.span().compareTo(settings.minSpan()) < 0
                    || trend.slopePerMs() <= 0) {
                continue;
            }
            Point sizeNow = Analyzers.last(source.points(size.seriesId(), from, now));
            if (sizeNow == null || sizeNow.value() <= 0) {
                continue;
            }
            Point usedNow = Analyzers.last(points);
            double free = sizeNow.value() - usedNow.value();
            double msToFull = Math.max(0, free / trend.slopePerMs());
            if (msToFull >= settings.diskHorizon().toMillis()) {
                continue;
            }
            Duration toFull = Duration.ofMillis(Math.round(msToFull));
            found.add(suggestion(used, size, mount, trend, usedNow, sizeNow.value(), toFull, from, now, settings));
        }
        return found;
    }

    private static Suggestion suggestion(Series used, Series size, String mount, Trend trend, Point usedNow,
            double sizeBytes, Duration toFull, Instant from, Instant now, Analyzers.Settings settings) {
        String severity = toFull.compareTo(settings.diskCritical()) < 0 ? "CRITICAL"
                : toFull.compareTo(settings.diskWarning()) < 0 ? "WARNING" : "INFO";
        String host = used.targetName();
        String hostEn = used.englishTargetName();
        boolean full = usedNow.value() >= sizeBytes;
        String title = full ? "主机 " + host + " 挂载点 " + mount + " 已写满"
                : "主机 " + host + " 挂载点 " + mount + " 预计约 " + Wording.zh(toFull) + "后写满";
        String titleEn = full ? "Mount " + mount + " on " + hostEn + " is full"
                : "Mount " + mount + " on " + hostEn + " will be full in about " + Wording.en(toFull);
        // a disk filling within a day is described per hour, otherwise per day
        boolean hourly = toFull.compareTo(Duration.ofDays(1)) < 0;
        double growth = trend.slopePerMs() * (hourly ? Duration.ofHours(1) : Duration.ofDays(1)).toMillis();
        String usedText = Wording.percent(usedNow.value() / sizeBytes) + "（" + Wording.bytes(usedNow.value()) + " / "
                + Wording.bytes(sizeBytes) + "）";
        String action = "清理或归档 " + mount + " 下的旧文件（日志、备份、临时文件），或扩容该磁盘；当前已用 " + usedText
                + "，每" + (hourly ? "小时" : "天") + "增长约 " + Wording.bytes(growth);
        String actionEn = "Clean up or archive old files under " + mount + " (logs, backups, temporary files), or enlarge "
                + "the disk; " + Wording.percent(usedNow.value() / sizeBytes) + " used now (" + Wording.bytes(usedNow.value())
                + " of " + Wording.bytes(sizeBytes) + "), growing about " + Wording.bytes(growth) + (hourly ? " an hour" : " a day");

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", used.describe());
        evidence.put("sizeSeriesId", size.seriesId());
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("points", trend.n());
        evidence.put("spanHours", Wording.round(trend.span().toMillis() / 3_600_000.0, 3));
        evidence.put("slopeBytesPerDay", Wording.round(trend.slopePerDay(), 4));
        evidence.put("r2", Wording.round(trend.r2(), 3));
        evidence.put("usedBytes", usedNow.value());
        evidence.put("usedAt", Instant.ofEpochMilli(usedNow.atMillis()).toString());
        evidence.put("sizeBytes", sizeBytes);
        evidence.put("usedRatio", Wording.round(usedNow.value() / sizeBytes, 3));
        evidence.put("hoursToFull", Wording.round(toFull.toMillis() / 3_600_000.0, 3));
        evidence.put("fullAt", Instant.ofEpochMilli(usedNow.atMillis()).plus(toFull).toString());
        evidence.put("horizonDays", Wording.round(settings.diskHorizon().toMillis() / 86_400_000.0, 3));
        return new Suggestion(Analyzers.seriesKey(KIND, used), KIND, used.targetId(), severity, title, titleEn, action,
                actionEn, evidence);
    }
}
