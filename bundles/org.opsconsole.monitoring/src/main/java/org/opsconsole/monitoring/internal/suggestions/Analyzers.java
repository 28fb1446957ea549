package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All kinds of suggestions at once: {@code Analyzers.all(source, now, settings)} is what the suggestions' job runs
 * before it hands the result to {@link SuggestionStore#replaceFound}. Each kind is a pure function of what the
 * {@link SeriesSource} holds and the time: {@link DiskFullForecast}, {@link CertificateExpiry}, {@link LatencyTrend},
 * {@link ConnectionsNearLimit}, {@link MemoryGrowth}, {@link Flapping}.
 */
public final class Analyzers {

    private Analyzers() {
    }

    /**
     * The thresholds of the suggestions. {@link #DEFAULTS} holds the values the issue asks for.
     *
     * @param forecastWindow disk: how far back the trend is fitted (3 days)
     * @param minSpan disk: the shortest time the fitted points must span (1 hour)
     * @param minPoints every trend: the fewest points it is fitted to (10)
     * @param diskHorizon disk: a forecast to be full within this time is a suggestion (30 days)
     * @param diskWarning disk: full within this time is a warning (7 days)
     * @param diskCritical disk: full within this time is critical (1 day)
     * @param latestWithin certificates: how recent the latest value must be to count (1 day)
     * @param certWarningDays certificates: fewer days left is a warning (30)
     * @param certCriticalDays certificates: fewer days left is critical (7)
     * @param latencyWindow latency: how far back the trend is fitted (7 days)
     * @param latencyMinSpan latency: the shortest time the fitted points must span (1 day)
     * @param latencyMinR2 latency: how well the line must fit, r² (0.5)
     * @param latencyMinRise latency: the least rise over the window, relative to its start (0.5, that is 50%)
     * @param httpLatencyLimitMs latency: {@code http_latency_ms} counts only when its last value is above this (200)
     * @param dbQueryLimitMs latency: {@code db_query_ms} counts only when its last value is above this (100)
     * @param connectionsWindow connections: the window whose highest usage counts (1 hour)
     * @param connectionsWarning connections: usage from this ratio on is a warning (0.8)
     * @param connectionsCritical connections: usage from this ratio on is critical (0.95)
     * @param memoryWindow memory: how far back the trend is fitted (3 days)
     * @param memoryMinSpan memory: the shortest time the fitted hourly minima must span (1 day)
     * @param memoryMinR2 memory: how well the line must fit, r² (0.7)
     * @param memoryHorizon memory: reaching the limit within this time is a warning (7 days)
     * @param flappingWindow flapping: the window whose up/down changes are counted (1 hour)
     * @param flappingChanges flapping: this many changes in the window is flapping (6)
     */
    public record Settings(Duration forecastWindow, Duration minSpan, int minPoints, Duration diskHorizon,
            Duration diskWarning, Duration diskCritical, Duration latestWithin, double certWarningDays,
            double certCriticalDays, Duration latencyWindow, Duration latencyMinSpan, double latencyMinR2,
            double latencyMinRise, double httpLatencyLimitMs, double dbQueryLimitMs, Duration connectionsWindow,
            double connectionsWarning, double connectionsCritical, Duration memoryWindow, Duration memoryMinSpan,
            double memoryMinR2, Duration memoryHorizon, Duration flappingWindow, int flappingChanges) {

        /** The thresholds the issue asks for. */
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(3), Duration.ofHours(1), 10,
                Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(1), 30, 7,
                Duration.ofDays(7), Duration.ofDays(1), 0.5, 0.5, 200, 100, Duration.ofHours(1), 0.8, 0.95,
                Duration.ofDays(3), Duration.ofDays(1), 0.7, Duration.ofDays(7), Duration.ofHours(1), 6);

        /** Checks that windows are positive, that the critical levels lie beyond the warning ones, and the ratios. */
        public Settings {
            for (Duration d : List.of(forecastWindow, minSpan, diskHorizon, diskWarning, diskCritical, latestWithin,
                    latencyWindow, latencyMinSpan, connectionsWindow, memoryWindow, memoryMinSpan, memoryHorizon,
                    flappingWindow)) {
                if (Objects.requireNonNull(d, "a window").isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("the suggestions' windows must be positive, not " + d);
                }
            }
            require(minPoints >= 2, "a trend needs at least 2 points");
            require(flappingChanges >= 1, "flapping needs at least 1 change");
            require(diskCritical.compareTo(diskWarning) <= 0 && diskWarning.compareTo(diskHorizon) <= 0,
                    "disk: critical <= warning <= horizon");
            require(certCriticalDays <= certWarningDays, "certificates: critical days <= warning days");
            require(latencyMinR2 >= 0 && latencyMinR2 <= 1 && memoryMinR2 >= 0 && memoryMinR2 <= 1, "r² lies in 0..1");
            require(latencyMinRise > 0, "latency: the rise must be positive");
            require(connectionsWarning > 0 && connectionsWarning <= connectionsCritical,
                    "connections: 0 < warning <= critical");
        }

        private static void require(boolean condition, String what) {
            if (!condition) {
                throw new IllegalArgumentException("bad suggestion settings: " + what);
            }
        }
    }

    /**
     * Runs every kind of suggestion. A failure to read the source is passed on, so that the caller does not store
     * a partial result (which would mark the missing suggestions inactive).
     *
     * @param source the stored data
     * @param now the time of the computation
     * @param settings the thresholds
     * @return what was found, unique by key
     */
    public static List<Suggestion> all(SeriesSource source, Instant now, Settings settings) {
        List<Suggestion> found = new ArrayList<>();
        found.addAll(DiskFullForecast.find(source, now, settings));
        found.addAll(CertificateExpiry.find(source, now, settings));
        found.addAll(LatencyTrend.find(source, now, settings));
        found.addAll(ConnectionsNearLimit.find(source, now, settings));
        found.addAll(MemoryGrowth.find(source, now, settings));
        found.addAll(Flapping.find(source, now, settings));
        return found;
    }

    /** @return a window for the evidence: its start and end */
    static Map<String, Object> window(Instant from, Instant to) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("from", from.toString());
        window.put("to", to.toString());
        return window;
    }

    /** @return the key of a suggestion about a series */
    static String seriesKey(String kind, SeriesSource.Series series) {
        return kind + ":series:" + series.seriesId();
    }

    /** @return the latest of the points (they are oldest first), or null without points */
    static SeriesSource.Point last(List<SeriesSource.Point> points) {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }
}
