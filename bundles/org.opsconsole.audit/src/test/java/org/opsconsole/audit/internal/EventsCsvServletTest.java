package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

class EventsCsvServletTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T07:08:09Z"), ZoneOffset.UTC);

    /** The node's data folder, which holds its anchor of the trail. */
    @TempDir
    Path data;

    @Test
    void theExportIsAnExcelReadyFileOfTheMatchingRecordsAndIsItselfRecorded() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                    new StepClock(Instant.parse("2026-11-26T01:00:00.250Z"), Duration.ofMinutes(1)), 2);
            trail.record(new AuditEvent("管理员", "10.0.0.1", "login", "管理员", Outcome.SUCCESS, ""));
            trail.record(new AuditEvent("管理员", "10.0.0.1", "backup.run", "=HYPERLINK(\"http://evil\",\"x\")",
                    Outcome.FAILURE, "disk full, \"D:\" left\nsecond line"));
            trail.record(new AuditEvent("bob", "10.0.0.2", "login", "bob", Outcome.DENIED, "-1 attempts"));
            trail.record(new AuditEvent("管理员", "10.0.0.1", "logout", "管理员", Outcome.SUCCESS, "@once"));
            TestHttp.Answer answer = new TestHttp.Answer();

            new EventsCsvServlet(trail, SHANGHAI, NOW).service(TestHttp.request("GET", "审计员", "user", "管理员"), answer.response);

            assertEquals(200, answer.status);
            assertEquals("text/csv;charset=utf-8", answer.contentType);
            assertEquals("attachment; filename=\"audit-20261126-150809.csv\"", answer.headers.get("Content-Disposition"));
            byte[] bytes = answer.body.toByteArray();
            assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), "UTF-8 byte order mark");
            String[] lines = answer.text().substring(1).split("\r\n", -1);
            assertEquals("编号 ID,时间 Time,用户 User,来源 Source,操作 Action,对象 Target,结果 Outcome,详情 Detail,"
                    + "前一记录哈希 Previous hash,哈希 Hash", lines[0]);
            assertTrue(lines[1].matches("\\d+,2026-11-26T09:03:00\\.250\\+08:00,管理员,10\\.0\\.0\\.1,logout,管理员,SUCCESS,'@once,[0-9a-f]{64},[0-9a-f]{64}"),
                    lines[1]);
            assertTrue(lines[2].contains(",backup.run,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",FAILURE,"
                    + "\"disk full, \"\"D:\"\" left\nsecond line\","), lines[2]);
            assertTrue(lines[3].contains(",login,管理员,SUCCESS,,"), lines[3]);
            assertEquals(5, lines.length, "header, three records of 管理员 (read two at a time), and the final line break");
            assertEquals("", lines[4]);

            AuditEventRecord export = target.dsl().selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.ID.desc()).limit(1).fetchSingle();
            assertEquals("audit.export", export.getAction());
            assertEquals("审计员", export.getActor());
            assertEquals("192.0.2.7", export.getSource());
            assertEquals("audit-20261126-150809.csv", export.getTarget());
            assertEquals("3 records; user=管理员", export.getDetail());
            assertEquals(VerifyResult.intact(5), trail.verify());
        }
    }

    @Test
    void aBadFilterIsAnswered400WithoutAFile() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                    Clock.systemUTC(), AuditTrail.BATCH);
            TestHttp.Answer answer = new TestHttp.Answer();

            new EventsCsvServlet(trail, SHANGHAI, NOW).service(TestHttp.request("GET", "auditor", "to", "tomorrow"),
                    answer.response);

            assertEquals(400, answer.status);
            assertEquals("to", answer.json().path("errors").get(0).path("field").asText());
            assertTrue(!answer.headers.containsKey("Content-Disposition"));
            assertEquals(0, target.dsl().fetchCount(AUDIT_EVENT), "nothing recorded");
        }
    }

    @Test
    void postingIsAnswered405() throws Exception {
        TestHttp.Answer answer = new TestHttp.Answer();

        new EventsCsvServlet(org.mockito.Mockito.mock(AuditTrail.class), SHANGHAI, NOW)
                .service(TestHttp.request("POST", "auditor"), answer.response);

        assertEquals(405, answer.status);
        assertEquals("GET", answer.headers.get("Allow"));
    }
}
