package org.opsconsole.monitoring.internal.suggestions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/**
 * {@value #KIND}: a MySQL/MariaDB server whose connections come near {@code max_connections}: the highest
 * {@code mysql_connections_used_ratio} of the connections window. The server's connected threads and its limit, read
 * from the series of the same target and labels, are shown with it.
 */
final class ConnectionsNearLimit {

    static final String KIND = "connections-near-limit";
    static final String RATIO = "mysql_connections_used_ratio";
    static final String CONNECTED = "mysql_threads_connected";
    static final String MAX = "mysql_max_connections";

    private ConnectionsNearLimit() {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        Instant from = now.minus(settings.connectionsWindow());
        List<Suggestion> found = new ArrayList<>();
        for (Series series : source.series(RATIO)) {
            List<Point> points = source.points(series.seriesId(), from, now);
            if (points.isEmpty()) {
                continue;
            }
            Point peak = points.stream().max((a, b) -> Double.compare(a.value(), b.value())).orElseThrow();
            if (peak.value() < settings.connectionsWarning()) {
                continue;
            }
            Double connected = latest(source, series, CONNECTED, from, now);
            Double max = latest(source, series, MAX, from, now);
            found.add(suggestion(series, peak, Analyzers.last(points), connected, max, from, now, settings));
        }
        return found;
    }

    /** @return the latest value of the metric's series with the same target and labels, or null */
    private static Double latest(SeriesSource source, Series like, String metric, Instant from, Instant now) {
        for (Series series : source.series(metric)) {
            if (series.targetId() == like.targetId() && series.labels().equals(like.labels())) {
                Point last = Analyzers.last(source.points(series.seriesId(), from, now));
                return last == null ? null : last.value();
            }
        }
        return null;
    }

    private static Suggestion suggestion(Series series, Point peak, Point last, Double connected, Double max,
            Instant from, Instant now, Analyzers.Settings settings) {
        String severity = peak.value() >= settings.connectionsCritical() ? "CRITICAL" : "WARNING";
        String where = series.where();
        String whereEn = series.whereEn();
        String window = Wording.zh(settings.connectionsWindow());
        String title = "数据库 " + where + " 连接数接近上限：最近 " + window + "最高占用 " + Wording.percent(peak.value());
        String titleEn = "Connections of database " + whereEn + " near the limit: up to " + Wording.percent(peak.value())
                + " used in " + Wording.lastEn(settings.connectionsWindow());
        String counts = connected == null || max == null ? ""
                : "当前连接 " + Math.round(connected) + " 个，上限（max_connections）" + Math.round(max) + "；";
        String countsEn = connected == null || max == null ? ""
                : Math.round(connected) + " connections now of at most " + Math.round(max) + " (max_connections). ";
        String action = counts + "核对各应用连接池的最大连接数之和是否超过上限，排查连接泄漏和长时间空闲的连接（wait_timeout），"
                + "必要时调高 max_connections 并确认内存足够";
        String actionEn = countsEn + "Check whether the applications' pool sizes add up to more than the limit, look for"
                + " leaked and long idle connections (wait_timeout), and raise max_connections if needed, with enough"
                + " memory for them";

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", series.describe());
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("peakRatio", Wording.round(peak.value(), 4));
        evidence.put("peakAt", Instant.ofEpochMilli(peak.atMillis()).toString());
        evidence.put("latestRatio", Wording.round(last.value(), 4));
        evidence.put(CONNECTED, connected);
        evidence.put(MAX, max);
        evidence.put("warningRatio", settings.connectionsWarning());
        evidence.put("criticalRatio", settings.connectionsCritical());
        return new Suggestion(Analyzers.seriesKey(KIND, series), KIND, series.targetId(), severity, title, titleEn, action,
                actionEn, evidence);
    }
}
