package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.audit.internal.TestTrails.append;
import static org.opsconsole.audit.internal.TestTrails.event;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_HEAD;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_KEY;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.api.rest.Json;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.audit.internal.schema.tables.records.AuditHeadRecord;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sealed head of the audit trail on H2 and on MySQL/MariaDB: what someone who can write to the database, but has
 * not the master key, can do to the trail, and how verifying names it; several nodes on one database; a trail written
 * before sealing. Set up as {@link AuditTrailTest}; each node is an {@link AuditTrail} with its own data folder.
 */
class AuditTrailSealTest {

    private static final Instant START = Instant.parse("2026-11-26T01:00:00.123Z");

    /** The installation's master key, which every node has and the database does not. */
    private final TestSecretBox box = new TestSecretBox();
    private final StepClock clock = new StepClock(START, Duration.ofSeconds(1));

    private TestDatabases.Target target;

    /** The nodes' data folders, one folder each. */
    @TempDir
    Path data;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    /** A console node on the test's database, with its own data folder. */
    private AuditTrail node(String name) {
        return new AuditTrail(target.database(), box, anchorOf(name), clock, AuditTrail.BATCH);
    }

    private Path anchorOf(String node) {
        return AuditTrail.anchorFile(data.resolve(node).toString());
    }

    private AuditTrail firstNode(String kind) throws Exception {
        target = TestDatabases.create(kind, "audit");
        return node("node1");
    }


    private DSLContext dsl() {
        return target.dsl();
    }

    private AuditHeadRecord head() {
        return dsl().selectFrom(AUDIT_HEAD).fetchSingle();
    }

    private List<AuditEventRecord> rows() {
        return TestTrails.rows(dsl());
    }

    private String storedKey() {
        return dsl().select(AUDIT_KEY.SEALED_KEY).from(AUDIT_KEY).fetchOne(AUDIT_KEY.SEALED_KEY);
    }

    /** The key bytes, opened with the master key as someone holding it would. */
    private byte[] keyBytes() {
        String text = box.open(storedKey());
        assertTrue(text.startsWith("opsconsole-audit-key-v1:"), text);
        return Base64.getDecoder().decode(text.substring("opsconsole-audit-key-v1:".length()));
    }

