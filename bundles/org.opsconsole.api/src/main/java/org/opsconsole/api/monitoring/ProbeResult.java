package org.opsconsole.api.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one probe found. The module adds the samples {@code up} (1 or 0) and {@code probe_duration_ms} to every
 * result by itself. Build one with {@link #up(String)} or {@link #down(String)}.
 *
 * @param up whether the target works as configured (answers, with the expected status and content)
 * @param message what was found, one line for operators (for example {@code HTTP 200 in 35 ms}); may be empty
 * @param samples the numbers measured; a down target may still have some (the status code it answered)
 */
public record ProbeResult(boolean up, String message, List<Sample> samples) {

    /** Longest message, in characters; a longer one is cut. */
    public static final int MAX_MESSAGE = 500;

    /** Copies the list and cuts the message. */
    public ProbeResult {
        Objects.requireNonNull(message, "message");
        message = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        samples = List.copyOf(samples);
    }

    /**
     * @param message what was found
     * @return a builder of a result for a target that works
     */
    public static Builder up(String message) {
        return new Builder(true, message);
    }

    /**
     * @param message what is wrong, for operators
     * @return a builder of a result for a target that does not work
     */
    public static Builder down(String message) {
        return new Builder(false, message);
    }

    /** Builds a {@link ProbeResult}. */
    public static final class Builder {
        private final boolean up;
        private final String message;
        private final List<Sample> samples = new ArrayList<>();

        private Builder(boolean up, String message) {
            this.up = up;
            this.message = message == null ? "" : message;
        }

        /**
         * @param metric the metric's name
         * @param value the value
         * @return this
         */
        public Builder sample(String metric, double value) {
            samples.add(Sample.of(metric, value));
            return this;
        }

        /**
         * @param metric the metric's name
         * @param labels the sample's labels
         * @param value the value
         * @return this
         */
        public Builder sample(String metric, Map<String, String> labels, double value) {
            samples.add(new Sample(metric, labels, value));
            return this;
        }

        /**
         * @param sample a sample
         * @return this
         */
        public Builder sample(Sample sample) {
            samples.add(sample);
            return this;
        }

        /** @return the result */
        public ProbeResult build() {
            return new ProbeResult(up, message, samples);
        }
    }
}
