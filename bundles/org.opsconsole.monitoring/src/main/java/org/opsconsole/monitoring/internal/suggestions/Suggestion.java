package org.opsconsole.monitoring.internal.suggestions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.opsconsole.api.notify.Severity;

/**
 * One finding of the suggestions (调优和故障预防建议): what it is about, how urgent, what to do, and the numbers that
 * led to it.
 *
 * @param key what it is about, unique among suggestions: its kind and its subject ({@code disk-full:series:42}), so
 *        that finding it again updates the same stored suggestion; at most {@value #MAX_KEY} characters
 * @param kind the kind ({@code disk-full}, {@code cert-expiry}, ...), at most {@value #MAX_KIND} characters
 * @param targetId the target it is about, or null
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param title what was found, in Chinese; cut to {@value #MAX_TITLE} characters
 * @param titleEn what was found, in English; cut likewise
 * @param action what to do, in Chinese; cut to {@value #MAX_ACTION} characters
 * @param actionEn what to do, in English; cut likewise
 * @param evidence the series, the window and the numbers used, so an operator can check the conclusion; its order
 *        is kept
 */
public record Suggestion(String key, String kind, Long targetId, String severity, String title, String titleEn,
        String action, String actionEn, Map<String, Object> evidence) {

    /** Longest key. */
    public static final int MAX_KEY = 300;
    /** Longest kind. */
    public static final int MAX_KIND = 30;
    /** Longest title, in either language. */
    public static final int MAX_TITLE = 300;
    /** Longest action, in either language. */
    public static final int MAX_ACTION = 1000;

    /** Checks the key, kind and severity, cuts over-long texts, and copies the evidence. */
    public Suggestion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        if (key.isBlank() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("a suggestion's key must have 1 to " + MAX_KEY + " characters: " + key);
        }
        if (kind.isBlank() || kind.length() > MAX_KIND) {
            throw new IllegalArgumentException("a suggestion's kind must have 1 to " + MAX_KIND + " characters: " + kind);
        }
        Severity.valueOf(Objects.requireNonNull(severity, "severity"));
        title = cut(title, MAX_TITLE);
        titleEn = cut(titleEn, MAX_TITLE);
        action = cut(action, MAX_ACTION);
        actionEn = cut(actionEn, MAX_ACTION);
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    private static String cut(String text, int max) {
        Objects.requireNonNull(text, "text");
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
