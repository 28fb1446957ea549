package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_HEAD;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

import com.fasterxml.jackson.databind.JsonNode;

class VerifyServletTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T07:08:09Z"), ZoneOffset.UTC);

    /** The node's data folder, which holds its anchor of the trail. */
    @TempDir
    Path data;

    private AuditTrail trailWithTwoRecords(TestDatabases.Target target) {
        AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                new StepClock(Instant.parse("2026-11-26T01:00:00Z"), Duration.ofSeconds(1)), AuditTrail.BATCH);
        trail.record(new AuditEvent("admin", "10.0.0.1", "login", "admin", Outcome.SUCCESS, ""));
        trail.record(new AuditEvent("admin", "10.0.0.1", "logout", "admin", Outcome.SUCCESS, ""));
        return trail;
    }

    private static AuditEventRecord newest(TestDatabases.Target target) {
        return target.dsl().selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.ID.desc()).limit(1).fetchSingle();
    }

    @Test
    void anIntactChainIsReportedAndTheVerificationRecordedAsSuccess() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = trailWithTwoRecords(target);
            TestHttp.Answer answer = new TestHttp.Answer();

            new VerifyServlet(trail, NOW).service(TestHttp.request("POST", "审计员"), answer.response);

            assertEquals(200, answer.status);
            JsonNode result = answer.json();
            assertTrue(result.path("ok").asBoolean());
            assertEquals(2, result.path("checked").asLong());
            assertTrue(result.path("brokenId").isNull());
            assertEquals("2026-11-26T07:08:09Z", result.path("verifiedAt").asText());
            AuditEventRecord record = newest(target);
            assertEquals("audit.verify", record.getAction());
            assertEquals("审计员", record.getActor());
            assertEquals("192.0.2.7", record.getSource());
            assertEquals("SUCCESS", record.getOutcome());
            assertEquals("chain intact, 2 records", record.getDetail());
            assertEquals(VerifyResult.intact(3), trail.verify(), "the verification's own record is chained too");
        }
    }

    @Test
    void aBrokenChainIsReportedNamingTheRecordAndRecordedAsFailure() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = trailWithTwoRecords(target);
            long first = target.dsl().select(org.jooq.impl.DSL.min(AUDIT_EVENT.ID)).from(AUDIT_EVENT).fetchOne(0, Long.class);
            target.dsl().execute("update audit_event set actor = 'nobody' where id = ?", first);
            TestHttp.Answer answer = new TestHttp.Answer();

            new VerifyServlet(trail, NOW).service(TestHttp.request("POST", null), answer.response);

            JsonNode result = answer.json();
            assertFalse(result.path("ok").asBoolean());
            assertEquals(first, result.path("brokenId").asLong());
            assertEquals("record " + first + " was changed", result.path("reason").asText());
            assertEquals("第 " + first + " 条记录被修改", result.path("reasonZh").asText());
            AuditEventRecord record = newest(target);
            assertEquals("audit.verify", record.getAction());
            assertEquals(VerifyServlet.ANONYMOUS, record.getActor(), "no signed-in user");
            assertEquals("FAILURE", record.getOutcome());
            assertEquals("record " + first + " was changed", record.getDetail());
        }
    }

    @Test
    void aTrailNotYetSealedIsReportedIntactWithANoteAndTheVerificationSealsIt() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            // a record as the console wrote it before sealing: chained and named by the head, which has no seal
            AuditEventRecord old = new AuditEventRecord(null, Instant.parse("2026-11-20T01:00:00Z"), "admin", "10.0.0.1",
                    "login", "admin", "SUCCESS", "", ChainHash.GENESIS, null);
            old.setHash(AuditTrail.hashOf(old));
            long id = target.dsl().insertInto(AUDIT_EVENT).set(old).returningResult(AUDIT_EVENT.ID).fetchOne(AUDIT_EVENT.ID);
            target.dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.LAST_ID, id).set(AUDIT_HEAD.LAST_HASH, old.getHash()).execute();
            AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                    NOW, AuditTrail.BATCH);
            TestHttp.Answer answer = new TestHttp.Answer();

            new VerifyServlet(trail, NOW).service(TestHttp.request("POST", "auditor"), answer.response);

            assertEquals(200, answer.status);
            JsonNode result = answer.json();
            assertTrue(result.path("ok").asBoolean());
            assertEquals(1, result.path("checked").asLong());
            assertTrue(result.path("brokenId").isNull());
            assertEquals("not yet sealed: the head is sealed when the next record is appended", result.path("reason").asText());
            assertEquals("尚未封签：下一条记录写入时封签链头", result.path("reasonZh").asText());
            AuditEventRecord record = newest(target);
            assertEquals("SUCCESS", record.getOutcome());
            assertEquals("chain intact, 1 records, not yet sealed: the head is sealed when the next record is appended",
                    record.getDetail());
            assertEquals(VerifyResult.intact(2), trail.verify(), "the verification's own record sealed the head");
        }
    }

    @Test
    void readingIsAnswered405AndNeitherVerifiesNorRecords() throws Exception {
        try (TestDatabases.Target target = TestDatabases.create("h2", "audit")) {
            AuditTrail trail = trailWithTwoRecords(target);
            TestHttp.Answer answer = new TestHttp.Answer();

            new VerifyServlet(trail, NOW).service(TestHttp.request("GET", "auditor"), answer.response);

            assertEquals(405, answer.status);
            assertEquals("POST", answer.headers.get("Allow"));
            assertEquals("application/problem+json;charset=utf-8", answer.contentType);
            assertEquals(2, target.dsl().fetchCount(AUDIT_EVENT));
        }
    }
}
