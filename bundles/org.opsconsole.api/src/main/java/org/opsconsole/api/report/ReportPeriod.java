package org.opsconsole.api.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The period a report covers.
 *
 * @param from its first instant, included
 * @param to its end, excluded
 * @param zone the time zone its dates are shown in (the bureau's: {@code Asia/Shanghai})
 */
public record ReportPeriod(Instant from, Instant to, ZoneId zone) {

    /**
     * Checks the period.
     *
     * @throws IllegalArgumentException when it does not end after it begins
     */
    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the period must end after it begins: " + from + " to " + to);
        }
    }
}
