package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.util.List;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;

/**
 * A least-squares straight line through a series' points: value = intercept + slope × time. Times and values are
 * taken relative to the first point while summing, so epoch milliseconds lose no precision. Immutable.
 *
 * <p>With fewer than two points, or all points at one time, there is no line: {@link #fitted()} is false, the slope
 * is 0 and the line is flat at the points' mean. When all values are equal the line is flat and fits them exactly
 * (r² = 1).
 */
public final class Trend {

    private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

    private final int n;
    private final boolean fitted;
    private final double slopePerMs;
    private final double atFirst;
    private final double r2;
    private final long firstAt;
    private final long lastAt;

    private Trend(int n, boolean fitted, double slopePerMs, double atFirst, double r2, long firstAt, long lastAt) {
        this.n = n;
        this.fitted = fitted;
        this.slopePerMs = slopePerMs;
        this.atFirst = atFirst;
        this.r2 = r2;
        this.firstAt = firstAt;
        this.lastAt = lastAt;
    }

    /**
     * @param points the points, in any order
     * @return the line that fits them best
     */
    public static Trend of(List<Point> points) {
        int n = points.size();
        if (n == 0) {
            return new Trend(0, false, 0, 0, 0, 0, 0);
        }
        long x0 = points.get(0).atMillis();
        double y0 = points.get(0).value();
        long first = x0;
        long last = x0;
        double sumX = 0;
        double sumY = 0;
        for (Point p : points) {
            sumX += p.atMillis() - x0;
            sumY += p.value() - y0;
            first = Math.min(first, p.atMillis());
            last = Math.max(last, p.atMillis());
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Point p : points) {
            double dx = p.atMillis() - x0 - meanX;
            double dy = p.value() - y0 - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (n < 2 || sxx == 0) {
            return new Trend(n, false, 0, y0 + meanY, 0, first, last);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : Math.min(1, sxy * sxy / (sxx * syy));
        // the line passes through the mean point
        double atFirst = y0 + meanY + slope * (first - x0 - meanX);
        return new Trend(n, true, slope, atFirst, r2, first, last);
    }

    /** @return how many points were fitted */
    public int n() {
        return n;
    }

    /** @return whether there is a line: at least two points at two different times */
    public boolean fitted() {
        return fitted;
    }

    /** @return the change of the value per millisecond */
    public double slopePerMs() {
        return slopePerMs;
    }

    /** @return the change of the value per day */
    public double slopePerDay() {
        return slopePerMs * MS_PER_DAY;
    }

    /** @return the line's value at epoch millisecond 0 */
    public double intercept() {
        return atFirst - slopePerMs * firstAt;
    }

    /** @return the coefficient of determination: how much of the values' variation the line explains, 0 to 1 */
    public double r2() {
        return r2;
    }

    /** @return the time of the earliest point, epoch milliseconds (0 without points) */
    public long firstAt() {
        return firstAt;
    }

    /** @return the time of the latest point, epoch milliseconds (0 without points) */
    public long lastAt() {
        return lastAt;
    }

    /** @return the time between the earliest and the latest point */
    public Duration span() {
        return Duration.ofMillis(lastAt - firstAt);
    }

    /**
     * @param atMillis a time, epoch milliseconds
     * @return the line's value then
     */
    public double valueAt(long atMillis) {
        // from the first point rather than from the intercept, which large times make imprecise
        return atFirst + slopePerMs * (atMillis - firstAt);
    }

    @Override
    public String toString() {
        return "Trend[n=" + n + ", slopePerDay=" + slopePerDay() + ", r2=" + r2 + ", from " + firstAt + " to " + lastAt + "]";
    }
}
