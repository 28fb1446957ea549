package org.opsconsole.monitoring.internal.series;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.monitoring.Sample;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The monitoring module's time series (时序数据): the samples the probes measured, stored raw and rolled up to 5-minute
 * and hourly buckets by {@link Rollups}, each kept for its own retention.
 *
 * <p><b>Writing.</b> {@link #write} only queues the samples; one writer thread stores them in batches (see
 * {@link SampleWriter}). A series is created the first time one of its samples is stored. A sample with the time of a
 * stored one of its series is ignored. When the queue stays full, samples are dropped and counted in {@link #stats()}
 * rather than holding a probe for more than a second.
 *
 * <p><b>Reading.</b> {@link #query} charts series at a resolution fit for the range (see {@link BucketQuery});
 * {@link #points} gives the raw samples, for alert windows and suggestions.
 *
 * <p>Thread-safe.
 */
@Component(service = SeriesStore.class, configurationPid = SeriesStore.PID)
@Designate(ocd = SeriesStore.Config.class)
public final class SeriesStore {

    static final String PID = "org.opsconsole.monitoring.series";

    /** How long samples are kept, and how they are written. */
    @ObjectClassDefinition(name = "opsconsole monitoring time series",
            description = "监控时序数据的保留期限与写入 / How long monitoring samples are kept, and how they are written")
    public @interface Config {

        @AttributeDefinition(name = "Raw samples kept (days)", description = "Raw samples older than this are removed "
                + "(once rolled up to 5-minute buckets)", min = "1")
        int rawDays() default 7;

        @AttributeDefinition(name = "5-minute buckets kept (days)", description = "5-minute roll-ups older than this are "
                + "removed (once rolled up to hourly buckets)", min = "1")
        int fiveMinuteDays() default 90;

        @AttributeDefinition(name = "Hourly buckets kept (days)", description = "Hourly roll-ups older than this are removed",
                min = "1")
        int hourlyDays() default 730;

        @AttributeDefinition(name = "Batch size", description = "Samples stored in one transaction at most", min = "1",
                max = "10000")
        int batchSize() default 2000;

        @AttributeDefinition(name = "Flush interval (ms)", description = "How long a sample waits at most before it is "
                + "stored when fewer than a batch are waiting", min = "10")
        int flushMillis() default 1000;

        @AttributeDefinition(name = "Queue capacity", description = "Samples waiting to be stored at most; when the queue "
                + "stays full for a second, further samples are dropped and counted", min = "100")
        int queueCapacity() default 200_000;
    }

    /**
     * How long each table keeps its rows.
     *
     * @param raw raw samples
     * @param fiveMinutes 5-minute roll-ups
     * @param hourly hourly roll-ups
     */
    public record Retention(Duration raw, Duration fiveMinutes, Duration hourly) {
    }

    /**
     * The store's counters since it started, for the console's /metrics.
     *
     * @param written samples stored (repeats of stored samples not counted)
     * @param dropped samples dropped: the queue was full, their batch failed, or their labels were too long
     * @param batches batches stored
     * @param queued samples waiting now
     * @param series series stored (all time, all nodes)
     */
    public record Stats(long written, long dropped, long batches, int queued, long series) {
    }

    private final Retention retention;
    private final SeriesCatalog catalog;
    private final SampleWriter writer;
    private final BucketQuery queries;

    @Activate
    public SeriesStore(@Reference Database database, Config config) {
        this(database, config, Clock.systemUTC());
    }

    /** A store on a given clock; its writer thread runs until {@link #stop()}. */
    SeriesStore(Database database, Config config, Clock clock) {
        this.retention = new Retention(Duration.ofDays(Math.max(1, config.rawDays())),
                Duration.ofDays(Math.max(1, config.fiveMinuteDays())), Duration.ofDays(Math.max(1, config.hourlyDays())));
        this.catalog = new SeriesCatalog(database, clock);
        this.queries = new BucketQuery(database, clock, retention);
        this.writer = new SampleWriter(database, catalog, config.batchSize(), config.flushMillis(), config.queueCapacity());
    }

    /** Stores what is queued and ends the writer thread. */
    @Deactivate
    void stop() {
        writer.stop();
    }

    /** @return how long each table keeps its rows */
    public Retention retention() {
        return retention;
    }

    /**
     * Queues samples of a target for storing. Returns at once unless the queue is full; then it waits up to a second
     * for room and drops (and counts) what does not fit.
     *
     * @param targetId the target the samples were measured on
     * @param at when they were measured (stored to the millisecond)
     * @param samples the samples
     */
    public void write(long targetId, Instant at, List<Sample> samples) {
        if (!samples.isEmpty()) {
            writer.offer(targetId, at.toEpochMilli(), samples);
        }
    }

    /** Returns when every sample queued before the call is stored (or dropped after failing). */
    public void flush() {
        writer.flush();
    }

    /**
     * @param seriesId a series id
     * @return the series, if stored
     */
    public Optional<SeriesInfo> series(long seriesId) {
        return catalog.series(seriesId);
    }

    /**
     * @param seriesIds series ids
     * @return those of them that exist, in one query
     */
    public List<SeriesInfo> series(Collection<Long> seriesIds) {
        return catalog.series(seriesIds);
    }

    /**
     * @param targetId a target id
     * @return the target's series, oldest first
     */
    public List<SeriesInfo> seriesOf(long targetId) {
        return catalog.seriesOf(targetId);
    }

    /**
     * @param metric a metric name
     * @return the series of that metric on every target, oldest first
     */
    public List<SeriesInfo> seriesNamed(String metric) {
        return catalog.seriesNamed(metric);
    }

    /**
     * @param targetId the target
     * @param metric the metric
     * @param labels the labels, in any order
     * @return the id of the series, if it is stored
     */
    public OptionalLong seriesId(long targetId, String metric, Map<String, String> labels) {
        return catalog.seriesId(targetId, metric, labels);
    }

    /**
     * Charts series over a range: the average, minimum and maximum in buckets of equal width, at most about
     * {@code maxPoints} of them (see {@link BucketQuery#plan} for the resolution chosen). The first bucket is whole: it
     * starts at or before {@code from}.
     *
     * @param seriesIds the series
     * @param from the range's start
     * @param to the range's end (excluded)
     * @param maxPoints how many points a series may have at most, 1..5000
     * @return the buckets of each series
     * @throws IllegalArgumentException when maxPoints is out of range or the range is empty
     */
    public QueryResult query(Collection<Long> seriesIds, Instant from, Instant to, int maxPoints) {
        return queries.query(seriesIds, from, to, maxPoints);
    }

    /**
     * @param seriesId a series
     * @param from the range's start
     * @param to the range's end (excluded)
     * @return the raw samples in the range, oldest first, at most 100 000
     */
    public List<Point> points(long seriesId, Instant from, Instant to) {
        return queries.points(seriesId, from, to);
    }

    /** @return the store's counters */
    public Stats stats() {
        return new Stats(writer.written(), writer.dropped(), writer.batches(), writer.queued(), catalog.count());
    }
}
