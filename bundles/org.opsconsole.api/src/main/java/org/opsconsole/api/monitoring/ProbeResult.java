package org.opsconsole.api.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one probe found. The module adds the samples {@code up} (1 or 0) and {@code probe_duration_ms} to every
 * result by itself. Build one with {@link #up(String, String)} or {@link #down(String, String)}.
 *
 * <p>The message comes in the console's two languages: {@code message} in Chinese, shown by default, and
 * {@code messageEn} in English, shown when an operator uses the console in English. A probe that gives only one
 * message (as probes written for version 1.0 of this package do) has it shown in both.
 *
 * @param up whether the target works as configured (answers, with the expected status and content)
 * @param message what was found, one line for operators in Chinese (for example {@code HTTP 200，35 毫秒}); may be
 *        empty
 * @param messageEn the same in English (for example {@code HTTP 200 in 35 ms}); null or empty for the same text as
 *        {@code message}
 * @param samples the numbers measured; a down target may still have some (the status code it answered)
 */
public record ProbeResult(boolean up, String message, String messageEn, List<Sample> samples) {

    /** Longest message, in characters, in either language; a longer one is cut. */
    public static final int MAX_MESSAGE = 500;

    /** Copies the list, cuts the messages, and takes the message for a missing English one. */
    public ProbeResult {
        Objects.requireNonNull(message, "message");
        message = cut(message);
        messageEn = messageEn == null || messageEn.isEmpty() ? message : cut(messageEn);
        samples = List.copyOf(samples);
    }

    /**
     * A result with one message, shown in both languages (the record's form of version 1.0 of this package).
     *
     * @param up whether the target works as configured
     * @param message what was found
     * @param samples the numbers measured
     */
    public ProbeResult(boolean up, String message, List<Sample> samples) {
        this(up, message, null, samples);
    }

    private static String cut(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
    }

    /**
     * @param message what was found, in Chinese
     * @param messageEn the same in English
     * @return a builder of a result for a target that works
     * @since 1.1
     */
    public static Builder up(String message, String messageEn) {
        return new Builder(true, message, messageEn);
    }

    /**
     * @param message what is wrong, for operators, in Chinese
     * @param messageEn the same in English
     * @return a builder of a result for a target that does not work
     * @since 1.1
     */
    public static Builder down(String message, String messageEn) {
        return new Builder(false, message, messageEn);
    }

    /**
     * @param message what was found, shown in both languages
     * @return a builder of a result for a target that works
     */
    public static Builder up(String message) {
        return new Builder(true, message, null);
    }

    /**
     * @param message what is wrong, for operators, shown in both languages
     * @return a builder of a result for a target that does not work
     */
    public static Builder down(String message) {
        return new Builder(false, message, null);
    }

    /** Builds a {@link ProbeResult}. */
    public static final class Builder {
        private final boolean up;
        private final String message;
        private final String messageEn;
        private final List<Sample> samples = new ArrayList<>();

        private Builder(boolean up, String message, String messageEn) {
            this.up = up;
            this.message = message == null ? "" : message;
            this.messageEn = messageEn;
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
            return new ProbeResult(up, message, messageEn, samples);
        }
    }
}
