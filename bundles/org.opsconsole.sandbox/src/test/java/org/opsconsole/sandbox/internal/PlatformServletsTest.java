package org.opsconsole.sandbox.internal;

import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.http.HttpServlet;

/**
 * The simulated platform's HTTP service with its fault filter in front, as the servlet container runs them: health,
 * sign-in, notices, collections, and the faults an operator switches on. On H2, one generation for all tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformServletsTest {

    @TempDir
    static Path folder;
    private TestSandbox sandbox;
    private GroundTruth truth;
    /** What the error-rate fault draws next, 0 to 99. */
    private int draw;

    @BeforeAll
    void generate() throws Exception {
        sandbox = TestSandbox.on("h2", folder);
        sandbox.generate(77, "0.005");
        truth = sandbox.generation.parsedGroundTruth().orElseThrow();
    }

    @AfterAll
    void close() throws Exception {
        sandbox.close();
    }

    @BeforeEach
    void allFaultsOff() {
        for (Fault fault : Fault.values()) {
            sandbox.faults.set(fault, false, null, "zhang.wei", "x");
        }
    }

    private ServletAnswer call(HttpServlet servlet, String method, String pathInfo, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        RandomGenerator random = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                return draw;
            }
        };
        new PlatformFaultFilter(sandbox.faults, random).doFilter(TestRequests.request(method, pathInfo, null, body), answer.response,
                (request, response) -> servlet.service(request, response));
        return answer;
    }

    private ServletAnswer health() throws Exception {
        return call(new PlatformHealthServlet(sandbox.operations), "GET", null, null);
    }

    private ServletAnswer login(String name, String password) throws Exception {
        return call(new PlatformLoginServlet(sandbox.operations), "POST", null,
                "{\"loginName\":\"" + name + "\",\"password\":\"" + password + "\"}");
    }

    private ServletAnswer post(String body) throws Exception {
        return call(new PlatformCollectionsServlet(sandbox.operations), "POST", null, body);
    }

    private DSLContext dsl() {
        return sandbox.platform.database.dsl();
    }

    private Record unpaidNotice(int skip) {
        return dsl().fetch("select pay_code, total_amount, id from payment_notice where status = 'UNPAID' order by id").get(skip);
    }

    @Test
    void theHealthCheckSaysUpWithWholeDataAndAnOutageMakesEverything503() throws Exception {
        ServletAnswer up = health();
        sandbox.faults.set(Fault.OUTAGE, true, null, "zhang.wei", "x");
        ServletAnswer down = health();
        ServletAnswer loginDown = login("admin", "x");

        assertEquals(200, up.status);
        assertEquals("UP", up.json().path("status").asText());
        assertEquals("COMPLETE", up.json().path("data").asText());
        assertEquals(503, down.status);
        assertEquals("60", down.headers.get("Retry-After"));
        assertEquals(503, loginDown.status);
        assertEquals(0, dsl().fetchCount(dsl().selectFrom("sys_login_log").where("login_at > timestamp '2026-01-01 00:00:00'")),
                "the outage answered before the platform did anything");
    }

    @Test
    void anAddedLatencyDelaysEveryAnswer() throws Exception {
        sandbox.faults.set(Fault.LATENCY, true, 300, "zhang.wei", "x");

        long begin = System.nanoTime();
        ServletAnswer answer = health();
        long millis = (System.nanoTime() - begin) / 1_000_000;

        assertEquals(200, answer.status);
        assertTrue(millis >= 300, millis + " ms");
    }

    @Test
    void theErrorRateAnswersThatShareOfRequestsWith500() throws Exception {
        sandbox.faults.set(Fault.ERRORS, true, 30, "zhang.wei", "x");

        draw = 29;
        ServletAnswer failed = health();
        draw = 30;
        ServletAnswer passed = health();

        assertEquals(500, failed.status);
        assertEquals("application/problem+json;charset=utf-8", failed.contentType);
        assertEquals(200, passed.status);
    }

    @Test
    void slowDatabaseQueriesSlowTheSignIn() throws Exception {
        sandbox.faults.set(Fault.SLOW_DB, true, 400, "zhang.wei", "x");

        long begin = System.nanoTime();
        ServletAnswer answer = login(truth.testAccount().loginName(), truth.testAccount().password());
        long millis = (System.nanoTime() - begin) / 1_000_000;

        assertEquals(200, answer.status, answer.text());
        assertTrue(millis >= 400, millis + " ms");
    }

    @Test
    void signInsAreWrittenToTheLoginLogAndWrongPasswordsAreFailures() throws Exception {
        long before = dsl().fetchCount(dsl().selectFrom("sys_login_log"));

        ServletAnswer ok = login(truth.testAccount().loginName(), truth.testAccount().password());
        ServletAnswer wrong = login(truth.testAccount().loginName(), "not-the-password");
        ServletAnswer unknown = login("nobody-here", "x");
        ServletAnswer bad = call(new PlatformLoginServlet(sandbox.operations), "POST", null, "{\"loginName\":\"\",\"colour\":1}");

        assertEquals(200, ok.status);
        assertEquals("440800000", ok.json().path("account").path("unit").path("code").asText());
        assertEquals("TEST", ok.json().path("account").path("jobTemplate").asText());
        assertTrue(ok.json().path("account").path("dataScope").get(0).path("includeChildren").asBoolean());
        assertEquals(401, wrong.status);
        assertEquals("WRONG_PASSWORD", wrong.json().path("detail").asText());
        assertEquals("NO_SUCH_USER", unknown.json().path("detail").asText());
        assertEquals(List.of("colour", "loginName", "password"), bad.fields());
        List<String> logged = dsl().fetch("select result from sys_login_log where id > (select max(id) - 3 from sys_login_log) order by id")
                .map(r -> r.get(0, String.class));
        assertEquals(List.of("SUCCESS", "WRONG_PASSWORD", "NO_SUCH_USER"), logged);
        assertEquals(before + 3, dsl().fetchCount(dsl().selectFrom("sys_login_log")));
        assertEquals("192.0.2.7", dsl().fetchOne("select client_ip from sys_login_log order by id desc limit 1").get(0, String.class));
    }

    @Test
    void aNoticeIsFoundByItsPayCodeWithItsItems() throws Exception {
        Record notice = unpaidNotice(0);
        PlatformNoticesServlet servlet = new PlatformNoticesServlet(sandbox.operations);

        ServletAnswer found = call(servlet, "GET", "/" + notice.get(0, String.class), null);
        ServletAnswer malformed = call(servlet, "GET", "/12345", null);
        ServletAnswer missing = call(servlet, "GET", "/" + PlatformGenerator.payCode("440802", 99_999_999), null);

        assertEquals(200, found.status, found.text());
        assertEquals("UNPAID", found.json().path("status").asText());
        assertEquals(0, notice.get(1, BigDecimal.class).compareTo(found.json().path("totalAmount").decimalValue()));
        assertTrue(found.json().path("items").size() >= 1);
        assertEquals(List.of("payCode"), malformed.fields());
        assertEquals(404, missing.status);
    }

    @Test
    void aPostedCollectionPaysTheNoticeOnceAndBadReportsChangeNothing() throws Exception {
        Record notice = unpaidNotice(1);
        String payCode = notice.get(0, String.class);
        String amount = notice.get(1, BigDecimal.class).toPlainString();
        long collections = dsl().fetchCount(dsl().selectFrom("collection_record"));

        ServletAnswer missing = post("{\"amount\":\"x\",\"channel\":\"PIGEON\"}");
        ServletAnswer unknownBank = post("{\"payCode\":\"" + payCode + "\",\"bankCode\":\"HSBC\",\"bankSerial\":\"S1\",\"amount\":" + amount + "}");
        ServletAnswer wrongAmount = post("{\"payCode\":\"" + payCode + "\",\"bankCode\":\"ICBC\",\"bankSerial\":\"S1\",\"amount\":0.01}");
        assertEquals(collections, dsl().fetchCount(dsl().selectFrom("collection_record")));
        ServletAnswer created = post("{\"payCode\":\"" + payCode + "\",\"bankCode\":\"ICBC\",\"bankSerial\":\"T-0001\",\"amount\":" + amount + "}");
        ServletAnswer again = post("{\"payCode\":\"" + payCode + "\",\"bankCode\":\"ICBC\",\"bankSerial\":\"T-0002\",\"amount\":" + amount + "}");
        Record other = unpaidNotice(1);
        ServletAnswer sameSerial = post("{\"payCode\":\"" + other.get(0, String.class) + "\",\"bankCode\":\"ICBC\",\"bankSerial\":\"T-0001\","
                + "\"amount\":\"" + other.get(1, BigDecimal.class).toPlainString() + "\"}");
        ServletAnswer noNotice = post("{\"payCode\":\"" + PlatformGenerator.payCode("440802", 99_999_999)
                + "\",\"bankCode\":\"ICBC\",\"bankSerial\":\"T-0003\",\"amount\":1}");

        assertEquals(List.of("payCode", "bankCode", "bankSerial", "amount", "channel"), missing.fields());
        assertEquals(List.of("bankCode"), unknownBank.fields());
        assertEquals(422, wrongAmount.status);
        assertEquals(List.of("amount"), wrongAmount.fields());
        assertEquals(201, created.status, created.text());
        assertEquals("ONLINE", created.json().path("channel").asText());
        assertEquals("PAID", dsl().fetchOne("select status from payment_notice where pay_code = ?", payCode).get(0, String.class));
        assertEquals(collections + 1, dsl().fetchCount(dsl().selectFrom("collection_record")));
        assertEquals(collections + 1, created.json().path("id").asLong(), "the next id after the generated ones");
        assertEquals(409, again.status);
        assertEquals(409, sameSerial.status);
        assertEquals(List.of("bankSerial"), sameSerial.fields());
        assertEquals("UNPAID", dsl().fetchOne("select status from payment_notice where pay_code = ?", other.get(0, String.class))
                .get(0, String.class));
        assertEquals(404, noNotice.status);
        assertEquals(collections + 1, dsl().fetchCount(dsl().selectFrom("collection_record")));
    }
}
