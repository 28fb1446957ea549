package org.opsconsole.api.monitoring;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One number a probe measured: a metric, its labels (which mount, which status), and the value.
 *
 * @param metric the metric's name in Prometheus style, for example {@code http_latency_ms}: letters, digits,
 *        underscores and colons, not starting with a digit, at most {@value #MAX_METRIC} characters
 * @param labels what tells series of one metric apart, for example {@code mount=/data}; at most
 *        {@value #MAX_LABELS} labels, names like metric names, values at most {@value #MAX_LABEL_VALUE} characters
 * @param value the value; NaN and infinities are refused
 */
public record Sample(String metric, Map<String, String> labels, double value) {

    /** Longest metric name. */
    public static final int MAX_METRIC = 100;
    /** Most labels on one sample. */
    public static final int MAX_LABELS = 8;
    /** Longest label value. */
    public static final int MAX_LABEL_VALUE = 120;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Checks the names and the value. */
    public Sample {
        Objects.requireNonNull(metric, "metric");
        labels = Map.copyOf(labels);
        if (metric.length() > MAX_METRIC || !NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("metric name '" + metric + "' is not [a-zA-Z_:][a-zA-Z0-9_:]* of at most "
                    + MAX_METRIC + " characters");
        }
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("metric " + metric + " has more than " + MAX_LABELS + " labels");
        }
        labels.forEach((name, text) -> {
            if (name.length() > MAX_METRIC || !NAME.matcher(name).matches() || text.length() > MAX_LABEL_VALUE) {
                throw new IllegalArgumentException("metric " + metric + " has a bad label " + name);
            }
        });
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + metric + " has no finite value");
        }
    }

    /**
     * @param metric the metric's name
     * @param value the value
     * @return a sample without labels
     */
    public static Sample of(String metric, double value) {
        return new Sample(metric, Map.of(), value);
    }
}
