package org.opsconsole.monitoring.internal.series;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SERIES;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.Row4;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.monitoring.internal.JsonText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The series rows: finds a series' id by target, metric and labels, creating the row the first time, and remembers
 * the ids it saw. Labels are stored as canonical JSON (keys sorted), so one set of labels is one row whatever order a
 * probe gave them in. Creating is safe when threads or console nodes race: the table's unique key keeps one row, the
 * losers' inserts are ignored and they read the winner's id. Thread-safe.
 */
final class SeriesCatalog {

    /** The longest labels JSON the table takes. */
    static final int MAX_LABELS_JSON = 1200;
    /** The cached id of a series whose labels do not fit the table: its samples are dropped. */
    static final long REFUSED = -1;

    private static final Logger LOG = LoggerFactory.getLogger(SeriesCatalog.class);

    /** What tells one series from another. */
    record Key(long targetId, String metric, Map<String, String> labels) {
    }

    private final Database database;
    private final Clock clock;
    private final Map<Key, Long> ids = new ConcurrentHashMap<>();

    SeriesCatalog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** @return the cached id of a series, {@link #REFUSED}, or null when it is not known yet */
    Long cached(Key key) {
        return ids.get(key);
    }

    /**
     * Makes sure every key has an id in the cache: reads the rows of their targets, creates the missing rows (in
     * auto-commit, so that no rolled-back transaction leaves an id in the cache), and reads again.
     *
     * @param keys the series a batch needs
     * @throws IllegalStateException when a series has no row even after creating it
     */
    void resolve(Collection<Key> keys) {
        Set<Key> missing = keys.stream().filter(k -> !ids.containsKey(k)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return;
        }
        load(missing);
        missing.removeIf(ids::containsKey);
        if (missing.isEmpty()) {
            return;
        }
        List<Row4<Long, String, String, Instant>> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (Key key : missing) {
            String labels = JsonText.labels(key.labels());
            if (labels.length() > MAX_LABELS_JSON) {
                LOG.warn("Series {} of target {} is not stored: its labels take more than {} characters as JSON",
                        key.metric(), key.targetId(), MAX_LABELS_JSON);
                ids.put(key, REFUSED);
            } else {
                rows.add(DSL.row(DSL.val(key.targetId(), MONITORING_SERIES.TARGET_ID), DSL.val(key.metric(), MONITORING_SERIES.METRIC),
                        DSL.val(labels, MONITORING_SERIES.LABELS), DSL.val(now, MONITORING_SERIES.CREATED_AT)));
            }
        }
        if (!rows.isEmpty()) {
            InsertIgnore.into(database.dsl(), MONITORING_SERIES, List.of(MONITORING_SERIES.TARGET_ID, MONITORING_SERIES.METRIC,
                    MONITORING_SERIES.LABELS, MONITORING_SERIES.CREATED_AT), rows);
        }
        missing.removeIf(ids::containsKey);
        load(missing);
        missing.removeIf(ids::containsKey);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing.size() + " series could not be created, e.g. " + missing.iterator().next());
        }
    }

    /** Reads the rows of the keys' targets (with their metrics) into the cache. */
    private void load(Set<Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Set<Long> targets = new HashSet<>();
        Set<String> metrics = new HashSet<>();
        keys.forEach(k -> {
            targets.add(k.targetId());
            metrics.add(k.metric());
        });
        fetch(MONITORING_SERIES.TARGET_ID.in(targets).and(MONITORING_SERIES.METRIC.in(metrics)));
    }

    private List<SeriesInfo> fetch(Condition where) {
        return database.dsl().selectFrom(MONITORING_SERIES).where(where).orderBy(MONITORING_SERIES.ID).fetch(r -> {
            SeriesInfo info = new SeriesInfo(r.getId(), r.getTargetId(), r.getMetric(), JsonText.labels(r.getLabels()));
            ids.putIfAbsent(new Key(info.targetId(), info.metric(), Map.copyOf(info.labels())), info.id());
            return info;
        });
    }

    Optional<SeriesInfo> series(long seriesId) {
        return fetch(MONITORING_SERIES.ID.eq(seriesId)).stream().findFirst();
    }

    List<SeriesInfo> series(Collection<Long> seriesIds) {
        return seriesIds.isEmpty() ? List.of() : fetch(MONITORING_SERIES.ID.in(seriesIds));
    }

    List<SeriesInfo> seriesOf(long targetId) {
        return fetch(MONITORING_SERIES.TARGET_ID.eq(targetId));
    }

    List<SeriesInfo> seriesNamed(String metric) {
        return fetch(MONITORING_SERIES.METRIC.eq(metric));
    }

    OptionalLong seriesId(long targetId, String metric, Map<String, String> labels) {
        Key key = new Key(targetId, metric, Map.copyOf(labels));
        Long id = ids.get(key);
        if (id != null && id != REFUSED) {
            return OptionalLong.of(id);
        }
        String json = JsonText.labels(key.labels());
        if (json.length() > MAX_LABELS_JSON) {
            return OptionalLong.empty();
        }
        return fetch(MONITORING_SERIES.TARGET_ID.eq(targetId).and(MONITORING_SERIES.METRIC.eq(metric))
                .and(MONITORING_SERIES.LABELS.eq(json))).stream().mapToLong(SeriesInfo::id).findFirst();
    }

    /** @return how many series are stored */
    long count() {
        return database.dsl().fetchCount(MONITORING_SERIES);
    }
}
