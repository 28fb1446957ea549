package org.opsconsole.monitoring.probes.internal;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

/**
 * What an answer's body must contain: a text, or a regular expression when the setting is written between slashes
 * ({@code /"status"\s*:\s*"UP"/}), found anywhere in the body. A regular expression gets a deadline, so that a
 * pattern that backtracks badly over a large body cannot hold a probe thread past its target's time-out.
 *
 * @param setting the setting as written, for messages
 * @param regex the expression; null for a plain text
 */
record BodyMatch(String setting, Pattern regex) {

    /** @return the match the setting describes, empty when it is not set; a bad expression throws */
    static Optional<BodyMatch> of(String setting) {
        if (setting == null || setting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(isRegex(setting) ? new BodyMatch(setting, Pattern.compile(setting.substring(1, setting.length() - 1)))
                : new BodyMatch(setting, null));
    }

    /** @return whether the setting is written as a regular expression */
    static boolean isRegex(String setting) {
        return setting.length() >= 2 && setting.startsWith("/") && setting.endsWith("/");
    }

    /**
     * @param deadline the {@link System#nanoTime()} after which an expression stops searching
     * @return whether the body contains the text or a match of the expression
     * @throws CancellationException when the expression ran past the deadline
     */
    boolean matches(String body, long deadline) {
        if (regex == null) {
            return body.contains(setting);
        }
        return regex.matcher(new Deadlined(body, deadline)).find();
    }

    /** A text whose characters can no longer be read after a deadline (checked every few thousand reads). */
    private static final class Deadlined implements CharSequence {
        private final CharSequence text;
        private final long deadline;
        private int reads;

        Deadlined(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads % 4096 == 0 && System.nanoTime() - deadline > 0) {
                throw new CancellationException("the regular expression ran past the probe's time-out");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadlined(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