    /** The seal of a head, computed here from its documented encoding. */
    private static String sealOf(byte[] key, long lastId, String lastHash) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update("opsconsole-audit-head-v1".getBytes(StandardCharsets.US_ASCII));
        mac.update(ByteBuffer.allocate(8).putLong(lastId).array());
        mac.update(ByteBuffer.allocate(4).putInt(lastHash.length()).array());
        return HexFormat.of().formatHex(mac.doFinal(lastHash.getBytes(StandardCharsets.US_ASCII)));
    }

    private JsonNode anchorJson(String node) throws Exception {
        return Json.MAPPER.readTree(Files.readString(anchorOf(node)));
    }

    /** Appends as the console did before sealing: the record chained and the head moved, no seal, no key. */
    private void appendUnsealed(int count) {
        for (int n = 1; n <= count; n++) {
            AuditEvent event = event(n);
            AuditHeadRecord head = head();
            AuditEventRecord record = new AuditEventRecord();
            record.setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            record.setActor(event.actor());
            record.setSource(event.source());
            record.setAction(event.action());
            record.setTarget(event.target());
            record.setOutcome(event.outcome().name());
            record.setDetail(event.detail());
            record.setPrevHash(head.getLastHash() == null ? ChainHash.GENESIS : head.getLastHash());
            record.setHash(AuditTrail.hashOf(record));
            long id = dsl().insertInto(AUDIT_EVENT).set(record).returningResult(AUDIT_EVENT.ID).fetchOne(AUDIT_EVENT.ID);
            dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.LAST_ID, id).set(AUDIT_HEAD.LAST_HASH, record.getHash()).execute();
        }
    }

    /** Changes a record's detail and hashes it and every later record anew, moving the head: all one could do before. */
    private void rewriteFrom(long id, String detail) {
        String prev = null;
        long last = 0;
        for (AuditEventRecord record : rows()) {
            if (record.getId() < id) {
                prev = record.getHash();
                continue;
            }
            if (record.getId() == id) {
                record.setDetail(detail);
            } else {
                record.setPrevHash(prev);
            }
            record.setHash(AuditTrail.hashOf(record));
            dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.DETAIL, record.getDetail()).set(AUDIT_EVENT.PREV_HASH, record.getPrevHash())
                    .set(AUDIT_EVENT.HASH, record.getHash()).where(AUDIT_EVENT.ID.eq(record.getId())).execute();
            prev = record.getHash();
            last = record.getId();
        }
        dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.LAST_ID, last).set(AUDIT_HEAD.LAST_HASH, prev).execute();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyAppendSealsTheHeadUnderTheTrailsOwnKeyAndAnchorsThisNode(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);

        append(trail, 3);

        assertEquals(1, dsl().fetchCount(AUDIT_KEY), "one key, made by the first append");
        assertTrue(storedKey().startsWith("sealed:test:"), "stored sealed with the master key");
        byte[] key = keyBytes();
        assertEquals(32, key.length);
        assertFalse(storedKey().contains(Base64.getEncoder().encodeToString(key)), "the key is not in the table as it is");
        AuditEventRecord newest = rows().get(2);
        AuditHeadRecord head = head();
        assertEquals(newest.getId(), head.getLastId());
        assertEquals(sealOf(key, newest.getId(), newest.getHash()), head.getSeal());

        JsonNode anchor = anchorJson("node1");
        assertEquals("opsconsole-audit-anchor-v1", anchor.path("format").asText());
        assertEquals(SealingKey.fingerprint(key), anchor.path("key").asText());
        assertEquals(newest.getId().longValue(), anchor.path("lastId").asLong());
        assertEquals(newest.getHash(), anchor.path("lastHash").asText());
        assertEquals(head.getSeal(), anchor.path("seal").asText());
        assertFalse(Files.readString(anchorOf("node1")).contains(Base64.getEncoder().encodeToString(key)), "never the key");
        if (Files.getFileStore(anchorOf("node1")).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(anchorOf("node1"))));
        }
        try (var leftovers = Files.list(anchorOf("node1").getParent())) {
            assertEquals(List.of("audit-anchor.json"), leftovers.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left");
        }
        assertEquals(VerifyResult.intact(3), trail.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aChangedRecordWithEveryLaterHashRecomputedAndTheHeadMovedIsFoundByTheSeal(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 5);
        long second = rows().get(1).getId();
        long newest = rows().get(4).getId();

        rewriteFrom(second, "nothing happened");

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(newest, result.brokenId());
        assertEquals(5, result.checked(), "the chain itself is consistent again");
        assertEquals("the seal of the head does not match record " + newest + ": the trail or its head was changed outside"
                + " the console", result.reason());
        assertEquals("链头的封签与第 " + newest + " 条记录不符：日志或其链头在控制台之外被修改", result.reasonZh());
        assertEquals(result, node("node2").verify(), "a node that never appended sees it too");

        trail.record(event(6));

        long appended = head().getLastId();
        VerifyResult after = trail.verify();
        assertEquals("the seal of the head does not match record " + appended + ": the trail or its head was changed outside"
                + " the console", after.reason(), "the next append does not seal over it");
        assertEquals(newest, anchorJson("node1").path("lastId").asLong(), "the anchor stays at the last trustworthy record");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theHeadMovedBackToAnOlderSealedStateAfterTheNewestRecordsWereRemovedIsFoundByTheAnchor(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        AuditHeadRecord older = head();
        append(trail, 2);
        long newest = head().getLastId();

        dsl().execute("delete from audit_event where id > ?", older.getLastId());
        dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.LAST_ID, older.getLastId()).set(AUDIT_HEAD.LAST_HASH, older.getLastHash())
                .set(AUDIT_HEAD.SEAL, older.getSeal()).execute();

        assertEquals(VerifyResult.intact(3), node("node2").verify(), "the seal alone cannot tell: it is a valid older one");
        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(older.getLastId() + 1, result.brokenId());
        assertEquals("the newest records after " + older.getLastId() + " were removed (this node appended record " + newest
                + ", the head names record " + older.getLastId() + ")", result.reason());
        assertEquals("第 " + older.getLastId() + " 条之后的最新记录被删除（本节点写入过第 " + newest + " 条记录，链头却指向第 "
                + older.getLastId() + " 条）", result.reasonZh());

        trail.record(event(9));

        VerifyResult after = trail.verify();
        assertEquals(newest, after.brokenId());
        assertEquals("record " + newest + ", which this node appended, is missing: records were removed", after.reason(),
                "appending on does not hide it");
        assertEquals("本节点写入的第 " + newest + " 条记录已不存在：记录被删除", after.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void recordsRemovedAndWrittenAgainUnderTheSameIdsAreFoundByTheAnchorsHash(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        AuditHeadRecord older = head();
        append(trail, 2);
        long newest = head().getLastId();
        dsl().execute("delete from audit_event where id > ?", older.getLastId());
        dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.LAST_ID, older.getLastId()).set(AUDIT_HEAD.LAST_HASH, older.getLastHash())
                .set(AUDIT_HEAD.SEAL, older.getSeal()).execute();
        dsl().execute(kind.equals("h2") ? "alter table audit_event alter column id restart with " + (older.getLastId() + 1)
                : "alter table audit_event auto_increment = " + (older.getLastId() + 1));

        // other records under the removed ids, appended by a node that has no anchor of its own yet
        AuditTrail other = node("node2");
        other.record(new AuditEvent("someone", "10.0.0.9", "login", "someone", Outcome.SUCCESS, "instead"));
        other.record(new AuditEvent("someone", "10.0.0.9", "logout", "someone", Outcome.SUCCESS, "instead"));
        assertEquals(newest, head().getLastId());

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(newest, result.brokenId());
        assertEquals("record " + newest + " is not the record this node appended (its hash differs): records were removed or"
                + " replaced", result.reason());
        assertEquals("第 " + newest + " 条记录不是本节点写入的那一条（哈希不同）：记录被删除或替换", result.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theKeyRemovedAndTheSealNulledIsFoundByTheAnchorAndNoNewKeySealsOverIt(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        String fingerprint = SealingKey.fingerprint(keyBytes()).substring(0, 8);

        dsl().execute("delete from audit_key");
        dsl().update(AUDIT_HEAD).setNull(AUDIT_HEAD.SEAL).execute();

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertNull(result.brokenId(), "no record is at fault");
        assertEquals("the key that seals the audit trail was removed (this node sealed the head with key " + fingerprint + ")",
                result.reason());
        assertEquals("审计日志的封签密钥被删除（本节点曾用密钥 " + fingerprint + " 封签链头）", result.reasonZh());

        trail.record(event(4));

        assertEquals(0, dsl().fetchCount(AUDIT_KEY), "this node, which sealed before, makes no new key");
        assertNull(head().getSeal());
        assertEquals(result.reason(), trail.verify().reason());

        // a node that never sealed takes the trail for one written before sealing and seals it with a new key
        AuditTrail newcomer = node("node2");
        assertEquals(VerifyResult.unsealed(4), newcomer.verify());
        newcomer.record(event(5));
        String replacement = SealingKey.fingerprint(keyBytes()).substring(0, 8);
        VerifyResult replaced = trail.verify();
        assertNull(replaced.brokenId());
        assertEquals("the key that seals the audit trail was replaced (this node sealed the head with key " + fingerprint
                + ", the database holds key " + replacement + ")", replaced.reason());
        assertEquals("审计日志的封签密钥被替换（本节点曾用密钥 " + fingerprint + " 封签链头，数据库中现为密钥 " + replacement + "）",
                replaced.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRemovedKeyIsFoundFromTheSealedHeadByANodeWithoutAnchor(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 2);

        dsl().execute("delete from audit_key");

        VerifyResult result = node("node2").verify();
        assertFalse(result.ok());
        assertEquals("the key that seals the audit trail was removed (the head is sealed)", result.reason());
        assertEquals("审计日志的封签密钥被删除（链头已封签）", result.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNulledSealIsFoundWhileTheKeyExists(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        long newest = head().getLastId();

        dsl().update(AUDIT_HEAD).setNull(AUDIT_HEAD.SEAL).execute();

        VerifyResult result = node("node2").verify();
        assertFalse(result.ok());
        assertEquals(newest, result.brokenId());
        assertEquals("the head of the audit trail (record " + newest + ") is not sealed, though the trail was sealed before:"
                + " its seal was removed outside the console", result.reason());
        assertEquals("审计日志的链头（第 " + newest + " 条记录）没有封签，而日志此前已封签：封签在控制台之外被删除", result.reasonZh());
        assertEquals(result, trail.verify());

        trail.record(event(4));

        assertNull(head().getSeal(), "not sealed again");
        assertEquals(newest + 1, trail.verify().brokenId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aKeyReplacedByAnotherSealedKeyIsFoundByTheAnchorAndByTheSeal(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        String fingerprint = SealingKey.fingerprint(keyBytes()).substring(0, 8);
        SealingKey other = SealingKey.create(new SecureRandom(), box);

        dsl().update(AUDIT_KEY).set(AUDIT_KEY.SEALED_KEY, other.sealed()).execute();

        VerifyResult result = trail.verify();
        assertEquals("the key that seals the audit trail was replaced (this node sealed the head with key " + fingerprint
                + ", the database holds key " + other.fingerprint().substring(0, 8) + ")", result.reason());
        VerifyResult elsewhere = node("node2").verify();
        assertEquals("the seal of the head does not match record " + head().getLastId() + ": the trail or its head was changed"
                + " outside the console", elsewhere.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aKeyWrittenIntoTheTableInPlainTextIsRefused(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 2);
        byte[] known = new byte[32];
        String forgedSeal = sealOf(known, head().getLastId(), head().getLastHash());

        dsl().update(AUDIT_KEY).set(AUDIT_KEY.SEALED_KEY, "opsconsole-audit-key-v1:" + Base64.getEncoder().encodeToString(known))
                .execute();
        dsl().update(AUDIT_HEAD).set(AUDIT_HEAD.SEAL, forgedSeal).execute();

        for (AuditTrail node : List.of(trail, node("node2"))) {
            VerifyResult result = node.verify();
            assertFalse(result.ok());
            assertNull(result.brokenId());
            assertEquals("the key that seals the audit trail was replaced outside the console (it does not open with this"
                    + " installation's master key)", result.reason());
            assertEquals("审计日志的封签密钥在控制台之外被替换（无法用本系统的主密钥打开）", result.reasonZh());
        }
        trail.record(event(3));
        assertEquals(forgedSeal, head().getSeal(), "an append leaves a head it cannot vouch for as it is");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyRecordRemovedAndTheHeadResetIsFound(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        append(trail, 3);
        long newest = head().getLastId();

        dsl().execute("delete from audit_event");
        dsl().update(AUDIT_HEAD).setNull(AUDIT_HEAD.LAST_ID).setNull(AUDIT_HEAD.LAST_HASH).setNull(AUDIT_HEAD.SEAL).execute();

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals("all records up to " + newest + " were removed (this node appended record " + newest
                + ", the head names no record)", result.reason());
        VerifyResult elsewhere = node("node2").verify();
        assertFalse(elsewhere.ok());
        assertNull(elsewhere.brokenId());
        assertEquals("the head of the audit trail names no record, though the trail was sealed before: its records and head"
                + " were reset outside the console", elsewhere.reason());
        assertEquals("审计日志的链头没有指向任何记录，而日志此前已封签：记录和链头在控制台之外被清空", elsewhere.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoNodesAppendingInTurnShareOneKeyAndBothVerifyIntact(String kind) throws Exception {
        AuditTrail one = firstNode(kind);
        AuditTrail two = node("node2");

        for (int n = 1; n <= 6; n++) {
            (n % 2 == 1 ? one : two).record(event(n));
        }

        assertEquals(1, dsl().fetchCount(AUDIT_KEY));
        String fingerprint = SealingKey.fingerprint(keyBytes());
        List<AuditEventRecord> rows = rows();
        assertEquals(fingerprint, anchorJson("node1").path("key").asText());
        assertEquals(fingerprint, anchorJson("node2").path("key").asText());
        assertEquals(rows.get(4).getId().longValue(), anchorJson("node1").path("lastId").asLong());
        assertEquals(rows.get(5).getId().longValue(), anchorJson("node2").path("lastId").asLong());
        assertEquals(VerifyResult.intact(6), one.verify());
        assertEquals(VerifyResult.intact(6), two.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTrailWrittenBeforeSealingVerifiesIntactButNotYetSealedUntilTheNextAppendSealsIt(String kind) throws Exception {
        AuditTrail trail = firstNode(kind);
        appendUnsealed(3);

        VerifyResult before = trail.verify();
        assertTrue(before.ok());
        assertEquals(3, before.checked());
        assertNull(before.brokenId());
        assertEquals("not yet sealed: the head is sealed when the next record is appended", before.reason());
        assertEquals("尚未封签：下一条记录写入时封签链头", before.reasonZh());
        assertNotEquals(VerifyResult.intact(3), before, "not reported as sealed");
        assertEquals(0, dsl().fetchCount(AUDIT_KEY), "verifying makes no key");
        assertFalse(Files.exists(anchorOf("node1")), "nor an anchor");

        trail.record(event(4));

        AuditHeadRecord head = head();
        assertEquals(sealOf(keyBytes(), head.getLastId(), head.getLastHash()), head.getSeal());
        assertEquals(head.getLastId().longValue(), anchorJson("node1").path("lastId").asLong());
        assertEquals(VerifyResult.intact(4), trail.verify());
        assertEquals(ChainHash.GENESIS, rows().get(0).getPrevHash(), "the old records stay as they were");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoNodesSealingATrailWrittenBeforeSealingAtOnceEndWithOneKeyBothUse(String kind) throws Exception {
        AuditTrail one = firstNode(kind);
        AuditTrail two = node("node2");
        appendUnsealed(2);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                AuditTrail node = t % 2 == 0 ? one : two;
                int thread = t;
                work.add(() -> {
                    for (int n = 0; n < 10; n++) {
                        node.record(new AuditEvent("thread" + thread, "test", "test.concurrent", String.valueOf(n),
                                Outcome.SUCCESS, "append " + n + " of thread " + thread));
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work, 5, TimeUnit.MINUTES)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(1, dsl().fetchCount(AUDIT_KEY), "one key");
        String fingerprint = SealingKey.fingerprint(keyBytes());
        assertEquals(fingerprint, anchorJson("node1").path("key").asText());
        assertEquals(fingerprint, anchorJson("node2").path("key").asText());
        assertEquals(VerifyResult.intact(82), one.verify());
        assertEquals(VerifyResult.intact(82), two.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNodeThatFindsTheKeyMadeByAnotherWhenInsertingItUsesThatKey(String kind) throws Exception {
        AuditTrail one = firstNode(kind);
        AuditTrail two = node("node2");
        one.record(event(1));
        String stored = storedKey();

        // as if node 2 had found no key an instant before node 1 stored its own
        SealingKey used = target.database().transactionResult(transaction -> two.createKey(transaction.dsl()));

        assertEquals(stored, used.sealed());
        assertEquals(SealingKey.fingerprint(keyBytes()), used.fingerprint());
        assertEquals(stored, storedKey(), "the first key stays");
        assertEquals(1, dsl().fetchCount(AUDIT_KEY));
        two.record(event(2));
        assertEquals(VerifyResult.intact(2), one.verify());
        assertEquals(VerifyResult.intact(2), two.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDamagedAnchorFailsVerifyingWithItsNameButNotAppending(String kind) throws Exception {
        firstNode(kind);
        Files.createDirectories(anchorOf("node1").getParent());
        Files.writeString(anchorOf("node1"), "{\"format\":\"opsconsole-audit-anchor-v1\",\"key\":\"x\"");
        AuditTrail trail = node("node1");

        trail.record(event(1));

        assertEquals(1, dsl().fetchCount(AUDIT_EVENT));
        assertNotNull(head().getSeal());
        assertEquals("{\"format\":\"opsconsole-audit-anchor-v1\",\"key\":\"x\"", Files.readString(anchorOf("node1")),
                "left as it is");
        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertNull(result.brokenId());
        assertTrue(result.reason().startsWith("the audit trail cannot be verified: this node's audit anchor "
                + anchorOf("node1").toAbsolutePath() + " is damaged"), result.reason());
        assertEquals(1, dsl().fetchCount(AUDIT_KEY));
    }
}
