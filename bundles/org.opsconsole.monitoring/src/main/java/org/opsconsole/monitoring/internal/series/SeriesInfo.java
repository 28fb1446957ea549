package org.opsconsole.monitoring.internal.series;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stored time series: one metric with one set of labels, measured on one target.
 *
 * @param id the series id (the {@code monitoring_series} row)
 * @param targetId the target whose probe measures it
 * @param metric the metric's name
 * @param labels the labels, sorted by name, unmodifiable
 */
public record SeriesInfo(long id, long targetId, String metric, Map<String, String> labels) {

    /** Keeps the labels sorted and unmodifiable. */
    public SeriesInfo {
        Objects.requireNonNull(metric, "metric");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
