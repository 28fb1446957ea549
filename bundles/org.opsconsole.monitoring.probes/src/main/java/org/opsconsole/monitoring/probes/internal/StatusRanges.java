package org.opsconsole.monitoring.probes.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP status codes an endpoint may answer and still count as up, written as ranges and single codes separated
 * by commas: {@code 200-399} (the default), {@code 200,204}, {@code 200-299,401}.
 *
 * @param text the setting as written, for messages
 * @param ranges the ranges, inclusive
 */
record StatusRanges(String text, List<Range> ranges) {

    /** What an empty setting means. */
    static final String DEFAULT = "200-399";

    private static final Pattern PART = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");

    /**
     * Codes from one to another.
     *
     * @param from the first code
     * @param to the last code
     */
    record Range(int from, int to) {
    }

    /** Copies the list. */
    StatusRanges {
        ranges = List.copyOf(ranges);
    }

    /** @return the ranges the setting writes, or empty when it is not ranges of codes from 100 to 599 */
    static Optional<StatusRanges> parse(String setting) {
        String text = setting == null || setting.isBlank() ? DEFAULT : setting.strip();
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = PART.matcher(part.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from < 100 || to > 599 || from > to) {
                return Optional.empty();
            }
            ranges.add(new Range(from, to));
        }
        return Optional.of(new StatusRanges(text, ranges));
    }

    /** @return whether the code is one of the expected */
    boolean matches(int status) {
        return ranges.stream().anyMatch(range -> status >= range.from() && status <= range.to());
    }
}
