package org.opsconsole.monitoring.internal.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * A silence (notifications held back) or a maintenance window (the same, shown on the targets and announced when it
 * starts and ends).
 *
 * @param id its id
 * @param kind SILENCE or MAINTENANCE
 * @param targetId the target it covers; null for any
 * @param ruleId the rule it covers; null for any
 * @param labels labels an alert must have
 * @param startsAt when it starts
 * @param endsAt when it ends
 * @param comment why
 * @param createdBy who made it
 * @param createdAt when
 * @param endedBy who ended it early; null when nobody did
 */
public record Silence(long id, String kind, Long targetId, Long ruleId, Map<String, String> labels, Instant startsAt,
        Instant endsAt, String comment, String createdBy, Instant createdAt, String endedBy) {

    /** Copies the labels. */
    public Silence {
        labels = Map.copyOf(labels);
    }

    /**
     * @param now the time
     * @return whether it holds now
     */
    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /**
     * @param targetId an alert's target
     * @param ruleId its rule
     * @param alertLabels its labels (the target's and the series')
     * @return whether the silence covers it
     */
    public boolean covers(long targetId, long ruleId, Map<String, String> alertLabels) {
        return (this.targetId == null || this.targetId == targetId) && (this.ruleId == null || this.ruleId == ruleId)
                && alertLabels.entrySet().containsAll(labels.entrySet());
    }
}
