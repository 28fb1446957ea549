package org.opsconsole.monitoring.internal.suggestions;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A suggestion as {@link SuggestionStore} keeps it: the last finding's texts and evidence, whether the last
 * computation still found it, when it was first and last found, and its dismissal.
 *
 * @param id its id
 * @param key what it is about ({@code disk-full:series:42})
 * @param kind its kind
 * @param targetId the target it is about, or null
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param title what was found, in Chinese
 * @param titleEn what was found, in English
 * @param action what to do, in Chinese
 * @param actionEn what to do, in English
 * @param evidence the series and the numbers, as found last
 * @param active whether the last computation found it
 * @param firstSeenAt when it was found first
 * @param lastSeenAt when it was found last
 * @param dismissedAt when it was dismissed, or null
 * @param dismissedBy who dismissed it, or null
 * @param dismissedReason why, or null
 */
public record StoredSuggestion(long id, String key, String kind, Long targetId, String severity, String title,
        String titleEn, String action, String actionEn, Map<String, Object> evidence, boolean active,
        Instant firstSeenAt, Instant lastSeenAt, Instant dismissedAt, String dismissedBy, String dismissedReason) {

    /** Copies the evidence. */
    public StoredSuggestion {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** @return whether an operator dismissed it */
    public boolean dismissed() {
        return dismissedAt != null;
    }
}
