package org.opsconsole.api.notify;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A notification to send. Immutable; build one with {@link #builder(Severity, String)}.
 *
 * @param severity how urgent it is
 * @param title one line, at most {@value #MAX_TITLE} characters, in the console's language (Chinese)
 * @param body plain text, at most {@value #MAX_BODY} characters; may be empty
 * @param link where to look, a console path such as {@code /#/jobs} or an absolute http(s) URL; may be empty
 * @param source the sending module's id, for example {@code monitoring}
 * @param audience who sees it in the console's inbox
 * @param channels the ids of the configured channels to send it through; empty for every enabled channel
 *        whose minimum severity it reaches
 */
public record Notification(Severity severity, String title, String body, Optional<String> link, String source,
        Audience audience, Set<String> channels) {

    /** Longest title, in characters. */
    public static final int MAX_TITLE = 200;
    /** Longest body, in characters. */
    public static final int MAX_BODY = 4000;

    public Notification {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(audience, "audience");
        channels = Set.copyOf(channels);
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("a notification needs a title of 1 to " + MAX_TITLE + " characters");
        }
        if (body == null || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("a notification's body has at most " + MAX_BODY + " characters");
        }
        if (source == null || !source.matches("[a-z][a-z0-9.-]{0,63}")) {
            throw new IllegalArgumentException("a notification's source is a module id such as 'monitoring'");
        }
        link.ifPresent(l -> {
            if (!(l.startsWith("/") || l.startsWith("https://") || l.startsWith("http://")) || l.length() > 500) {
                throw new IllegalArgumentException("a notification's link is a console path or an http(s) URL");
            }
        });
    }

    /**
     * @param severity how urgent it is
     * @param title one line
     * @return a builder; the rest is optional but for the source
     */
    public static Builder builder(Severity severity, String title) {
        return new Builder(severity, title);
    }

    /** Builds a {@link Notification}. */
    public static final class Builder {
        private final Severity severity;
        private final String title;
        private String body = "";
        private String link;
        private String source = "console";
        private Audience audience = Audience.OPERATIONS;
        private Set<String> channels = Set.of();

        private Builder(Severity severity, String title) {
            this.severity = severity;
            this.title = title;
        }

        /** @param body plain text @return this */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /** @param link a console path or an http(s) URL @return this */
        public Builder link(String link) {
            this.link = link;
            return this;
        }

        /** @param source the sending module's id @return this */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** @param audience who sees it in the inbox (default {@link Audience#OPERATIONS}) @return this */
        public Builder audience(Audience audience) {
            this.audience = audience;
            return this;
        }

        /** @param channels ids of configured channels to use instead of every matching one @return this */
        public Builder channels(String... channels) {
            this.channels = Set.of(channels);
            return this;
        }

        /**
         * @return the notification
         * @throws IllegalArgumentException when a part is missing or too long
         */
        public Notification build() {
            return new Notification(severity, title, body, Optional.ofNullable(link), source, audience, channels);
        }
    }
}
