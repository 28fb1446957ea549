package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.jobs.JobContext;
import org.osgi.util.converter.Converters;

/** The cleanup job over the real table (H2 in the console's MySQL mode). */
class GreetingCleanupJobTest {

    private static final Instant START = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void greetingsOlderThanTheConfiguredRetentionAreRemovedAndTheRestStay() throws Exception {
        try (TestDatabase database = TestDatabase.migrated()) {
            new Greetings(database, Clock.fixed(START, ZoneOffset.UTC)).add("八天前", "li.na");
            new Greetings(database, Clock.fixed(START.plus(Duration.ofDays(2)), ZoneOffset.UTC)).add("六天前", "li.na");
            Clock now = Clock.fixed(START.plus(Duration.ofDays(8)), ZoneOffset.UTC);
            Greetings greetings = new Greetings(database, now);
            GreetingCleanupJob job = new GreetingCleanupJob(greetings,
                    Converters.standardConverter().convert(Map.of("retentionDays", 7)).to(GreetingCleanupJob.Config.class), now);
            List<String> progress = new ArrayList<>();

            String message = job.run(context(progress));

            assertEquals("删除 1 条 / removed 1", message);
            assertEquals(List.of("六天前"), greetings.newest(10).stream().map(Greetings.Greeting::text).toList());
            assertEquals(1, progress.size());
        }
    }

    @Test
    void withoutConfigurationGreetingsAreKeptThirtyDays() throws Exception {
        try (TestDatabase database = TestDatabase.migrated()) {
            new Greetings(database, Clock.fixed(START, ZoneOffset.UTC)).add("29 days old", "li.na");
            Clock now = Clock.fixed(START.plus(Duration.ofDays(29)), ZoneOffset.UTC);
            GreetingCleanupJob job = new GreetingCleanupJob(new Greetings(database, now),
                    Converters.standardConverter().convert(Map.of()).to(GreetingCleanupJob.Config.class), now);

            assertEquals("删除 0 条 / removed 0", job.run(context(new ArrayList<>())));
        }
    }

    private static JobContext context(List<String> progress) {
        return new JobContext() {
            @Override
            public Instant scheduledAt() {
                return START;
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
