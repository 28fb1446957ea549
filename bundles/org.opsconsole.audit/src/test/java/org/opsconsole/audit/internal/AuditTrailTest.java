package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.audit.internal.TestTrails.append;
import static org.opsconsole.audit.internal.TestTrails.event;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_HEAD;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/** The audit trail on H2 and on MySQL/MariaDB: appending, the chain, tampering found by verifying, queries. */
class AuditTrailTest {

    private static final Instant START = Instant.parse("2026-11-26T01:00:00.123Z");

    private TestDatabases.Target target;

    /** The node's data folder, which holds its anchor of the trail. */
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

    private AuditTrail trail(String kind) throws Exception {
        return trail(kind, AuditTrail.BATCH);
    }

    private AuditTrail trail(String kind, int batch) throws Exception {
        target = TestDatabases.create(kind, "audit");
        return new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                new StepClock(START, Duration.ofSeconds(1)), batch);
    }


    private List<AuditEventRecord> rows() {
        return TestTrails.rows(target.dsl());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anEmptyTrailIsIntact(String kind) throws Exception {
        AuditTrail trail = trail(kind);

        assertEquals(VerifyResult.intact(0), trail.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void appendedRecordsAreChainedFromZerosToTheHeadAndVerifyIntact(String kind) throws Exception {
        AuditTrail trail = trail(kind);

        append(trail, 5);

        List<AuditEventRecord> rows = rows();
        assertEquals(5, rows.size());
        assertEquals(ChainHash.GENESIS, rows.get(0).getPrevHash());
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(i - 1).getHash(), rows.get(i).getPrevHash(), "record " + rows.get(i).getId());
        }
        AuditEventRecord third = rows.get(2);
        assertEquals("user0", third.getActor());
        assertEquals("10.0.0.3", third.getSource());
        assertEquals("test.act1", third.getAction());
        assertEquals("target 3", third.getTarget());
        assertEquals("SUCCESS", third.getOutcome());
        assertEquals("detail 3", third.getDetail());
        assertEquals(START.plusSeconds(2), third.getOccurredAt(), "milliseconds are kept");
        var head = target.dsl().selectFrom(AUDIT_HEAD).fetchSingle();
        assertEquals(rows.get(4).getId(), head.getLastId());
        assertEquals(rows.get(4).getHash(), head.getLastHash());
        assertEquals(VerifyResult.intact(5), trail.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDetailChangedInTheDatabaseNamesThatRecord(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        long third = rows().get(2).getId();

        target.dsl().execute("update audit_event set detail = ? where id = ?", "nothing happened", third);

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(third, result.brokenId());
        assertEquals("record " + third + " was changed", result.reason());
        assertEquals("第 " + third + " 条记录被修改", result.reasonZh());
        assertEquals(2, result.checked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRecordChangedAndHashedAnewIsNamedByTheNextRecord(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        AuditEventRecord second = rows().get(1);
        second.setActor("someone else");

        target.dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.ACTOR, second.getActor()).set(AUDIT_EVENT.HASH, AuditTrail.hashOf(second))
                .where(AUDIT_EVENT.ID.eq(second.getId())).execute();

        VerifyResult result = trail.verify();
        assertEquals(second.getId(), result.brokenId());
        assertEquals("record " + second.getId() + " was changed", result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDeletedMiddleRecordIsNamedAsMissing(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        long third = rows().get(2).getId();

        target.dsl().execute("delete from audit_event where id = ?", third);

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(third, result.brokenId());
        assertEquals("record " + third + " is missing before record " + (third + 1), result.reason());
        assertEquals("第 " + (third + 1) + " 条记录之前缺少第 " + third + " 条记录", result.reasonZh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void severalDeletedRecordsAreNamedAsARange(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 6);
        long first = rows().get(0).getId();

        target.dsl().execute("delete from audit_event where id between ? and ?", first, first + 2);

        VerifyResult result = trail.verify();
        assertEquals(first, result.brokenId());
        assertEquals("records " + first + " to " + (first + 2) + " are missing before record " + (first + 3), result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoRecordsWithSwappedContentsAreFoundOutOfOrder(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        List<AuditEventRecord> rows = rows();
        AuditEventRecord second = rows.get(1);
        AuditEventRecord third = rows.get(2);

        swap(target.dsl(), second, third);

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(second.getId(), result.brokenId());
        assertEquals("records " + second.getId() + " and " + third.getId() + " are out of order", result.reason());
        assertEquals(1, result.checked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoRecordsWithSwappedTimesAreFoundChanged(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        List<AuditEventRecord> rows = rows();
        AuditEventRecord second = rows.get(1);
        AuditEventRecord third = rows.get(2);

        target.dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.OCCURRED_AT, third.getOccurredAt()).where(AUDIT_EVENT.ID.eq(second.getId())).execute();
        target.dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.OCCURRED_AT, second.getOccurredAt()).where(AUDIT_EVENT.ID.eq(third.getId())).execute();

        VerifyResult result = trail.verify();
        assertEquals(second.getId(), result.brokenId());
        assertEquals("record " + second.getId() + " was changed", result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void deletingTheNewestRecordsIsFoundThroughTheHead(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 5);
        long third = rows().get(2).getId();

        target.dsl().execute("delete from audit_event where id > ?", third);

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(third + 1, result.brokenId());
        assertEquals("the newest records after " + third + " were removed", result.reason());
        assertEquals(3, result.checked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void deletingEveryRecordIsFoundThroughTheHead(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 3);
        long newest = rows().get(2).getId();

        target.dsl().execute("delete from audit_event");

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals("all records up to " + newest + " were removed", result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theNewestRecordChangedAndHashedAnewIsFoundThroughTheHead(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 4);
        AuditEventRecord newest = rows().get(3);
        newest.setOutcome("DENIED");

        target.dsl().update(AUDIT_EVENT).set(AUDIT_EVENT.OUTCOME, newest.getOutcome()).set(AUDIT_EVENT.HASH, AuditTrail.hashOf(newest))
                .where(AUDIT_EVENT.ID.eq(newest.getId())).execute();

        VerifyResult result = trail.verify();
        assertEquals(newest.getId(), result.brokenId());
        assertEquals("record " + newest.getId() + " was changed", result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRecordInsertedAroundTheTrailIsFound(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 3);
        AuditEventRecord forged = rows().get(2).copy();
        forged.setPrevHash(rows().get(2).getHash());
        forged.setDetail("forged");
        forged.setHash(AuditTrail.hashOf(forged));

        long id = target.dsl().insertInto(AUDIT_EVENT).set(forged).returningResult(AUDIT_EVENT.ID).fetchOne(AUDIT_EVENT.ID);

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertEquals(id, result.brokenId());
        assertEquals("record " + id + " was not appended through the audit trail", result.reason());
        assertEquals(3, result.checked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRecordFollowingTheSameRecordAsItsPredecessorIsFound(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 2);
        List<AuditEventRecord> rows = rows();
        // as two nodes would write without the lock: both after the first record
        AuditEventRecord twin = rows.get(1).copy();
        twin.setPrevHash(rows.get(0).getPrevHash());
        twin.setHash(AuditTrail.hashOf(twin));
        long id = target.dsl().insertInto(AUDIT_EVENT).set(twin).returningResult(AUDIT_EVENT.ID).fetchOne(AUDIT_EVENT.ID);
        AuditEventRecord other = rows.get(1).copy();
        other.setPrevHash(rows.get(0).getHash());
        other.setDetail("second after the first");
        other.setHash(AuditTrail.hashOf(other));
        long otherId = target.dsl().insertInto(AUDIT_EVENT).set(other).returningResult(AUDIT_EVENT.ID).fetchOne(AUDIT_EVENT.ID);

        VerifyResult result = trail.verify();
        assertEquals(id, result.brokenId());
        assertEquals("record " + id + " does not follow record " + rows.get(1).getId() + " (it starts a chain of its own)",
                result.reason());

        target.dsl().execute("delete from audit_event where id = ?", id);
        VerifyResult second = trail.verify();
        assertEquals(otherId, second.brokenId());
        assertEquals("record " + otherId + " does not follow record " + rows.get(1).getId() + " (it was appended after record "
                + rows.get(0).getId() + ")", second.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRemovedHeadIsFound(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        append(trail, 2);

        target.dsl().execute("delete from audit_head");

        VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertTrue(result.reason().startsWith("the head of the audit trail was changed"), result.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void verifyingReadsInBatchesAndFindsTamperingInALaterBatch(String kind) throws Exception {
        AuditTrail trail = trail(kind, 3);
        append(trail, 10);
        assertEquals(VerifyResult.intact(10), trail.verify());
        long eighth = rows().get(7).getId();

        target.dsl().execute("update audit_event set target = ? where id = ?", "elsewhere", eighth);

        VerifyResult result = trail.verify();
        assertEquals(eighth, result.brokenId());
        assertEquals(7, result.checked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eightThreadsAppendingAtOnceKeepOneUnbrokenChain(String kind) throws Exception {
        AuditTrail trail = trail(kind, 64);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(() -> {
                    for (int n = 0; n < 50; n++) {
                        trail.record(new AuditEvent("thread" + thread, "test", "test.concurrent", String.valueOf(n),
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

        assertEquals(400, target.dsl().fetchCount(AUDIT_EVENT));
        assertEquals(VerifyResult.intact(400), trail.verify());
        assertEquals(400, target.dsl().fetchValue(DSL.select(DSL.countDistinct(AUDIT_EVENT.PREV_HASH)).from(AUDIT_EVENT)),
                "no two records follow the same one");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void chineseEmojiAndOverlongTextsAreStoredAsHashedAndVerify(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        String longDetail = "缴款书".repeat(2000);
        String brokenSurrogate = "bad \uD800 surrogate";

        trail.record(new AuditEvent("审计员", "::1", "audit.export", "非税收入 😀", Outcome.DENIED, longDetail));
        trail.record(new AuditEvent("x".repeat(500), "", "a".repeat(300), brokenSurrogate, Outcome.FAILURE, null));

        List<AuditEventRecord> rows = rows();
        assertEquals("审计员", rows.get(0).getActor());
        assertEquals("非税收入 😀", rows.get(0).getTarget());
        assertEquals(AuditTrail.DETAIL_LENGTH, rows.get(0).getDetail().length());
        assertTrue(rows.get(0).getDetail().endsWith("…"));
        assertEquals(AuditTrail.ACTOR_LENGTH, rows.get(1).getActor().length());
        assertEquals(AuditTrail.ACTION_LENGTH, rows.get(1).getAction().length());
        assertEquals("bad \uFFFD surrogate", rows.get(1).getTarget());
        assertEquals("", rows.get(1).getDetail());
        assertEquals(VerifyResult.intact(2), trail.verify());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTimeInTheJvmsDaylightSavingGapReadsBackUnchanged(String kind) throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            target = TestDatabases.create(kind, "audit");
            // 02:30 UTC as a wall-clock time does not exist in Berlin on 2026-03-29 (02:00 jumps to 03:00)
            Instant inGap = Instant.parse("2026-03-29T02:30:00.456Z");
            AuditTrail trail = new AuditTrail(target.database(), new TestSecretBox(), AuditTrail.anchorFile(data.toString()),
                    new StepClock(inGap, Duration.ZERO), AuditTrail.BATCH);

            trail.record(event(1));

            assertEquals(inGap, rows().get(0).getOccurredAt());
            assertEquals(VerifyResult.intact(1), trail.verify());
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void findFiltersByTimeUserActionAndOutcomeNewestFirstInPages(String kind) throws Exception {
        AuditTrail trail = trail(kind);
        trail.record(new AuditEvent("alice", "10.0.0.1", "login", "alice", Outcome.SUCCESS, ""));
        trail.record(new AuditEvent("bob", "10.0.0.2", "login", "bob", Outcome.DENIED, "bad password"));
        trail.record(new AuditEvent("alice", "10.0.0.1", "security.user.create", "carol", Outcome.SUCCESS, ""));
        trail.record(new AuditEvent("alice", "10.0.0.1", "security.role.grants", "operator", Outcome.FAILURE, ""));
        trail.record(new AuditEvent("alice_2", "10.0.0.3", "logout", "alice_2", Outcome.SUCCESS, ""));

        assertEquals(List.of("logout", "security.role.grants", "security.user.create", "login", "login"),
                actions(trail.find(query(Map.of()))));
        assertEquals(List.of("security.role.grants", "security.user.create", "login"),
                actions(trail.find(query(Map.of("user", "alice")))));
        assertEquals(4, trail.find(query(Map.of("user", "alice*"))).total());
        assertEquals(0, trail.find(query(Map.of("user", "alice%"))).total(), "% is no wildcard");
        assertEquals(0, trail.find(query(Map.of("user", "ALICE"))).total(), "names are compared exactly");
        assertEquals(List.of("security.role.grants", "security.user.create"),
                actions(trail.find(query(Map.of("action", "security.*")))));
        assertEquals(List.of("login"), actions(trail.find(query(Map.of("outcome", "denied")))));
        assertEquals(List.of("security.user.create", "login"), actions(trail.find(query(Map.of(
                "from", START.plusSeconds(1).toString(), "to", START.plusSeconds(3).toString())))));

        AuditTrail.EventPage second = trail.find(query(Map.of("page", "1", "size", "2")));
        assertEquals(5, second.total());
        assertEquals(1, second.page());
        assertEquals(2, second.size());
        assertEquals(List.of("security.user.create", "login"), actions(second));
        assertEquals(List.of(), trail.find(query(Map.of("page", "9", "size", "2"))).events());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void exportHandsOverEveryMatchingRecordNewestFirstAcrossBatches(String kind) throws Exception {
        AuditTrail trail = trail(kind, 3);
        append(trail, 10);
        List<Long> ids = new ArrayList<>();

        long count = trail.export(query(Map.of("size", "1")), record -> ids.add(record.getId()));

        assertEquals(10, count, "paging parameters do not limit an export");
        List<Long> expected = new ArrayList<>(rows().stream().map(AuditEventRecord::getId).toList());
        java.util.Collections.reverse(expected);
        assertEquals(expected, ids);
        assertEquals(4, trail.export(query(Map.of("user", "user1")), record -> { }));
    }

    @Test
    void textsAreCutToTheirColumnWithoutSplittingACharacter() {
        assertEquals("abc", AuditTrail.fit("abc", 3));
        assertEquals("ab…", AuditTrail.fit("abcd", 3));
        assertEquals("a…", AuditTrail.fit("a😀b", 3), "the emoji's two halves stay together or go together");
        assertEquals("a😀", AuditTrail.fit("a😀", 3));
        assertEquals("\uFFFDx", AuditTrail.fit("\uDC00x", 5));
    }

    private static EventQuery query(Map<String, String> parameters) throws EventQuery.InvalidQueryException {
        Map<String, String[]> map = new java.util.HashMap<>();
        parameters.forEach((name, value) -> map.put(name, new String[] {value}));
        return EventQuery.parse(map, java.time.ZoneOffset.UTC);
    }

    private static List<String> actions(AuditTrail.EventPage page) {
        return page.events().stream().map(AuditEventRecord::getAction).toList();
    }

    /** Swaps everything two records hold but their ids. */
    private static void swap(DSLContext dsl, AuditEventRecord a, AuditEventRecord b) {
        for (AuditEventRecord[] pair : new AuditEventRecord[][] {{a, b}, {b, a}}) {
            AuditEventRecord from = pair[1];
            dsl.update(AUDIT_EVENT)
                    .set(AUDIT_EVENT.OCCURRED_AT, from.getOccurredAt())
                    .set(AUDIT_EVENT.ACTOR, from.getActor())
                    .set(AUDIT_EVENT.SOURCE, from.getSource())
                    .set(AUDIT_EVENT.ACTION, from.getAction())
                    .set(AUDIT_EVENT.TARGET, from.getTarget())
                    .set(AUDIT_EVENT.OUTCOME, from.getOutcome())
                    .set(AUDIT_EVENT.DETAIL, from.getDetail())
                    .set(AUDIT_EVENT.PREV_HASH, from.getPrevHash())
                    .set(AUDIT_EVENT.HASH, from.getHash())
                    .where(AUDIT_EVENT.ID.eq(pair[0].getId()))
                    .execute();
        }
    }
}
