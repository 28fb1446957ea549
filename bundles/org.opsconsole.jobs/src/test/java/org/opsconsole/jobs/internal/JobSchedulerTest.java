package org.opsconsole.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.jobs.internal.TestJobs.FAR;
import static org.opsconsole.jobs.internal.TestJobs.config;
import static org.opsconsole.jobs.internal.TestJobs.reference;
import static org.opsconsole.jobs.internal.TestJobs.user;
import static org.opsconsole.jobs.internal.schema.Tables.JOBS_RUN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.jobs.internal.schema.tables.records.JobsRunRecord;
import org.opsconsole.testing.TestDatabases;

/** The scheduler on H2 and on MySQL/MariaDB: the claim per firing, outcomes, run now, leftovers, bad registrations. */
class JobSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant BASE = Instant.parse("2026-11-26T03:30:00Z");

    private TestDatabases.Target target;
    private final List<JobScheduler> started = new ArrayList<>();
    private final List<JobScheduler> stopped = new ArrayList<>();

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void stopAndDrop() throws Exception {
        for (JobScheduler scheduler : started) {
            if (!stopped.contains(scheduler)) {
                scheduler.deactivate();
            }
        }
        if (target != null) {
            target.close();
        }
    }

    private JobScheduler scheduler(String node) {
        return scheduler(node, 5);
    }

    private JobScheduler scheduler(String node, int stopWaitSeconds) {
        JobScheduler scheduler = new JobScheduler(target.database(), node, config(4, stopWaitSeconds), Clock.systemUTC());
        started.add(scheduler);
        return scheduler;
    }

    private void stop(JobScheduler scheduler) {
        stopped.add(scheduler);
        scheduler.deactivate();
    }

    private List<JobsRunRecord> rows() {
        return target.dsl().selectFrom(JOBS_RUN).orderBy(JOBS_RUN.ID).fetch();
    }

    private JobsRunRecord onlyRow() {
        List<JobsRunRecord> rows = rows();
        assertEquals(1, rows.size(), "runs: " + rows);
        return rows.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoNodesRacingForTheSameFiringsRunEachOnceOnOneNode(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler a = scheduler("node-a");
        JobScheduler b = scheduler("node-b");
        Map<Instant, AtomicInteger> executions = new ConcurrentHashMap<>();
        ScheduledJob job = context -> {
            executions.computeIfAbsent(context.scheduledAt(), at -> new AtomicInteger()).incrementAndGet();
            return "ok";
        };
        a.addJob(reference("race.job", FAR), job);
        b.addJob(reference("race.job", FAR), job);

        int firings = 25;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < firings; i++) {
                Instant at = BASE.plusSeconds(60L * i);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> onA = threads.submit(() -> {
                    together.await();
                    a.fire("race.job", at);
                    return null;
                });
                Future<?> onB = threads.submit(() -> {
                    together.await();
                    b.fire("race.job", at);
                    return null;
                });
                onA.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                onB.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<JobsRunRecord> rows = rows();
        assertEquals(firings, rows.size(), "one run row per firing");
        assertEquals(firings, executions.size());
        executions.forEach((at, count) -> assertEquals(1, count.get(), "the firing at " + at + " ran " + count + " times"));
        for (JobsRunRecord row : rows) {
            assertEquals("SUCCESS", row.getOutcome());
            assertTrue(row.getNode().equals("node-a") || row.getNode().equals("node-b"), row.getNode());
            assertTrue(executions.containsKey(row.getScheduledAt()), "the row's firing " + row.getScheduledAt() + " ran");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void quartzFiringsOnTwoNodesRunOncePerFiring(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler a = scheduler("node-a");
        JobScheduler b = scheduler("node-b");
        Map<Instant, AtomicInteger> executions = new ConcurrentHashMap<>();
        CountDownLatch threeFirings = new CountDownLatch(3);
        ScheduledJob job = context -> {
            executions.computeIfAbsent(context.scheduledAt(), at -> new AtomicInteger()).incrementAndGet();
            threeFirings.countDown();
            return "";
        };
        a.addJob(reference("every.second", "* * * * * ?"), job);
        b.addJob(reference("every.second", "* * * * * ?"), job);

        assertTrue(threeFirings.await(WAIT.toSeconds(), TimeUnit.SECONDS), "three firings within " + WAIT);
        stop(a);
        stop(b);

        List<JobsRunRecord> rows = rows();
        assertTrue(rows.size() >= 3, "runs: " + rows);
        assertEquals(executions.size(), rows.size(), "one row per firing that ran");
        executions.forEach((at, count) -> assertEquals(1, count.get(), "the firing at " + at + " ran " + count + " times"));
        for (JobsRunRecord row : rows) {
            assertEquals(row.getScheduledAt().truncatedTo(ChronoUnit.SECONDS), row.getScheduledAt(),
                    "a firing is claimed under its cron time");
            assertNotNull(row.getEndedAt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aJobThatReturnsIsRecordedAsSuccessWithItsMessageAndLastProgress(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        scheduler.addJob(reference("demo.report", FAR), context -> {
            context.progress("第 1 步 / step 1");
            context.progress("第 2 步 / step 2");
            return "已生成 3 份报告 / 3 reports made";
        });

        scheduler.fire("demo.report", BASE);

        JobsRunRecord row = onlyRow();
        assertEquals("SUCCESS", row.getOutcome());
        assertEquals("已生成 3 份报告 / 3 reports made", row.getMessage());
        assertEquals("第 2 步 / step 2", row.getProgress());
        assertEquals("demo.report", row.getJobId());
        assertEquals(BASE, row.getScheduledAt());
        assertEquals("node-a", row.getNode());
        assertNull(row.getRequestedBy());
        assertNotNull(row.getStartedAt());
        assertFalse(row.getEndedAt().isBefore(row.getStartedAt()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aJobThatThrowsIsRecordedAsFailedWithTheExceptionsMessage(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        scheduler.addJob(reference("demo.broken", FAR), context -> {
            throw new IllegalStateException("数据库 ops_db 无法连接 / database ops_db unreachable");
        });
        scheduler.addJob(reference("demo.silent", FAR), context -> {
            throw new UnsupportedOperationException();
        });

        scheduler.fire("demo.broken", BASE);
        scheduler.fire("demo.silent", BASE);

        List<JobsRunRecord> rows = rows();
        assertEquals("FAILED", rows.get(0).getOutcome());
        assertEquals("数据库 ops_db 无法连接 / database ops_db unreachable", rows.get(0).getMessage());
        assertNotNull(rows.get(0).getEndedAt());
        assertEquals("FAILED", rows.get(1).getOutcome());
        assertEquals(UnsupportedOperationException.class.getName(), rows.get(1).getMessage(),
                "without a message, the exception's class says what happened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRunThatStopsWhenTheConsoleStopsIsRecordedAsInterrupted(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        CountDownLatch running = new CountDownLatch(1);
        scheduler.addJob(reference("demo.long", FAR), context -> {
            running.countDown();
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            throw new IllegalStateException("stopped at item 7");
        });
        assertInstanceOf(JobScheduler.RunNow.Started.class, scheduler.runNow("demo.long", user("ops", "demo.operate"), "test"));
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        stop(scheduler);

        JobsRunRecord row = onlyRow();
        assertEquals("INTERRUPTED", row.getOutcome());
        assertEquals(JobScheduler.STOPPED + ": stopped at item 7", row.getMessage());
        assertNotNull(row.getEndedAt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRunStillGoingAfterTheStopWaitIsInterruptedAndStaysSoWhenItReturnsLater(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a", 0);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.addJob(reference("demo.stubborn", FAR), context -> {
            running.countDown();
            release.await();
            return "all done";
        });
        assertInstanceOf(JobScheduler.RunNow.Started.class,
                scheduler.runNow("demo.stubborn", user("ops", "demo.operate"), "test"));
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        stop(scheduler);
        JobsRunRecord atStop = onlyRow();
        release.countDown();
        assertTrue(scheduler.awaitIdle("demo.stubborn", WAIT));

        assertEquals("INTERRUPTED", atStop.getOutcome());
        assertEquals(JobScheduler.STOPPED, atStop.getMessage());
        JobsRunRecord after = onlyRow();
        assertEquals("INTERRUPTED", after.getOutcome(), "a run the stop interrupted is never recorded as a success");
        assertEquals(JobScheduler.STOPPED, after.getMessage(), "what the stop recorded stays");
        assertEquals(atStop.getEndedAt(), after.getEndedAt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void runNowWhileTheJobRunsOnThisNodeIsRefusedAndTheFirstRunCarriesOn(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        scheduler.setAudit(audit::add);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.addJob(reference("demo.slow", FAR), context -> {
            running.countDown();
            release.await();
            return "done for " + context.requestedBy().orElse("?");
        });
        ConsoleUser zhang = user("zhang.wei", "demo.operate");

        JobScheduler.RunNow first = scheduler.runNow("demo.slow", zhang, "192.0.2.7");
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        JobScheduler.RunNow second = scheduler.runNow("demo.slow", zhang, "192.0.2.7");
        scheduler.fire("demo.slow", BASE);
        release.countDown();
        assertTrue(scheduler.awaitIdle("demo.slow", WAIT));

        long runId = assertInstanceOf(JobScheduler.RunNow.Started.class, first).runId();
        assertEquals(new JobScheduler.RunNow.AlreadyRunning(runId), second);
        JobsRunRecord row = onlyRow();
        assertEquals(runId, row.getId());
        assertEquals("SUCCESS", row.getOutcome());
        assertEquals("done for zhang.wei", row.getMessage());
        assertEquals("zhang.wei", row.getRequestedBy());
        assertEquals(List.of(AuditEvent.Outcome.SUCCESS, AuditEvent.Outcome.FAILURE), audit.stream().map(AuditEvent::outcome).toList());
        assertEquals("jobs.run", audit.get(0).action());
        assertEquals("demo.slow", audit.get(0).target());
        assertEquals("zhang.wei", audit.get(0).actor());
        assertEquals("192.0.2.7", audit.get(0).source());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void runNowWithoutTheJobsPermissionIsRefusedAndAudited(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        scheduler.setAudit(audit::add);
        scheduler.addJob(reference("backups.restore-check", FAR, "backups.restore"), context -> "ran");

        JobScheduler.RunNow refused = scheduler.runNow("backups.restore-check", user("li.na", "jobs.operate", "backups.operate"), "test");
        JobScheduler.RunNow unknown = scheduler.runNow("backups.nothing", user("li.na", "jobs.operate"), "test");

        assertEquals(new JobScheduler.RunNow.Forbidden("backups.restore"), refused);
        assertEquals(new JobScheduler.RunNow.Unknown(), unknown);
        assertTrue(rows().isEmpty(), "nothing ran");
        assertEquals(1, audit.size());
        assertEquals(AuditEvent.Outcome.DENIED, audit.get(0).outcome());
        assertEquals("backups.restore-check", audit.get(0).target());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void runsACrashOfThisNodeLeftRunningAreMarkedInterruptedAtStartAndOtherNodesRunsAreLeft(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobRuns runs = new JobRuns(target.database());
        Instant before = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        long crashed = runs.claim("demo.report", before, "node-a", null, before).getAsLong();
        long elsewhere = runs.claim("demo.report", before.plusSeconds(60), "node-b", null, before.plusSeconds(60)).getAsLong();
        long finished = runs.claim("demo.report", before.minusSeconds(60), "node-a", null, before.minusSeconds(60)).getAsLong();
        runs.finish(finished, JobRuns.Outcome.SUCCESS, "ok", null, before.minusSeconds(30));

        scheduler("node-a");

        JobsRunRecord wasRunning = runs.find(crashed);
        assertEquals("INTERRUPTED", wasRunning.getOutcome());
        assertEquals(JobScheduler.CRASHED, wasRunning.getMessage());
        assertNotNull(wasRunning.getEndedAt());
        assertEquals("RUNNING", runs.find(elsewhere).getOutcome(), "another node's run is that node's business");
        assertEquals("SUCCESS", runs.find(finished).getOutcome());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void invalidRegistrationsAreListedWithTheirErrorAndNotScheduled(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        AtomicInteger ran = new AtomicInteger();
        ScheduledJob job = context -> "ran " + ran.incrementAndGet();
        scheduler.addJob(reference("demo.bad-cron", "0 61 * * * ?"), job);
        scheduler.addJob(reference("Bad Id", FAR), job);
        scheduler.addJob(reference("demo.past", "0 0 3 1 1 ? 2020"), job);
        scheduler.addJob(reference("demo.good", FAR), job);

        Map<String, JobScheduler.JobView> views = new HashMap<>();
        scheduler.jobs().forEach(view -> views.put(view.registration().id(), view));

        assertTrue(views.get("demo.bad-cron").error().contains("invalid cron expression '0 61 * * * ?'"),
                views.get("demo.bad-cron").error());
        assertTrue(views.get("Bad Id").error().contains("<module>.<name>"), views.get("Bad Id").error());
        assertTrue(views.get("demo.past").error().contains("will never fire"), views.get("demo.past").error());
        assertNull(views.get("demo.bad-cron").nextRun());
        assertNull(views.get("demo.good").error());
        assertEquals(LocalDateTime.of(2099, 1, 1, 3, 0), LocalDateTime.ofInstant(views.get("demo.good").nextRun(), ZoneId.systemDefault()),
                "cron times are the console's local times");
        assertInstanceOf(JobScheduler.RunNow.NotScheduled.class, scheduler.runNow("demo.bad-cron", user("ops", "demo.operate"), "test"));
        scheduler.fire("demo.bad-cron", BASE);
        scheduler.fire("demo.past", BASE);
        assertEquals(0, ran.get(), "an unscheduled job never runs");
        assertTrue(rows().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSecondJobWithTheSameIdWaitsAndIsScheduledWhenTheFirstGoes(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        TestJobs.FakeReference first = reference("demo.twin", FAR);
        TestJobs.FakeReference second = reference("demo.twin", FAR);
        scheduler.addJob(first, context -> "first");
        scheduler.addJob(second, context -> "second");

        List<JobScheduler.JobView> both = scheduler.jobs();
        scheduler.removeJob(first);
        scheduler.fire("demo.twin", BASE);

        assertNull(both.get(0).error());
        assertTrue(both.get(1).error().contains("org.example.module"), both.get(1).error());
        assertEquals(1, scheduler.jobs().size());
        assertNull(scheduler.jobs().get(0).error());
        assertEquals("second", onlyRow().getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aJobWhoseModuleGoesWhileItRunsIsAskedToStopAndRecordedAsInterrupted(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        CountDownLatch running = new CountDownLatch(1);
        TestJobs.FakeReference reference = reference("demo.leaving", FAR);
        scheduler.addJob(reference, context -> {
            running.countDown();
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            return "half done";
        });
        scheduler.runNow("demo.leaving", user("ops", "demo.operate"), "test");
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        scheduler.removeJob(reference);

        JobsRunRecord row = onlyRow();
        assertEquals("INTERRUPTED", row.getOutcome());
        assertEquals(JobScheduler.REMOVED + ": half done", row.getMessage());
        assertTrue(scheduler.jobs().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewScheduleAppliesFromNowAndTheRunUnderWayCarriesOn(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobScheduler scheduler = scheduler("node-a");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestJobs.FakeReference reference = reference("demo.moving", FAR);
        ScheduledJob job = context -> {
            running.countDown();
            release.await();
            return "finished";
        };
        scheduler.addJob(reference, job);
        scheduler.runNow("demo.moving", user("ops", "demo.operate"), "test");
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        reference.set(ScheduledJobService.PREFIX_ + "cron", "0 15 4 2 2 ? 2099");
        scheduler.updatedJob(reference, job);
        release.countDown();
        assertTrue(scheduler.awaitIdle("demo.moving", WAIT));

        JobScheduler.JobView view = scheduler.jobs().get(0);
        assertNull(view.error());
        assertEquals("0 15 4 2 2 ? 2099", view.registration().cron());
        assertEquals(LocalDateTime.of(2099, 2, 2, 4, 15), LocalDateTime.ofInstant(view.nextRun(), ZoneId.systemDefault()));
        assertEquals("SUCCESS", onlyRow().getOutcome(), "a new schedule does not interrupt the run under way");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDatabaseDownAtStartDoesNotStopTheSchedulerAndTheLeftoversAreMarkedAtTheNextRun(String kind) throws Exception {
        target = TestDatabases.create(kind, "jobs");
        JobRuns runs = new JobRuns(target.database());
        Instant before = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        long crashed = runs.claim("demo.report", before, "node-a", null, before).getAsLong();
        AtomicBoolean down = new AtomicBoolean(true);
        Database flaky = new TestDatabases.TestDatabase(target.database()) {
            @Override
            public DSLContext dsl() {
                if (down.get()) {
                    throw new DataAccessException("Connection refused (test)");
                }
                return super.dsl();
            }
        };
        JobScheduler scheduler = new JobScheduler(flaky, "node-a", config(4, 5), Clock.systemUTC());
        started.add(scheduler);
        scheduler.addJob(reference("demo.report", FAR), context -> "ran");
        assertEquals("RUNNING", runs.find(crashed).getOutcome());

        down.set(false);
        scheduler.fire("demo.report", BASE);

        assertEquals("INTERRUPTED", runs.find(crashed).getOutcome());
        assertEquals(JobScheduler.CRASHED, runs.find(crashed).getMessage());
        List<JobsRunRecord> rows = rows();
        assertEquals(2, rows.size());
        assertEquals("SUCCESS", rows.get(1).getOutcome(), "the run of this start is not taken for a leftover");
    }
}
