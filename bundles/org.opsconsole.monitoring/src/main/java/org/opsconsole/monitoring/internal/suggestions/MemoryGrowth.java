package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/**
 * {@value #KIND}: memory that grows steadily and reaches its limit soon: a JVM's heap ({@code jvm_heap_used_bytes},
 * limited by the {@code jvm_heap_max_bytes} of the same target and labels) or a host's memory
 * ({@code host_memory_used_ratio}, limited by 1). The line is fitted to the lowest value of each hour, the lower
 * envelope, so the saw-tooth of garbage collection does not count as growth; only memory that stays in use after
 * collection does.
 */
final class MemoryGrowth {

    static final String KIND = "memory-growth";
    static final String HEAP = "jvm_heap_used_bytes";
    static final String HEAP_MAX = "jvm_heap_max_bytes";
    static final String HOST = "host_memory_used_ratio";

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private MemoryGrowth() {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        Instant from = now.minus(settings.memoryWindow());
        List<Suggestion> found = new ArrayList<>();
        List<Series> maxima = source.series(HEAP_MAX);
        for (Series heap : source.series(HEAP)) {
            Series max = maxima.stream()
                    .filter(m -> m.targetId() == heap.targetId() && m.labels().equals(heap.labels()))
                    .findFirst().orElse(null);
            Point limit = max == null ? null : Analyzers.last(source.points(max.seriesId(), from, now));
            if (limit != null && limit.value() > 0) {
                check(source, heap, limit.value(), from, now, settings).ifPresent(found::add);
            }
        }
        for (Series host : source.series(HOST)) {
            check(source, host, 1, from, now, settings).ifPresent(found::add);
        }
        return found;
    }

    /** @return the lowest point of each hour, oldest first */
    static List<Point> hourlyMinima(List<Point> points) {
        TreeMap<Long, Point> minima = new TreeMap<>();
        for (Point p : points) {
            minima.merge(Math.floorDiv(p.atMillis(), HOUR), p, (a, b) -> b.value() < a.value() ? b : a);
        }
        return List.copyOf(minima.values());
    }

    private static Optional<Suggestion> check(SeriesSource source, Series series, double limit, Instant from,
            Instant now, Analyzers.Settings settings) {
        List<Point> floor = hourlyMinima(source.points(series.seriesId(), from, now));
        Trend trend = Trend.of(floor);
        if (!trend.fitted() || trend.n() < settings.minPoints() || trend.span().compareTo(settings.memoryMinSpan()) < 0
                || trend.slopePerMs() <= 0 || trend.r2() < settings.memoryMinR2()) {
            return Optional.empty();
        }
        double floorNow = trend.valueAt(trend.lastAt());
        double msToLimit = Math.max(0, (limit - floorNow) / trend.slopePerMs());
        if (msToLimit >= settings.memoryHorizon().toMillis()) {
            return Optional.empty();
        }
        Duration toLimit = Duration.ofMillis(Math.round(msToLimit));
        return Optional.of(suggestion(series, trend, floorNow, limit, toLimit, from, now));
    }

    private static Suggestion suggestion(Series series, Trend trend, double floorNow, double limit, Duration toLimit,
            Instant from, Instant now) {
        boolean heap = series.metric().equals(HEAP);
        String where = series.where();
        String whereEn = series.whereEn();
        String title;
        String titleEn;
        String action;
        String actionEn;
        if (heap) {
            title = "目标 " + where + " 的 JVM 堆内存持续增长，约 " + Wording.zh(toLimit) + "后将达到上限";
            titleEn = "JVM heap of " + whereEn + " keeps growing and reaches its maximum in about " + Wording.en(toLimit);
            action = "垃圾回收后的堆占用每天增长约 " + Wording.bytes(trend.slopePerDay()) + "（当前约 " + Wording.bytes(floorNow)
                    + "，上限 " + Wording.bytes(limit) + "），疑似内存泄漏：用 jcmd <pid> GC.heap_dump 导出堆转储，分析持续增长的对象；"
                    + "修复前可安排在低峰期重启，或调大 -Xmx 争取时间";
            actionEn = "The heap in use after garbage collection grows about " + Wording.bytes(trend.slopePerDay())
                    + " a day (about " + Wording.bytes(floorNow) + " now, at most " + Wording.bytes(limit) + "), which"
                    + " looks like a memory leak: take a heap dump (jcmd <pid> GC.heap_dump) and look for the objects that"
                    + " keep growing; until it is fixed, plan a restart at a quiet time or raise -Xmx to gain time";
        } else {
            String perDay = String.format(Locale.ROOT, "%.1f", trend.slopePerDay() * 100);
            title = "主机 " + where + " 内存占用持续增长，约 " + Wording.zh(toLimit) + "后耗尽";
            titleEn = "Memory use on host " + whereEn + " keeps growing and runs out in about " + Wording.en(toLimit);
            action = "内存占用的低谷值每天增长约 " + perDay + " 个百分点（当前约 " + Wording.percent(floorNow)
                    + "）；找出内存持续增长的进程（ps aux --sort=-rss），检查是否存在泄漏或无上限的缓存，必要时重启该进程或增加内存";
            actionEn = "The lowest memory use grows about " + perDay + " percentage points a day (about "
                    + Wording.percent(floorNow) + " now); find the processes that keep growing (ps aux --sort=-rss),"
                    + " look for leaks or unbounded caches, and restart them or add memory if needed";
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", series.describe());
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("envelope", "hourly minima");
        evidence.put("points", trend.n());
        evidence.put("spanHours", Wording.round(trend.span().toMillis() / 3_600_000.0, 3));
        evidence.put(heap ? "slopeBytesPerDay" : "slopePerDay", Wording.round(trend.slopePerDay(), 4));
        evidence.put("r2", Wording.round(trend.r2(), 3));
        evidence.put("floorNow", Wording.round(floorNow, 6));
        evidence.put("limit", limit);
        evidence.put("hoursToLimit", Wording.round(toLimit.toMillis() / 3_600_000.0, 3));
        evidence.put("limitAt", Instant.ofEpochMilli(trend.lastAt()).plus(toLimit).toString());
        return new Suggestion(Analyzers.seriesKey(KIND, series), KIND, series.targetId(), "WARNING", title, titleEn, action,
                actionEn, evidence);
    }
}
