package org.opsconsole.monitoring.internal.series;

/**
 * One raw sample of a series.
 *
 * @param atMillis when it was measured, epoch milliseconds
 * @param value the value
 */
public record Point(long atMillis, double value) {
}
