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
 * database in a temporary sandbox folder, or into MariaDB ({@code -Dsandbox.benchmark.db=mysql}). Not a timed test:
 * it runs only when asked for, and prints what it measured.
 *
 * <pre>mvn -o -q test -Dtest=GenerationBenchmark -Dsandbox.benchmark=true [-Dsandbox.benchmark.scale=1] [-Dsandbox.benchmark.db=mysql]</pre>
 */
@EnabledIfSystemProperty(named = "sandbox.benchmark", matches = "true")
class GenerationBenchmark {

    @Test
    void generatesTheDefaultScale(@TempDir Path folder) throws Exception {
        String kind = System.getProperty("sandbox.benchmark.db", "h2");
        String scale = System.getProperty("sandbox.benchmark.scale", "1");
        TestDatabases.Target target = kind.equals("h2") ? null : TestDatabases.empty(kind);
        PlatformDatabase.Target where = target == null ? PlatformDatabase.target(folder, "", "", "")
                : PlatformDatabase.target(folder, target.url(), target.user(), target.password());
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
            if (target == null) {
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
