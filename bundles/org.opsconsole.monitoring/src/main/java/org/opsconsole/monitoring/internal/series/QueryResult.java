package org.opsconsole.monitoring.internal.series;

import java.util.List;

/**
 * What {@link SeriesStore#query} found: the resolution it read, the width of its buckets, and the buckets of each
 * series asked for (in the order asked, each once, also when it has no data in the range).
 *
 * @param resolution the finest table the buckets came from: {@code raw}, {@code 5m} or {@code 1h} (the recent end of a
 *        rolled-up range comes from finer tables)
 * @param stepMillis the width of a bucket in milliseconds: a whole number of seconds, and for {@code 5m} and
 *        {@code 1h} a whole number of their buckets
 * @param series the series' buckets
 */
public record QueryResult(String resolution, long stepMillis, List<SeriesPoints> series) {

    /** Copies the list. */
    public QueryResult {
        series = List.copyOf(series);
    }
}
