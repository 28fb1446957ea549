package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.testing.TestDatabases;

/**
 * How long the default generation (scale 1) takes, as the product runs it: through {@link Generation} into an H2 file
 * database in a temporary sandbox folder, or into MariaDB ({@code -Dsandbox.benchmark.db=mysql}, a new database
 * dropped after), or into an existing MySQL/MariaDB database that is kept ({@code -Dsandbox.benchmark.url}, user root
 * and an empty password unless {@code -Dsandbox.benchmark.user} and {@code -Dsandbox.benchmark.password} say
 * otherwise: how {@code releng/bench/backups.sh} gets the data it backs up). Not a timed test: it runs only when asked
 * for, and prints what it measured.
 *
 * <pre>mvn -o -q test -Dtest=GenerationBenchmark -Dsandbox.benchmark=true [-Dsandbox.benchmark.scale=1]
 *     [-Dsandbox.benchmark.db=mysql | -Dsandbox.benchmark.url=jdbc:mysql://127.0.0.1:3306/name]</pre>
 */
@EnabledIfSystemProperty(named = "sandbox.benchmark", matches = "true")
class GenerationBenchmark {

    @Test
    void generatesTheDefaultScale(@TempDir Path folder) throws Exception {
        String kept = System.getProperty("sandbox.benchmark.url", "");
        String kind = kept.isEmpty() ? System.getProperty("sandbox.benchmark.db", "h2") : "mysql";
        String scale = System.getProperty("sandbox.benchmark.scale", "1");
        TestDatabases.Target target = kind.equals("h2") || !kept.isEmpty() ? null : TestDatabases.empty(kind);
        PlatformDatabase.Target where;
        if (!kept.isEmpty()) {
            where = PlatformDatabase.target(folder, kept, System.getProperty("sandbox.benchmark.user", "root"),
                    System.getProperty("sandbox.benchmark.password", ""));
        } else if (target != null) {
            where = PlatformDatabase.target(folder, target.url(), target.user(), target.password());
        } else {
            where = PlatformDatabase.target(folder, "", "", "");
        }
        PlatformDatabase database = new PlatformDatabase(where, 4, folder, PlatformSchema.onClassPath(getClass().getClassLoader()));
        try {
            Generation generation = new Generation(database, event -> { }, java.time.Clock.systemUTC());
            database.dataSource(); // the tables, made before the clock starts
            long begin = System.nanoTime();
            generation.start(20251231L, new BigDecimal(scale), "benchmark", "test");
            generation.await(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - begin) / 1e9;
            Generation.Status status = generation.latest().orElseThrow();
            assertEquals(Generation.State.COMPLETE, status.state(), status.message());
            List<PlatformTables.Count> counts = PlatformTables.counts(database.dataSource());
            long total = counts.stream().mapToLong(PlatformTables.Count::rows).sum();
            System.out.printf("%nsandbox generation, scale %s on %s: %.1f s, %,d rows (%,.0f rows/s)%n", scale, kind, seconds, total,
                    total / seconds);
            counts.forEach(c -> System.out.printf("  %-22s %,12d%n", c.table().name(), c.rows()));
            if (kind.equals("h2")) {
                try (var files = Files.list(folder)) {
                    files.forEach(f -> System.out.printf("  %s %,d bytes%n", f.getFileName(), f.toFile().length()));
                }
            }
            assertTrue(total > 0);
            generation.close();
        } finally {
            database.close();
            if (target != null) {
                target.close();
            }
        }
    }
}
