package org.opsconsole.monitoring.internal.suggestions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/**
 * {@value #KIND}: HTTP latency or a database query's time rising steadily. A straight line is fitted to the
 * latency window; it counts when it fits well enough (r²), rises by at least the configured share of its value at
 * the window's start, and the last value is above the metric's limit (a fast service getting a little slower is
 * not worth an operator's time).
 */
final class LatencyTrend {

    static final String KIND = "latency-trend";
    static final String HTTP = "http_latency_ms";
    static final String DB = "db_query_ms";

    private LatencyTrend() {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        List<Suggestion> found = new ArrayList<>();
        find(source, now, settings, HTTP, settings.httpLatencyLimitMs(), found);
        find(source, now, settings, DB, settings.dbQueryLimitMs(), found);
        return found;
    }

    private static void find(SeriesSource source, Instant now, Analyzers.Settings settings, String metric, double limit,
            List<Suggestion> found) {
        Instant from = now.minus(settings.latencyWindow());
        for (Series series : source.series(metric)) {
            List<Point> points = source.points(series.seriesId(), from, now);
            Trend trend = Trend.of(points);
            if (!trend.fitted() || trend.n() < settings.minPoints()
                    || trend.span().compareTo(settings.latencyMinSpan()) < 0 || trend.slopePerMs() <= 0
                    || trend.r2() < settings.latencyMinR2()) {
                continue;
            }
            double start = trend.valueAt(trend.firstAt());
            double end = trend.valueAt(trend.lastAt());
            // the line may start below zero when latency grows faster than linearly; then the first value is the base
            double base = start > 0 ? start : points.get(0).value();
            Point last = Analyzers.last(points);
            if (base <= 0 || (end - base) / base < settings.latencyMinRise() || last.value() <= limit) {
                continue;
            }
            found.add(suggestion(series, trend, base, end, last, limit, from, now, settings));
        }
    }

    private static Suggestion suggestion(Series series, Trend trend, double base, double end, Point last, double limit,
            Instant from, Instant now, Analyzers.Settings settings) {
        boolean http = series.metric().equals(HTTP);
        String where = series.where();
        String whereEn = series.whereEn();
        String what = http ? " HTTP 响应时间" : "数据库查询耗时";
        String whatEn = http ? "HTTP latency" : "Database query time";
        String title = "目标 " + where + " 的" + what + "持续上升：约 " + Wording.zh(trend.span()) + "内从约 "
                + Wording.millis(base) + " 升至约 " + Wording.millis(end);
        String titleEn = whatEn + " of " + whereEn + " keeps rising: from about " + Wording.millis(base) + " to about "
                + Wording.millis(end) + " in about " + Wording.en(trend.span());
        String action;
        String actionEn;
        if (http) {
            action = "排查 " + series.targetName() + " 变慢的原因：对照近期的发布与访问量变化，检查应用服务器的 CPU、内存、GC 与线程池，"
                    + "以及慢接口所依赖的数据库查询和外部调用；在超出用户可接受的时间之前优化慢请求或扩容";
            actionEn = "Find out why " + series.englishTargetName() + " is getting slower: compare with recent releases and traffic,"
                    + " check the application servers' CPU, memory, GC and thread pools, and the database queries and"
                    + " external calls behind the slow requests; optimise them or add capacity before users notice";
        } else {
            action = "检查 " + series.targetName() + " 的慢查询日志与执行计划（EXPLAIN），为变慢的查询补充索引，"
                    + "清理、归档或分区持续增长的大表，并更新统计信息（ANALYZE TABLE）";
            actionEn = "Check the slow query log and the execution plans (EXPLAIN) on " + series.englishTargetName()
                    + ", add indexes for the queries getting slower, clean up, archive or partition the growing tables,"
                    + " and refresh the statistics (ANALYZE TABLE)";
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", series.describe());
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("points", trend.n());
        evidence.put("spanHours", Wording.round(trend.span().toMillis() / 3_600_000.0, 3));
        evidence.put("slopeMsPerDay", Wording.round(trend.slopePerDay(), 4));
        evidence.put("r2", Wording.round(trend.r2(), 3));
        evidence.put("startMs", Wording.round(base, 4));
        evidence.put("endMs", Wording.round(end, 4));
        evidence.put("rise", Wording.round((end - base) / base, 3));
        evidence.put("lastMs", Wording.round(last.value(), 4));
        evidence.put("lastAt", Instant.ofEpochMilli(last.atMillis()).toString());
        evidence.put("limitMs", limit);
        evidence.put("minR2", settings.latencyMinR2());
        evidence.put("minRise", settings.latencyMinRise());
        return new Suggestion(Analyzers.seriesKey(KIND, series), KIND, series.targetId(), "WARNING", title, titleEn, action,
                actionEn, evidence);
    }
}
