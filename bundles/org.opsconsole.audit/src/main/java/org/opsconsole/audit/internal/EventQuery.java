package org.opsconsole.audit.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.opsconsole.api.audit.AuditEvent.Outcome;

/**
 * Which audit records a request asks for, read from its parameters {@code from}, {@code to}, {@code user},
 * {@code action}, {@code outcome}, {@code page} and {@code size}; every one may be left out or empty.
 *
 * <ul>
 * <li>{@code from}, {@code to}: ISO-8601 — an instant ({@code 2026-11-26T02:00:00Z}), a date-time with an offset
 * ({@code 2026-11-26T10:00+08:00}), or a local date-time or date, read in the console's time zone. {@code from} is
 * inclusive, {@code to} exclusive; a date as {@code to} includes that whole day.</li>
 * <li>{@code user}, {@code action}: the exact name; ending in {@code *} for all that start with the rest
 * ({@code security.*}).</li>
 * <li>{@code outcome}: {@code SUCCESS}, {@code FAILURE} or {@code DENIED}, in any case.</li>
 * <li>{@code page} from 0 (default 0); {@code size} 1 to {@value #MAX_SIZE} (default {@value #DEFAULT_SIZE}).</li>
 * </ul>
 *
 * @param from the earliest time, inclusive; null for no bound
 * @param to the time before which records are, exclusive; null for no bound
 * @param user the actor, exactly, or a prefix when {@link #userPrefix}; null for everyone
 * @param userPrefix whether {@code user} is a prefix
 * @param action the action, exactly, or a prefix when {@link #actionPrefix}; null for all
 * @param actionPrefix whether {@code action} is a prefix
 * @param outcome the outcome; null for all
 * @param page the page, from 0
 * @param size the records per page
 */
record EventQuery(Instant from, Instant to, String user, boolean userPrefix, String action, boolean actionPrefix,
        Outcome outcome, int page, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    /** One request parameter at fault, with what is wrong in Chinese and in English. */
    record FieldError(String field, String message, String messageEn) {
    }

    /** The request's parameters are not a query; nothing was looked up. */
    static final class InvalidQueryException extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient List<FieldError> errors;

        InvalidQueryException(List<FieldError> errors) {
            super(errors.stream().map(e -> e.field() + ": " + e.messageEn()).reduce((a, b) -> a + "; " + b).orElse(""));
            this.errors = List.copyOf(errors);
        }

        List<FieldError> errors() {
            return errors;
        }
    }

    /** All records, newest first, the first page. */
    static EventQuery all() {
        return new EventQuery(null, null, null, false, null, false, null, 0, DEFAULT_SIZE);
    }

    /**
     * Reads a query from request parameters.
     *
     * @param parameters the request's parameters, as {@code ServletRequest.getParameterMap()} gives them
     * @param zone the time zone of dates and date-times without an offset
     * @return the query
     * @throws InvalidQueryException naming every parameter at fault
     */
    static EventQuery parse(Map<String, String[]> parameters, ZoneId zone) throws InvalidQueryException {
        List<FieldError> errors = new ArrayList<>();
        Instant from = time(parameters, "from", false, zone, errors);
        Instant to = time(parameters, "to", true, zone, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "结束时间必须晚于开始时间", "must be after from"));
        }
        String user = text(parameters, "user", AuditTrail.ACTOR_LENGTH, errors);
        String action = text(parameters, "action", AuditTrail.ACTION_LENGTH, errors);
        Outcome outcome = null;
        String outcomeText = single(parameters, "outcome", errors);
        if (outcomeText != null) {
            try {
                outcome = Outcome.valueOf(outcomeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("outcome", "结果必须是 SUCCESS、FAILURE 或 DENIED",
                        "must be SUCCESS, FAILURE or DENIED"));
            }
        }
        int page = number(parameters, "page", 0, 0, Integer.MAX_VALUE, "页码必须是不小于 0 的整数",
                "must be a whole number, 0 or more", errors);
        int size = number(parameters, "size", DEFAULT_SIZE, 1, MAX_SIZE, "每页条数必须是 1 至 " + MAX_SIZE + " 之间的整数",
                "must be a whole number from 1 to " + MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        boolean userPrefix = user != null && user.endsWith("*");
        boolean actionPrefix = action != null && action.endsWith("*");
        return new EventQuery(from, to, userPrefix ? user.substring(0, user.length() - 1) : user, userPrefix,
                actionPrefix ? action.substring(0, action.length() - 1) : action, actionPrefix, outcome, page, size);
    }

    /** The query's filters as request parameters (no paging), for the record of an export. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add("from=" + from);
        }
        if (to != null) {
            parts.add("to=" + to);
        }
        if (user != null) {
            parts.add("user=" + user + (userPrefix ? "*" : ""));
        }
        if (action != null) {
            parts.add("action=" + action + (actionPrefix ? "*" : ""));
        }
        if (outcome != null) {
            parts.add("outcome=" + outcome);
        }
        return parts.isEmpty() ? "all records" : String.join(", ", parts);
    }

    /** The parameter's only value, trimmed; null when absent or empty. */
    private static String single(Map<String, String[]> parameters, String name, List<FieldError> errors) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            errors.add(new FieldError(name, "参数只能给出一次", "must be given once"));
            return null;
        }
        String value = values[0] == null ? "" : values[0].trim();
        return value.isEmpty() ? null : value;
    }

    private static String text(Map<String, String[]> parameters, String name, int maxLength, List<FieldError> errors) {
        String value = single(parameters, name, errors);
        // a trailing * (a prefix) does not count
        if (value != null && value.length() > maxLength + (value.endsWith("*") ? 1 : 0)) {
            errors.add(new FieldError(name, "最多 " + maxLength + " 个字符", "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private static int number(Map<String, String[]> parameters, String name, int fallback, int min, int max,
            String message, String messageEn, List<FieldError> errors) {
        String value = single(parameters, name, errors);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, message, messageEn));
        return fallback;
    }

    private static Instant time(Map<String, String[]> parameters, String name, boolean end, ZoneId zone,
            List<FieldError> errors) {
        String value = single(parameters, name, errors);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            if (value.endsWith("Z") || value.endsWith("z") || value.matches(".*[Tt].*[+-]\\d\\d(:?\\d\\d)?")) {
                return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(value.toUpperCase(Locale.ROOT)).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            errors.add(new FieldError(name, "不是有效的 ISO-8601 日期或时间（例如 2026-11-26 或 2026-11-26T08:30:00+08:00）",
                    "is not an ISO-8601 date or date-time (for example 2026-11-26 or 2026-11-26T08:30:00+08:00)"));
            return null;
        }
    }
}
