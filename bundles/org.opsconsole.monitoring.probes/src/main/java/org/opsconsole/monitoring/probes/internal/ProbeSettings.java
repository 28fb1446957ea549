package org.opsconsole.monitoring.probes.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.rest.Problem.FieldError;

/**
 * A target's settings read as what they stand for (a whole number in a range, yes or no, a regular expression), and
 * the field error a value gives when it is not one. Settings arrive as text; an empty one is not set.
 */
final class ProbeSettings {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");

    private ProbeSettings() {
    }

    /** @return the text as a whole number, or empty when it is not one */
    static OptionalLong whole(String text) {
        String value = text == null ? "" : text.strip();
        return WHOLE.matcher(value).matches() ? OptionalLong.of(Long.parseLong(value)) : OptionalLong.empty();
    }

    /** @return the setting as a whole number, the default when it is not set or not a number */
    static long whole(ProbeTarget target, String name, long byDefault) {
        return whole(target.setting(name)).orElse(byDefault);
    }

    /** @return whether the setting says yes ({@code true}, in any case) */
    static boolean yes(ProbeTarget target, String name) {
        return target.setting(name).strip().toLowerCase(Locale.ROOT).equals("true");
    }

    /** @return the setting, without surrounding blanks; empty when not set */
    static String text(Map<String, String> settings, String name) {
        String value = settings.get(name);
        return value == null ? "" : value.strip();
    }

    /**
     * @param required whether an empty value is an error too
     * @return an error when the setting is not a whole number from min to max
     */
    static Optional<FieldError> checkWhole(Map<String, String> settings, String name, long min, long max, boolean required) {
        String value = text(settings, name);
        if (value.isEmpty() && !required) {
            return Optional.empty();
        }
        OptionalLong number = whole(value);
        if (number.isEmpty() || number.getAsLong() < min || number.getAsLong() > max) {
            return Optional.of(new FieldError(name, "须为 " + min + " 到 " + max + " 之间的整数",
                    "Must be a whole number from " + min + " to " + max));
        }
        return Optional.empty();
    }

    /** @return an error when the setting is set but is not a regular expression */
    static Optional<FieldError> checkRegex(String name, String regex) {
        try {
            Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(new FieldError(name, "不是有效的正则表达式：" + e.getDescription(),
                    "Not a valid regular expression: " + e.getDescription()));
        }
    }

    /** @return the exception's message on one line, or its type when it has none */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s+", " ");
    }
}
