package org.opsconsole.monitoring.internal.series;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SAMPLE;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.db.Database;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;
import org.osgi.util.converter.Converters;

/**
 * The time series store and its roll-ups on one test database, with a clock the test moves. Public for the tests of
 * other packages that need a store (the REST API's), which close it to stop its writer.
 */
public final class TestSeries implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");


    /** The database. */
    public final TestDatabases.Target target;
    /** The clock of the store. */
    public final MutableClock clock = new MutableClock(NOW);
    /** The store. */
    public final SeriesStore store;
    final Rollups rollups;

    private TestSeries(TestDatabases.Target target, Database database, Map<String, Object> config) {
        this.target = target;
        this.store = new SeriesStore(database, config(config), clock);
        this.rollups = new Rollups(database, store.retention(), clock);
    }

    /**
     * @param kind {@code h2} or {@code mysql}
     * @return a store on a new database with the module's tables
     * @throws Exception when the database cannot be made
     */
    public static TestSeries on(String kind) throws Exception {
        return on(kind, Map.of());
    }

    static TestSeries on(String kind, Map<String, Object> config) throws Exception {
        TestDatabases.Target target = database(kind);
        return new TestSeries(target, target.database(), config);
    }

    /** @return a database with the module's tables */
    static TestDatabases.Target database(String kind) throws Exception {
        return TestDatabases.create(kind, "monitoring");
    }

    /** The store on another view of the database, for a database that misbehaves. */
    static TestSeries on(TestDatabases.Target target, Database database, Map<String, Object> config) {
        return new TestSeries(target, database, config);
    }

    static SeriesStore.Config config(Map<String, Object> config) {
        Map<String, Object> all = new HashMap<>(Map.of("flushMillis", 50));
        all.putAll(config);
        return Converters.standardConverter().convert(all).to(SeriesStore.Config.class);
    }

    /** Another node's store on the same database. */
    SeriesStore otherNode() {
        return new SeriesStore(target.database(), config(Map.of()), clock);
    }

    /** @return every raw sample as series id, time, value */
    List<List<Object>> rawRows() {
        return target.dsl().selectFrom(MONITORING_SAMPLE).orderBy(MONITORING_SAMPLE.SERIES_ID, MONITORING_SAMPLE.AT_MS)
                .fetch(r -> List.of(r.getSeriesId(), r.getAtMs(), r.getVal()));
    }

    @Override
    public void close() throws java.sql.SQLException {
        try {
            store.stop();
        } finally {
            target.close();
        }
    }
}
