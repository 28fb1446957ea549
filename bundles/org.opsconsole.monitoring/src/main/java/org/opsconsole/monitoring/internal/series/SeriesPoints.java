package org.opsconsole.monitoring.internal.series;

/**
 * The buckets of one series in a {@link QueryResult}: for each bucket with data, its start and the average, minimum
 * and maximum of the values in it. The arrays have equal lengths and are in time order; buckets without data are left
 * out. The arrays are handed over, not copied: do not change them.
 *
 * @param seriesId the series
 * @param at the buckets' starts, epoch milliseconds, multiples of the result's step
 * @param avg the average in each bucket
 * @param min the smallest value in each bucket
 * @param max the largest value in each bucket
 */
public record SeriesPoints(long seriesId, long[] at, double[] avg, double[] min, double[] max) {

    /** Checks that the arrays have equal lengths. */
    public SeriesPoints {
        if (avg.length != at.length || min.length != at.length || max.length != at.length) {
            throw new IllegalArgumentException("the arrays of series " + seriesId + " differ in length");
        }
    }

    /** @return how many buckets have data */
    public int size() {
        return at.length;
    }
}
