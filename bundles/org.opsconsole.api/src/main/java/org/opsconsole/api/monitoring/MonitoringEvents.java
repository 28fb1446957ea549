package org.opsconsole.api.monitoring;

/**
 * The EventAdmin events the monitoring module posts when an alert changes, so that other modules (incidents,
 * reports) can react: {@value #TOPIC_PREFIX}{@code FIRING}, {@code ACKNOWLEDGED}, {@code ESCALATED} and
 * {@code RESOLVED}. Subscribe with {@code @EventTopics("opsconsole/monitoring/alert/*")}. Each event carries the
 * properties named here.
 */
public final class MonitoringEvents {

    /** The start of every alert event's topic. */
    public static final String TOPIC_PREFIX = "opsconsole/monitoring/alert/";
    /** An alert's condition held for its rule's duration: it fires and is notified. */
    public static final String TOPIC_FIRING = TOPIC_PREFIX + "FIRING";
    /** An operator acknowledged a firing alert. */
    public static final String TOPIC_ACKNOWLEDGED = TOPIC_PREFIX + "ACKNOWLEDGED";
    /** Nobody acknowledged a firing alert in time: it was sent to the rule's escalation channels or roles. */
    public static final String TOPIC_ESCALATED = TOPIC_PREFIX + "ESCALATED";
    /** An alert's condition no longer holds. */
    public static final String TOPIC_RESOLVED = TOPIC_PREFIX + "RESOLVED";

    /** Property: the alert's id ({@code Long}). */
    public static final String ALERT_ID = "alert.id";
    /** Property: the rule's id ({@code Long}). */
    public static final String RULE_ID = "rule.id";
    /** Property: the rule's name ({@code String}). */
    public static final String RULE_NAME = "rule.name";
    /** Property: the target's id ({@code Long}). */
    public static final String TARGET_ID = "target.id";
    /** Property: the target's name ({@code String}). */
    public static final String TARGET_NAME = "target.name";
    /** Property: {@code INFO}, {@code WARNING} or {@code CRITICAL} ({@code String}). */
    public static final String SEVERITY = "severity";
    /** Property: the alert's summary, one line in Chinese ({@code String}). */
    public static final String SUMMARY = "summary";
    /**
     * Property: the alert's summary in English ({@code String}); the Chinese one for an alert stored before the
     * module wrote English summaries. Posted by the monitoring module since version 1.1 of this package: a subscriber
     * that must work with an older module falls back to {@link #SUMMARY} when it is missing.
     */
    public static final String SUMMARY_EN = "summary.en";
    /** Property: the value that made the rule fire or resolve ({@code Double}). */
    public static final String VALUE = "value";
    /** Property: the user who acknowledged, on {@link #TOPIC_ACKNOWLEDGED} ({@code String}). */
    public static final String ACTOR = "actor";

    private MonitoringEvents() {
    }
}
