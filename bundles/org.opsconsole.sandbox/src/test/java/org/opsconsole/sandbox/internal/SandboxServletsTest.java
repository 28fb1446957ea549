package org.opsconsole.sandbox.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.sandbox.internal.platform.Tables.SANDBOX_GENERATION;
import static org.opsconsole.sandbox.internal.schema.Tables.SANDBOX_FAULT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.security.ConsoleUser;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServlet;

/** The console's sandbox API: what it answers, and bad input answered 400 naming the fields with nothing changed. On H2. */
class SandboxServletsTest {

    private static final String PROBLEM = "application/problem+json;charset=utf-8";

    @TempDir
    Path folder;
    private TestSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = TestSandbox.on("h2", folder);
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
    }

    private ServletAnswer call(HttpServlet servlet, String method, String pathInfo, String body) throws Exception {
        return call(servlet, method, pathInfo, body, TestSandbox.OPERATOR);
    }

    private ServletAnswer call(HttpServlet servlet, String method, String pathInfo, String body, ConsoleUser user) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, pathInfo, user, body), answer.response);
        return answer;
    }

    private SandboxGenerationServlet generation() {
        return new SandboxGenerationServlet(sandbox.generation);
    }

    private SandboxFaultsServlet faults() {
        return new SandboxFaultsServlet(sandbox.faults);
    }

    @Test
    void badGenerationRequestsAnswer400NamingTheFieldsAndStartNothing() throws Exception {
        List<List<String>> fields = List.of(
                call(generation(), "POST", null, "{\"seed\":-1,\"scale\":0}").fields(),
                call(generation(), "POST", null, "{\"seed\":1.5,\"scale\":\"lots\"}").fields(),
                call(generation(), "POST", null, "{\"seed\":9007199254740992,\"scale\":\"100.0001\"}").fields(),
                call(generation(), "POST", null, "{\"scale\":1,\"colour\":\"red\"}").fields(),
                call(generation(), "POST", null, "{\"seed\":1,\"scale\":0.0015}").fields(),
                call(generation(), "POST", null, "not json").fields());

        assertEquals(List.of(List.of("seed", "scale"), List.of("seed", "scale"), List.of("seed", "scale"), List.of("colour", "seed"),
                List.of("scale"), List.of("body")), fields);
        assertEquals(0, sandbox.platform.database.dsl().fetchCount(SANDBOX_GENERATION));
        assertTrue(sandbox.platform.audited.isEmpty());
    }

    @Test
    void aGoodGenerationRequestAnswers202AndItsProgressCanBeFollowed() throws Exception {
        ServletAnswer started = call(generation(), "POST", null, "{\"seed\":\"31\",\"scale\":\"0.005\"}");
        sandbox.generation.await(Duration.ofMinutes(2));
        ServletAnswer done = call(generation(), "GET", null, null);
        ServletAnswer noneToStop = call(generation(), "DELETE", null, null);

        assertEquals(202, started.status, started.text());
        assertEquals("RUNNING", started.json().path("generation").path("state").asText());
        assertEquals(31, started.json().path("generation").path("seed").asLong());
        assertEquals("0.005", started.json().path("generation").path("scale").asText());
        JsonNode generation = done.json().path("generation");
        assertEquals(31, generation.path("seed").asLong());
        assertEquals("COMPLETE", generation.path("state").asText());
        assertEquals(100, generation.path("percent").asInt());
        assertEquals("zhang.wei", generation.path("requestedBy").asText());
        assertEquals(409, noneToStop.status);
    }

    @Test
    void theDataShowsEachTableWithItsRowsAndTheInjectedAnomalies() throws Exception {
        SandboxDataServlet servlet = new SandboxDataServlet(sandbox.platform.database, sandbox.generation);
        ServletAnswer empty = call(servlet, "GET", null, null);
        sandbox.generate(31, "0.005");
        ServletAnswer full = call(servlet, "GET", null, null);

        assertEquals(22, empty.json().path("tables").size());
        assertEquals(0, empty.json().path("totalRows").asLong());
        assertTrue(empty.json().path("generation").isNull());
        assertTrue(empty.json().path("anomalies").isNull());
        assertEquals("H2", full.json().path("database").path("dialect").asText());
        assertEquals("/sandbox/platform", full.json().path("platformPath").asText());
        long sum = 0;
        for (JsonNode table : full.json().path("tables")) {
            sum += table.path("rows").asLong();
        }
        assertEquals(sum, full.json().path("totalRows").asLong());
        assertEquals("缴款书", full.json().path("tables").get(5).path("title").path("zh-CN").asText());
        assertEquals(2500, full.json().path("tables").get(5).path("rows").asLong());
        assertEquals(3, full.json().path("anomalies").path("duplicateSerials").asInt());
        assertEquals(405, call(servlet, "POST", null, "{}").status);
        assertEquals(401, call(servlet, "GET", null, null, null).status);
    }

    @Test
    void theGroundTruthIsServedOnlyForWholeData() throws Exception {
        SandboxGroundTruthServlet servlet = new SandboxGroundTruthServlet(sandbox.generation);
        ServletAnswer none = call(servlet, "GET", null, null);
        sandbox.generate(31, "0.005");
        ServletAnswer served = call(servlet, "GET", null, null);

        assertEquals(404, none.status);
        assertEquals(PROBLEM, none.contentType);
        assertEquals(200, served.status);
        assertEquals(Files.readString(folder.resolve(Generation.GROUND_TRUTH_FILE), StandardCharsets.UTF_8), served.text());
        assertEquals(31, served.json().path("seed").asLong());
        assertEquals(3, served.json().path("bankLinesWithoutCollection").size());
    }

    @Test
    void theFaultsAreListedAndSwitchedAndBadInputChangesNothing() throws Exception {
        ServletAnswer list = call(faults(), "GET", null, null);
        ServletAnswer badSetting = call(faults(), "PUT", "/latency", "{\"enabled\":true,\"setting\":0}");
        ServletAnswer badTypes = call(faults(), "PUT", "/errors", "{\"enabled\":\"yes\",\"setting\":\"many\",\"colour\":1}");
        ServletAnswer nothing = call(faults(), "PUT", "/outage", "{}");
        ServletAnswer unknown = call(faults(), "PUT", "/meteor", "{\"enabled\":true}");
        ServletAnswer onList = call(faults(), "PUT", null, "{\"enabled\":true}");
        assertEquals(0, sandbox.console.dsl().fetchCount(SANDBOX_FAULT));
        ServletAnswer switched = call(faults(), "PUT", "/slow-db", "{\"enabled\":true,\"setting\":1500}");
        ServletAnswer one = call(faults(), "GET", "/slow-db", null);

        assertEquals(6, list.json().path("faults").size());
        assertEquals("latency", list.json().path("faults").get(0).path("id").asText());
        assertEquals("服务中断", list.json().path("faults").get(2).path("title").path("zh-CN").asText());
        assertFalse(list.json().path("faults").get(2).path("hasSetting").asBoolean());
        assertEquals(List.of("setting"), badSetting.fields());
        assertEquals(List.of("colour", "enabled", "setting"), badTypes.fields());
        assertEquals(List.of("enabled"), nothing.fields());
        assertEquals(404, unknown.status);
        assertEquals(405, onList.status);
        assertEquals("GET, HEAD", onList.headers.get("Allow"));
        assertEquals(200, switched.status, switched.text());
        assertTrue(one.json().path("enabled").asBoolean());
        assertEquals(1500, one.json().path("setting").asInt());
        assertEquals("zhang.wei", one.json().path("updatedBy").asText());
        assertTrue(sandbox.faults.on(Fault.SLOW_DB));
        assertEquals(List.of("slow-db"), sandbox.platform.audited.stream().map(e -> e.target()).toList());
        assertEquals("192.0.2.7", sandbox.platform.audited.get(0).source());
    }
}
