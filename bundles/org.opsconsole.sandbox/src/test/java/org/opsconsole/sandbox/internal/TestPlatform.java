package org.opsconsole.sandbox.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.testing.TestDatabases;

/**
 * The simulated platform's database for one test: an empty H2 or MariaDB database made by {@link TestDatabases}, with
 * the platform's tables made by {@link PlatformDatabase} itself (Flyway, as in the product), and a sandbox folder.
 */
final class TestPlatform implements AutoCloseable {

    final TestDatabases.Target target;
    final PlatformDatabase database;
    final List<AuditEvent> audited = new ArrayList<>();
    final AuditLog audit = event -> {
        synchronized (audited) {
            audited.add(event);
        }
    };

    private TestPlatform(TestDatabases.Target target, Path folder) throws Exception {
        this.target = target;
        this.database = new PlatformDatabase(PlatformDatabase.target(folder, target.url(), target.user(), target.password()), 4,
                folder, PlatformSchema.onClassPath(TestPlatform.class.getClassLoader()));
    }

    /** @param kind h2 or mysql @param folder the sandbox folder */
    static TestPlatform on(String kind, Path folder) throws Exception {
        TestDatabases.Target target = TestDatabases.empty(kind);
        try {
            return new TestPlatform(target, folder);
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    /** Generates the data at once, on this thread. */
    GroundTruth generate(long seed, String scale) throws SQLException {
        PlatformGenerator generator = new PlatformGenerator(PlatformGenerator.Plan.of(seed, new java.math.BigDecimal(scale)),
                database.dialect(), new PlatformGenerator.Progress() {
                    @Override
                    public void update(long rows, String phase) {
                    }

                    @Override
                    public boolean cancelled() {
                        return false;
                    }
                });
        return generator.generate(database.dataSource());
    }

    @Override
    public void close() throws SQLException {
        try {
            database.close();
        } finally {
            target.close();
        }
    }
}
