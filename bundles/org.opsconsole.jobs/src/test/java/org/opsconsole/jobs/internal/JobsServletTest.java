package org.opsconsole.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.jobs.internal.TestJobs.FAR;
import static org.opsconsole.jobs.internal.TestJobs.config;
import static org.opsconsole.jobs.internal.TestJobs.reference;
import static org.opsconsole.jobs.internal.TestJobs.user;
import static org.opsconsole.jobs.internal.schema.Tables.JOBS_RUN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.testing.TestDatabases;

import com.fasterxml.jackson.databind.JsonNode;

/** The REST API: the list, the history and its parameters, run now and its refusals. On H2. */
class JobsServletTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ConsoleUser OPERATOR = user("zhang.wei", "jobs.read", "jobs.operate", "demo.operate");
    private static final ConsoleUser AUDITOR = user("auditor", "jobs.read");

    private TestDatabases.Target target;
    private JobScheduler scheduler;
    private JobsServlet servlet;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        target = TestDatabases.create("h2", "jobs");
        scheduler = new JobScheduler(target.database(), "node-a", config(4, 5), Clock.systemUTC());
        servlet = new JobsServlet(scheduler);
        scheduler.addJob(reference("demo.report", FAR), context -> "3 reports");
        scheduler.addJob(reference("demo.slow", FAR), context -> {
            running.countDown();
            release.await();
            return "slow done";
        });
        scheduler.addJob(reference("backups.restore-check", FAR, "backups.restore"), context -> "restored");
        scheduler.addJob(reference("demo.broken", "not a cron"), context -> "never");
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        scheduler.deactivate();
        target.close();
    }

    private TestHttp.Answer call(String method, String pathInfo, ConsoleUser user, String... parameters) throws Exception {
        TestHttp.Answer answer = new TestHttp.Answer();
        servlet.service(TestHttp.request(method, pathInfo, user, parameters), answer.response);
        return answer;
    }

    @Test
    void theListShowsEveryJobWithItsScheduleLastRunAndWhetherTheUserMayRunIt() throws Exception {
        scheduler.fire("demo.report", Instant.parse("2026-11-26T03:30:00Z"));

        JsonNode operator = call("GET", null, OPERATOR).json().path("jobs");
        JsonNode auditor = call("GET", "/", AUDITOR).json().path("jobs");

        List<String> ids = new ArrayList<>();
        operator.forEach(job -> ids.add(job.path("id").asText()));
        assertEquals(List.of("backups.restore-check", "demo.broken", "demo.report", "demo.slow"), ids);
        JsonNode report = operator.get(2);
        assertEquals("任务 demo.report", report.path("title").path("zh-CN").asText());
        assertEquals("Job demo.report", report.path("title").path("en").asText());
        assertEquals(FAR, report.path("cron").asText());
        assertTrue(report.path("nextRun").asText().startsWith("2099-01-0"), report.toString());
        assertEquals("SUCCESS", report.path("lastRun").path("outcome").asText());
        assertEquals("3 reports", report.path("lastRun").path("message").asText());
        assertEquals("2026-11-26T03:30:00Z", report.path("lastRun").path("scheduledAt").asText());
        assertFalse(report.path("running").asBoolean());
        assertTrue(report.path("error").isNull());
        assertTrue(report.path("canRun").asBoolean());
        assertFalse(operator.get(0).path("canRun").asBoolean(), "the restore check needs backups.restore");
        assertTrue(operator.get(3).path("lastRun").isNull());
        assertTrue(operator.get(1).path("error").asText().contains("invalid cron expression"));
        assertTrue(operator.get(1).path("nextRun").isNull());
        assertFalse(auditor.get(2).path("canRun").asBoolean(), "without jobs.operate nobody runs a job");
    }

    @Test
    void runNowAnswers202WithTheRunAndTheHistoryShowsItNewestFirst() throws Exception {
        scheduler.fire("demo.report", Instant.parse("2026-11-26T03:30:00Z"));

        TestHttp.Answer answer = call("POST", "/demo.report/run", OPERATOR);
        assertTrue(scheduler.awaitIdle("demo.report", WAIT));
        JsonNode history = call("GET", "/demo.report/runs", OPERATOR, "page", "0", "size", "10").json();

        assertEquals(202, answer.status, answer.text());
        long runId = answer.json().path("runId").asLong();
        assertEquals("demo.report", answer.json().path("jobId").asText());
        assertEquals(2, history.path("total").asInt());
        assertEquals(runId, history.path("runs").get(0).path("id").asLong());
        assertEquals("zhang.wei", history.path("runs").get(0).path("requestedBy").asText());
        assertEquals("SUCCESS", history.path("runs").get(0).path("outcome").asText());
        assertTrue(history.path("runs").get(1).path("requestedBy").isNull());
        JsonNode second = call("GET", "/demo.report/runs", OPERATOR, "page", "1", "size", "1").json();
        assertEquals(1, second.path("runs").size());
        assertEquals(history.path("runs").get(1).path("id"), second.path("runs").get(0).path("id"));
    }

    @Test
    void runNowWhileTheJobRunsOnThisNodeAnswers409() throws Exception {
        TestHttp.Answer first = call("POST", "/demo.slow/run", OPERATOR);
        assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        TestHttp.Answer second = call("POST", "/demo.slow/run", OPERATOR);
        JsonNode list = call("GET", null, OPERATOR).json().path("jobs");

        assertEquals(202, first.status);
        assertEquals(409, second.status, second.text());
        assertEquals("application/problem+json;charset=utf-8", second.contentType);
        assertTrue(second.json().path("detail").asText().contains("already running on this node"), second.text());
        assertTrue(list.get(3).path("running").asBoolean(), "the list shows the job running");
        release.countDown();
        assertTrue(scheduler.awaitIdle("demo.slow", WAIT));
        assertEquals(1, target.dsl().fetchCount(JOBS_RUN));
    }

    @Test
    void runNowWithoutTheJobsOwnPermissionAnswers403AndRunsNothing() throws Exception {
        TestHttp.Answer answer = call("POST", "/backups.restore-check/run", OPERATOR);

        assertEquals(403, answer.status);
        assertTrue(answer.json().path("detail").asText().contains("backups.restore"), answer.text());
        assertEquals(0, target.dsl().fetchCount(JOBS_RUN));
    }

    @Test
    void unknownJobsAndPathsAnswer404AndUnscheduledJobs409() throws Exception {
        assertEquals(404, call("POST", "/demo.nothing/run", OPERATOR).status);
        assertEquals(404, call("GET", "/demo.nothing/runs", OPERATOR).status);
        assertEquals(404, call("GET", "/demo.nothing", OPERATOR).status);
        assertEquals(404, call("GET", "/demo.report/other", OPERATOR).status);
        assertEquals(404, call("GET", "/Not%20An%20Id", OPERATOR).status);
        assertEquals(200, call("GET", "/demo.report", OPERATOR).status);
        TestHttp.Answer broken = call("POST", "/demo.broken/run", OPERATOR);
        assertEquals(409, broken.status);
        assertTrue(broken.json().path("detail").asText().contains("invalid cron expression"), broken.text());
    }

    @Test
    void badPagingParametersAnswer400NamingEachField() throws Exception {
        TestHttp.Answer answer = call("GET", "/demo.report/runs", OPERATOR, "page", "-1", "size", "many");

        assertEquals(400, answer.status);
        assertEquals("application/problem+json;charset=utf-8", answer.contentType);
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertEquals(List.of("page", "size"), fields);
        assertEquals(400, call("GET", "/demo.report/runs", OPERATOR, "size", "101").status);
    }

    @Test
    void otherMethodsAnswer405WithWhatIsAllowed() throws Exception {
        TestHttp.Answer put = call("PUT", null, OPERATOR);
        TestHttp.Answer getRun = call("GET", "/demo.report/run", OPERATOR);

        assertEquals(405, put.status);
        assertEquals("GET, HEAD", put.headers.get("Allow"));
        assertEquals(405, getRun.status);
        assertEquals("POST", getRun.headers.get("Allow"));
        assertEquals(0, target.dsl().fetchCount(JOBS_RUN));
    }
}
