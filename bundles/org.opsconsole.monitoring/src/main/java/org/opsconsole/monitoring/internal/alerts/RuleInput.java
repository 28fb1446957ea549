package org.opsconsole.monitoring.internal.alerts;

import java.util.List;
import java.util.Map;

/**
 * A rule as an operator gave it; null fields were not given (the stored value, or the default, is kept).
 *
 * @param name its name
 * @param description what it means
 * @param kind THRESHOLD, RATE or ABSENT
 * @param metric the metric
 * @param aggregation last, avg, min or max
 * @param windowSeconds the window
 * @param op the comparison
 * @param threshold the threshold
 * @param clearThreshold where it resolves; null for the threshold (to clear a stored one, give NaN)
 * @param forSeconds how long the condition must hold
 * @param targetId one target; null for all (to clear a stored one, give 0)
 * @param targetLabels labels a target must have
 * @param seriesLabels labels a series must have
 * @param severity INFO, WARNING or CRITICAL
 * @param channels notification channels
 * @param escalateMinutes minutes to escalation; 0 for never
 * @param escalateChannels channels to escalate to
 * @param escalateRoles roles to escalate to
 * @param enabled whether it is evaluated
 */
public record RuleInput(String name, String description, String kind, String metric, String aggregation,
        Integer windowSeconds, String op, Double threshold, Double clearThreshold, Integer forSeconds, Long targetId,
        Map<String, String> targetLabels, Map<String, String> seriesLabels, String severity, List<String> channels,
        Integer escalateMinutes, List<String> escalateChannels, List<String> escalateRoles, Boolean enabled) {
}
