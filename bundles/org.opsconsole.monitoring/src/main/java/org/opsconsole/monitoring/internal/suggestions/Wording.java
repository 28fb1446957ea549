package org.opsconsole.monitoring.internal.suggestions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * How the suggestions write amounts for operators, in Chinese and English: durations rounded to days, hours or
 * minutes, byte counts in binary units, ratios as percentages, and numbers rounded for the evidence.
 */
final class Wording {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private Wording() {
    }

    /** @return the duration rounded to whole days, or hours or minutes under a day: {@code 12 天}, {@code 40 分钟} */
    static String zh(Duration duration) {
        Rounded r = Rounded.of(duration);
        return r.amount + switch (r.unit) {
            case DAYS -> " 天";
            case HOURS -> " 小时";
            default -> " 分钟";
        };
    }

    /** @return the duration rounded as {@link #zh}: {@code 12 days}, {@code 1 hour}, {@code 40 minutes} */
    static String en(Duration duration) {
        Rounded r = Rounded.of(duration);
        String unit = switch (r.unit) {
            case DAYS -> "day";
            case HOURS -> "hour";
            default -> "minute";
        };
        return r.amount + " " + unit + (r.amount == 1 ? "" : "s");
    }

    /** @return a window up to now in English: {@code the last hour}, {@code the last 7 days} */
    static String lastEn(Duration window) {
        Rounded r = Rounded.of(window);
        return r.amount == 1 ? "the last " + en(window).substring(2) : "the last " + en(window);
    }

    /** @return a byte count in binary units with one decimal: {@code 2.1 GB}, {@code 512 B} */
    static String bytes(double bytes) {
        double value = Math.abs(bytes);
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String sign = bytes < 0 ? "-" : "";
        return unit == 0 ? sign + Math.round(value) + " B" : sign + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** @return a ratio (0.87) as a whole percentage: {@code 87%} */
    static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }

    /** @return milliseconds rounded to whole ones, with one decimal under 10: {@code 260 ms}, {@code 4.5 ms} */
    static String millis(double ms) {
        return (Math.abs(ms) < 10 ? String.format(Locale.ROOT, "%.1f", ms) : Long.toString(Math.round(ms))) + " ms";
    }

    /**
     * @param value a number
     * @param significant how many significant digits to keep
     * @return the number rounded, for the evidence (which a person reads)
     */
    static double round(double value, int significant) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(significant, RoundingMode.HALF_EVEN)).doubleValue();
    }

    private enum Unit { DAYS, HOURS, MINUTES }

    /** A duration rounded to a whole number of the largest unit that is at most its length (minutes at least 1). */
    private record Rounded(long amount, Unit unit) {

        static Rounded of(Duration duration) {
            long ms = Math.max(0, duration.toMillis());
            if (ms >= Duration.ofDays(1).toMillis()) {
                return new Rounded(Math.round(ms / (double) Duration.ofDays(1).toMillis()), Unit.DAYS);
            }
            if (ms >= Duration.ofHours(1).toMillis()) {
                return new Rounded(Math.round(ms / (double) Duration.ofHours(1).toMillis()), Unit.HOURS);
            }
            return new Rounded(Math.max(1, Math.round(ms / (double) Duration.ofMinutes(1).toMillis())), Unit.MINUTES);
        }
    }
}
