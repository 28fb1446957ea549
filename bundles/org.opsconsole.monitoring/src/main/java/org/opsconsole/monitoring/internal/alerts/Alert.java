package org.opsconsole.monitoring.internal.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as stored: one rule firing (or having fired) for one series of one target.
 *
 * @param id its id
 * @param ruleId the rule
 * @param targetId the target
 * @param fingerprint the rule, target and series labels
 * @param severity INFO, WARNING or CRITICAL
 * @param state FIRING or RESOLVED
 * @param summary one line in Chinese
 * @param summaryEn the same in English (the Chinese line for an alert stored without one)
 * @param labels the target's and the series' labels
 * @param value the value when it fired (or resolved)
 * @param pendingAt since when the condition held
 * @param firedAt when it fired
 * @param resolvedAt when it resolved; null while firing
 * @param ackBy who acknowledged it; null when nobody did
 * @param ackAt when
 * @param ackReason why
 * @param notifiedAt when its firing was notified; null when not yet (or silenced)
 * @param resolvedNotifiedAt when its resolution was notified
 * @param escalatedAt when it was escalated
 * @param silencedBy the silence that held its notification back; null when none
 */
public record Alert(long id, long ruleId, long targetId, String fingerprint, String severity, String state, String summary,
        String summaryEn, Map<String, String> labels, double value, Instant pendingAt, Instant firedAt, Instant resolvedAt,
        String ackBy, Instant ackAt, String ackReason, Instant notifiedAt, Instant resolvedNotifiedAt, Instant escalatedAt,
        Long silencedBy) {

    /** Copies the labels. */
    public Alert {
        labels = Map.copyOf(labels);
    }
}
