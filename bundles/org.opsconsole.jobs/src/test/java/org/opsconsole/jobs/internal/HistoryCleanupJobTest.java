package org.opsconsole.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.jobs.internal.schema.Tables.JOBS_RUN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.testing.TestDatabases;
import org.osgi.util.converter.Converters;

/** The history cleanup job on H2 and on MySQL/MariaDB. */
class HistoryCleanupJobTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:30:00Z");

    private TestDatabases.Target target;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void runsStartedBeforeTheRetentionAreRemovedAndNewerOnesKept(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobRuns runs = new JobRuns(target.database());
        for (Duration age : List.of(Duration.ofDays(400), Duration.ofDays(181), Duration.ofDays(180).minusMinutes(1),
                Duration.ofDays(3), Duration.ZERO)) {
            Instant at = NOW.minus(age);
            long id = runs.claim("demo.report", at, "node-a", null, at).getAsLong();
            runs.finish(id, JobRuns.Outcome.SUCCESS, "ok", null, at.plusSeconds(5));
        }
        HistoryCleanupJob cleanup = new HistoryCleanupJob(target.database(),
                Converters.standardConverter().convert(Map.of()).to(HistoryCleanupJob.Config.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> progress = new ArrayList<>();

        String message = cleanup.run(context(progress));

        assertEquals("删除 2 条 / removed 2", message);
        assertEquals(List.of(NOW.minus(Duration.ofDays(180).minusMinutes(1)), NOW.minus(Duration.ofDays(3)), NOW),
                target.dsl().select(JOBS_RUN.STARTED_AT).from(JOBS_RUN).orderBy(JOBS_RUN.STARTED_AT).fetch(JOBS_RUN.STARTED_AT));
        assertEquals(1, progress.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theRetentionComesFromTheConfiguration(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobRuns runs = new JobRuns(target.database());
        runs.claim("demo.report", NOW.minus(Duration.ofDays(8)), "node-a", null, NOW.minus(Duration.ofDays(8)));
        runs.claim("demo.report", NOW.minus(Duration.ofDays(6)), "node-a", null, NOW.minus(Duration.ofDays(6)));
        HistoryCleanupJob cleanup = new HistoryCleanupJob(target.database(),
                Converters.standardConverter().convert(Map.of("retentionDays", 7)).to(HistoryCleanupJob.Config.class),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals("删除 1 条 / removed 1", cleanup.run(context(new ArrayList<>())));
        assertEquals(1, target.dsl().fetchCount(JOBS_RUN));
    }

    private static JobContext context(List<String> progress) {
        return new JobContext() {
            @Override
            public Instant scheduledAt() {
                return NOW;
            }

            @Override
            public Optional<String> requestedBy() {
                return Optional.empty();
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void progress(String message) {
                progress.add(message);
            }
        };
    }
}
