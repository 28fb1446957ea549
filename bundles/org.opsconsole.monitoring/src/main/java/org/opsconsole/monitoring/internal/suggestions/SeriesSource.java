package org.opsconsole.monitoring.internal.suggestions;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the suggestions read: the configured targets, the stored series and the targets' up/down history. The time
 * series store implements it; the analyzers only read through it, so a test can hand them data held in lists.
 * Implementations must be safe to call from the suggestions' job thread while probes keep writing.
 */
public interface SeriesSource {

    /**
     * A configured target.
     *
     * @param id the target's id
     * @param name its name, as operators know it
     * @param nameEn its name in English; null when it has none
     */
    record Target(long id, String name, String nameEn) {

        /** Checks the name. */
        public Target {
            Objects.requireNonNull(name, "name");
        }

        /** @return the name for English texts: the English one when it has one, else the one name */
        public String englishName() {
            return nameEn != null ? nameEn : name;
        }
    }

    /**
     * One stored time series: a metric with one set of labels of one target.
     *
     * @param seriesId the series' id
     * @param targetId its target's id
     * @param targetName its target's name
     * @param targetNameEn its target's name in English; null when it has none
     * @param metric the metric, for example {@code disk_used_bytes}
     * @param labels its labels, for example {@code mount=/data}
     */
    record Series(long seriesId, long targetId, String targetName, String targetNameEn, String metric, Map<String, String> labels) {

        /** Copies the labels, keeping them sorted by name. */
        public Series {
            Objects.requireNonNull(targetName, "targetName");
            Objects.requireNonNull(metric, "metric");
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        /** @return the target's name for English texts: its English name when it has one, else the one name */
        public String englishTargetName() {
            return targetNameEn != null ? targetNameEn : targetName;
        }

        /**
         * @return the series as evidence shows it: id, target (and {@code targetEn}, its English name, when it has one),
         *     metric and labels
         */
        public Map<String, Object> describe() {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("seriesId", seriesId);
            described.put("targetId", targetId);
            described.put("target", targetName);
            if (targetNameEn != null) {
                described.put("targetEn", targetNameEn);
            }
            described.put("metric", metric);
            described.put("labels", labels);
            return described;
        }

        /** @return the target's name, with the labels in braces when there are any: {@code db-main{query=orders}} */
        public String where() {
            return where(targetName);
        }

        /** @return the same with the target's name for English texts */
        public String whereEn() {
            return where(englishTargetName());
        }

        private String where(String target) {
            if (labels.isEmpty()) {
                return target;
            }
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",", target + "{", "}"));
        }
    }

    /**
     * One value of a series.
     *
     * @param atMillis when, in epoch milliseconds (for a downsampled point, the start of its bucket)
     * @param value the value, or the bucket's average
     */
    record Point(long atMillis, double value) {
    }

    /** @return every configured target */
    List<Target> targets();

    /**
     * @param metric a metric's name
     * @return every series of that metric, of all targets
     */
    List<Series> series(String metric);

    /**
     * The values of a series in a time range, oldest first. For long ranges they may be downsampled averages (for
     * example hourly).
     *
     * @param seriesId the series
     * @param from the start, inclusive
     * @param to the end, inclusive
     * @return the points, ordered by time; empty when there are none
     */
    List<Point> points(long seriesId, Instant from, Instant to);

    /**
     * @param targetId a target
     * @param from the start, inclusive
     * @param to the end, inclusive
     * @return the times the target went up or down in that range, oldest first
     */
    List<Instant> upDownChanges(long targetId, Instant from, Instant to);
}
