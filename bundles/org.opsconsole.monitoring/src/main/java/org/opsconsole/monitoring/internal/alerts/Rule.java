package org.opsconsole.monitoring.internal.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert rule, as stored.
 *
 * @param id its id
 * @param name its name, unique
 * @param description what it means and what to do, for the notification
 * @param nameEn a built-in rule's English name, which the module provides; null for an operator's rule, or when an
 *     operator changed the name
 * @param descriptionEn a built-in rule's English description; null for an operator's rule, or when an operator changed
 *     the description
 * @param kind how the condition is computed
 * @param metric the metric it watches
 * @param aggregation for {@link Kind#THRESHOLD}: how the window's samples become one value
 * @param windowSeconds the window: of the aggregation, of the rate, or of absence
 * @param op the comparison with the threshold
 * @param threshold the threshold (per minute for {@link Kind#RATE})
 * @param clearThreshold where a firing alert resolves (hysteresis); null for the threshold itself
 * @param forSeconds how long the condition must hold before the alert fires
 * @param targetId the one target it applies to; null for every target whose labels match
 * @param targetLabels labels a target must have (when no one target is named)
 * @param seriesLabels labels a series must have
 * @param severity how urgent its alerts are
 * @param channels notification channels; empty for the default ones
 * @param escalateMinutes minutes after which an unacknowledged alert is escalated; null for never
 * @param escalateChannels channels to escalate to
 * @param escalateRoles roles to escalate to
 * @param enabled whether it is evaluated
 * @param builtIn whether it came with the module (it can be changed and disabled, not deleted)
 * @param updatedAt when it was last changed
 * @param updatedBy who changed it last
 */
public record Rule(long id, String name, String description, String nameEn, String descriptionEn, Kind kind, String metric,
        Aggregation aggregation, int windowSeconds, Op op, double threshold, Double clearThreshold, int forSeconds, Long targetId,
        Map<String, String> targetLabels, Map<String, String> seriesLabels, String severity, List<String> channels,
        Integer escalateMinutes, List<String> escalateChannels, List<String> escalateRoles, boolean enabled, boolean builtIn,
        Instant updatedAt, String updatedBy) {

    /** Copies the collections. */
    public Rule {
        targetLabels = Map.copyOf(targetLabels);
        seriesLabels = Map.copyOf(seriesLabels);
        channels = List.copyOf(channels);
        escalateChannels = List.copyOf(escalateChannels);
        escalateRoles = List.copyOf(escalateRoles);
    }

    /** @return the name for the English UI and reports: the English one a built-in rule has, else the one name */
    public String englishName() {
        return nameEn != null ? nameEn : name;
    }

    /** @return the description for the English UI: the English one a built-in rule has, else the one description */
    public String englishDescription() {
        return descriptionEn != null ? descriptionEn : description;
    }

    /** How a rule's condition is computed. */
    public enum Kind {
        /** The value (or its aggregation over the window) compared with the threshold. */
        THRESHOLD,
        /** The change per minute over the window compared with the threshold. */
        RATE,
        /** No sample of the metric for the window. */
        ABSENT
    }

    /** How the samples of a window become one value. */
    public enum Aggregation {
        /** The latest sample. */
        LAST,
        /** Their mean. */
        AVG,
        /** The least. */
        MIN,
        /** The greatest. */
        MAX;

        /** @return the name in the API */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A comparison. */
    public enum Op {
        /** Greater than. */
        GT(">"),
        /** Greater than or equal. */
        GE(">="),
        /** Less than. */
        LT("<"),
        /** Less than or equal. */
        LE("<="),
        /** Equal. */
        EQ("=="),
        /** Not equal. */
        NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** @return the symbol, as in the API */
        public String symbol() {
            return symbol;
        }

        /**
         * @param value a value
         * @param threshold the threshold
         * @return whether the value compares so with the threshold
         */
        public boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }

        /**
         * @param symbol a symbol
         * @return the comparison; null when none has that symbol
         */
        public static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    /**
     * @param targetId a target
     * @param labels its labels
     * @return whether the rule applies to it
     */
    public boolean appliesTo(long targetId, Map<String, String> labels) {
        if (this.targetId != null) {
            return this.targetId == targetId;
        }
        return labels.entrySet().containsAll(targetLabels.entrySet());
    }
}
