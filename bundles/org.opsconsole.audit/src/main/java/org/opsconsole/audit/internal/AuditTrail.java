package org.opsconsole.audit.internal;

import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_HEAD;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_KEY;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.audit.internal.AnchorFile.Anchor;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.audit.internal.schema.tables.records.AuditHeadRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's {@link AuditLog}: records in the table {@code audit_event}, each carrying the SHA-256 hash of the
 * record before it ({@link ChainHash}), appended one at a time under a lock on the one row of {@code audit_head},
 * which always names the newest record. Records are only ever added: nothing here, nor anywhere in the console,
 * changes or removes one.
 *
 * <p>The hashes are unkeyed, so that an export can be checked with other tools; the head is therefore also sealed:
 * every append sets {@code audit_head.seal} to the HMAC of the head under the trail's own key ({@link SealingKey},
 * made by the first append that seals and stored sealed with the installation's master key), so that someone who can
 * write to the database, but has not the master key, cannot rewrite the chain and move the head unnoticed. After
 * each sealed append the node also records what it left in its own data folder ({@link AnchorFile}), so that moving
 * the head back to an older sealed state, or removing the key, is noticed too. An append never seals a head whose
 * seal was broken (or removed) outside the console: the break stays visible.
 *
 * <p>Also what the auditor's servlets use: the records that match a query, newest first, a page at a time or all
 * of them for an export, and {@link #verify()}, which checks the whole chain, the head's seal and this node's anchor,
 * and names the first thing broken. Thread-safe; several console nodes may append to one database.
 */
@Component(service = {AuditLog.class, AuditTrail.class})
public class AuditTrail implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** The longest texts the columns hold (from the migration script); longer input is cut, marked with an ellipsis. */
    static final int ACTOR_LENGTH = AUDIT_EVENT.ACTOR.getDataType().length();
    static final int SOURCE_LENGTH = AUDIT_EVENT.SOURCE.getDataType().length();
    static final int ACTION_LENGTH = AUDIT_EVENT.ACTION.getDataType().length();
    static final int TARGET_LENGTH = AUDIT_EVENT.TARGET.getDataType().length();
    static final int DETAIL_LENGTH = AUDIT_EVENT.DETAIL.getDataType().length();

    /** The id of the one row of {@code audit_head}. */
    static final int HEAD = 1;

    /** The id of the one row of {@code audit_key}. */
    static final int KEY = 1;

    /** Records read at a time when verifying or exporting. */
    static final int BATCH = 1000;

    /** The framework property naming the data folder, which holds {@code state/audit-anchor.json}. */
    static final String DATA_PROPERTY = "opsconsole.data";

    /** How often verifying catches up with records appended while it ran before it gives up on reaching the head. */
    private static final int CATCH_UP_ROUNDS = 100;

    private final Database database;
    private final SecretBox secrets;
    private final AnchorFile anchor;
    private final Clock clock;
    private final int batch;
    private final SecureRandom random = new SecureRandom();

    /** The key last opened, kept so that it is opened once; replaced when the database holds another one. */
    private volatile SealingKey key;

    /** Whether the last append left the head unsealed or this node's anchor behind, so that it is logged once. */
    private volatile boolean warnedUnsealed;
    private volatile boolean warnedAnchor;

    @Activate
    public AuditTrail(@Reference Database database, @Reference SecretBox secrets, BundleContext context) {
        this(database, secrets, anchorFile(context.getProperty(DATA_PROPERTY)), Clock.systemUTC(), BATCH);
    }

    AuditTrail(Database database, SecretBox secrets, Path anchorFile, Clock clock, int batch) {
        this.database = database;
        this.secrets = secrets;
        this.anchor = new AnchorFile(anchorFile);
        this.clock = clock;
        this.batch = batch;
    }

    /** Where a node keeps its anchor: {@code <data>/state/audit-anchor.json}. */
    static Path anchorFile(String data) {
        return Path.of(data == null || data.isBlank() ? "data" : data.trim(), "state", "audit-anchor.json");
    }

    /** What an append did, for anchoring it once it is committed. */
    private record Appended(long id, String hash, long previousId, String previousHash, SealingKey key, String seal) {
    }

    /**
     * Appends a record, in its own transaction: locks the head, chains the record to the newest one, moves the
     * head to it and seals it (making the trail's key if there is none yet). Texts longer than their column are cut.
     * Once committed, this node's anchor is moved to the record.
     */
    @Override
    public void record(AuditEvent event) {
        Appended appended = database.transactionResult(transaction -> {
            DSLContext dsl = transaction.dsl();
            AuditHeadRecord head = dsl.selectFrom(AUDIT_HEAD).where(AUDIT_HEAD.ID.eq(HEAD)).forUpdate().fetchOne();
            if (head == null) {
                throw new IllegalStateException("the audit trail cannot record: the row of audit_head is missing, "
                        + "the table was changed outside the console");
            }
            // the time is taken under the lock, so that on one node the times follow the chain's order
            AuditEventRecord record = new AuditEventRecord();
            record.setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            record.setActor(fit(event.actor(), ACTOR_LENGTH));
            record.setSource(fit(event.source(), SOURCE_LENGTH));
            record.setAction(fit(event.action(), ACTION_LENGTH));
            record.setTarget(fit(event.target(), TARGET_LENGTH));
            record.setOutcome(event.outcome().name());
            record.setDetail(fit(event.detail(), DETAIL_LENGTH));
            record.setPrevHash(head.getLastHash() == null ? ChainHash.GENESIS : head.getLastHash());
            record.setHash(hashOf(record));
            Long id = dsl.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.OCCURRED_AT, record.getOccurredAt())
                    .set(AUDIT_EVENT.ACTOR, record.getActor())
                    .set(AUDIT_EVENT.SOURCE, record.getSource())
                    .set(AUDIT_EVENT.ACTION, record.getAction())
                    .set(AUDIT_EVENT.TARGET, record.getTarget())
                    .set(AUDIT_EVENT.OUTCOME, record.getOutcome())
                    .set(AUDIT_EVENT.DETAIL, record.getDetail())
                    .set(AUDIT_EVENT.PREV_HASH, record.getPrevHash())
                    .set(AUDIT_EVENT.HASH, record.getHash())
                    .returningResult(AUDIT_EVENT.ID)
                    .fetchOne(AUDIT_EVENT.ID);
            SealingKey sealing = sealingKey(dsl, head);
            String seal = sealing == null ? head.getSeal() : sealing.seal(id, record.getHash());
            dsl.update(AUDIT_HEAD)
                    .set(AUDIT_HEAD.LAST_ID, id)
                    .set(AUDIT_HEAD.LAST_HASH, record.getHash())
                    .set(AUDIT_HEAD.SEAL, seal)
                    .where(AUDIT_HEAD.ID.eq(HEAD))
                    .execute();
            return new Appended(id, record.getHash(), head.getLastId() == null ? 0 : head.getLastId(),
                    head.getLastHash(), sealing, seal);
        });
        if (appended.key() != null) {
            anchor(appended);
        }
    }

    /**
     * The key to seal the head with after this append, under the head's lock: the trail's key when the head it
     * extends is validly sealed with it, or a new key when the trail has none yet (a new trail, or one written
     * before sealing). Null when the head must stay as it is: its seal was broken or removed outside the console,
     * or the key does not open; the head is then moved without a valid seal, so verifying keeps finding it.
     */
    private SealingKey sealingKey(DSLContext dsl, AuditHeadRecord head) {
        String stored = dsl.select(AUDIT_KEY.SEALED_KEY).from(AUDIT_KEY).where(AUDIT_KEY.ID.eq(KEY)).fetchOne(AUDIT_KEY.SEALED_KEY);
        try {
            if (stored == null) {
                Anchor anchored = anchorOrNull();
                if (head.getSeal() != null || anchored != null) {
                    // the trail was sealed before: a new key would seal over whatever was done
                    return unsealed("the key that seals it was removed from audit_key");
                }
                return createKey(dsl);
            }
            SealingKey current = opened(stored);
            if (head.getLastId() == null || head.getSeal() == null) {
                // a key exists, so the trail was sealed before: the head's seal (or the head) was reset
                return unsealed("the head has no seal, though the trail was sealed before");
            }
            if (!current.seals(head.getSeal(), head.getLastId(), head.getLastHash())) {
                return unsealed("the head's seal does not match record " + head.getLastId());
            }
            warnedUnsealed = false;
            return current;
        } catch (IllegalArgumentException e) {
            return unsealed("the key in audit_key does not open with this installation's master key (" + e.getMessage() + ")");
        }
    }

    private SealingKey unsealed(String why) {
        if (!warnedUnsealed) {
            warnedUnsealed = true;
            LOG.error("The audit trail was changed outside the console: {}. Records are still appended, but the head is not"
                    + " sealed again, so that verifying keeps reporting it", why);
        }
        return null;
    }

    /** This node's anchor, or null when it has none or it cannot be read (verifying says so). */
    private Anchor anchorOrNull() {
        try {
            return anchor.read();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * Makes the trail's key: inserted by its primary key, so that of two nodes making one at once, one succeeds and
     * the other reads and uses that node's key.
     *
     * @return the key the trail has now
     * @throws IllegalArgumentException when the other node's key does not open
     */
    SealingKey createKey(DSLContext dsl) {
        SealingKey created = SealingKey.create(random, secrets);
        try {
            dsl.insertInto(AUDIT_KEY).set(AUDIT_KEY.ID, KEY).set(AUDIT_KEY.SEALED_KEY, created.sealed()).execute();
        } catch (DataAccessException e) {
            if (e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                throw e;
            }
            // a locking read: it sees the other node's committed row, whatever this transaction read before
            String theirs = dsl.select(AUDIT_KEY.SEALED_KEY).from(AUDIT_KEY).where(AUDIT_KEY.ID.eq(KEY)).forUpdate()
                    .fetchOne(AUDIT_KEY.SEALED_KEY);
            if (theirs == null) {
                throw e;
            }
            return opened(theirs);
        }
        LOG.info("The audit trail's head is sealed from now on, with a new key (fingerprint {})",
                SealingKey.shortFingerprint(created.fingerprint()));
        key = created;
        return created;
    }

    /** The key a stored text opens to, opened once and kept. */
    private SealingKey opened(String stored) {
        SealingKey known = key;
        if (known != null && known.sealed().equals(stored)) {
            return known;
        }
        SealingKey opened = SealingKey.open(stored, secrets);
        key = opened;
        return opened;
    }

    /**
     * Moves this node's anchor to a committed, sealed append: when the node has none yet, or when the append continues
     * the trail the anchor names (same key, the anchored record still there with its hash, the head not moved back
     * before it). Otherwise the anchor stays where it is, so that verifying keeps naming what was done. A failure to
     * write it is logged: the record is stored all the same.
     */
    private void anchor(Appended appended) {
        Anchor next = new Anchor(appended.key().fingerprint(), appended.id(), appended.hash(), appended.seal());
        try {
            while (true) {
                Anchor current = anchor.read();
                if (current != null) {
                    if (current.key().equals(next.key()) && appended.id() <= current.lastId()) {
                        return; // an append of this node that committed before the anchored one
                    }
                    String broken = discontinuity(current, appended);
                    if (broken != null) {
                        if (!warnedAnchor) {
                            warnedAnchor = true;
                            LOG.error("The audit trail was changed outside the console: {}. This node's anchor {} stays at"
                                    + " record {}, so that verifying keeps reporting it", broken, anchor.file(), current.lastId());
                        }
                        return;
                    }
                }
                if (anchor.replace(current, next)) {
                    warnedAnchor = false;
                    return;
                }
                // another append of this node moved the anchor meanwhile: look again
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("This node's audit anchor {} could not be moved to record {}: {}", anchor.file(), appended.id(),
                    e.getMessage(), e);
        }
    }

    /** Why an append (later than the anchored one) does not continue the trail an anchor names; null when it does. */
    private String discontinuity(Anchor current, Appended appended) {
        if (!current.key().equals(appended.key().fingerprint())) {
            return "the key that seals it was replaced (key " + SealingKey.shortFingerprint(current.key()) + " is now "
                    + SealingKey.shortFingerprint(appended.key().fingerprint()) + ")";
        }
        if (appended.previousId() < current.lastId()) {
            return "its head was moved back before record " + current.lastId() + ", which this node appended";
        }
        if (appended.previousId() == current.lastId() && current.lastHash().equals(appended.previousHash())) {
            return null;
        }
        String hash = database.dsl().select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.eq(current.lastId()))
                .fetchOne(AUDIT_EVENT.HASH);
        if (!current.lastHash().equals(hash)) {
            return "record " + current.lastId() + ", which this node appended, was " + (hash == null ? "removed" : "replaced");
        }
        return null;
    }

    /** A page of records. */
    record EventPage(long total, int page, int size, List<AuditEventRecord> events) {
    }

    /**
     * @return the query's page of matching records, newest first, and how many match in all
     */
    EventPage find(EventQuery query) {
        DSLContext dsl = database.dsl();
        Condition where = where(query);
        int total = dsl.fetchCount(AUDIT_EVENT, where);
        List<AuditEventRecord> events = dsl.selectFrom(AUDIT_EVENT)
                .where(where)
                .orderBy(newestFirst())
                .limit(query.size())
                .offset((long) query.page() * query.size())
                .fetch();
        return new EventPage(total, query.page(), query.size(), events);
    }

    /**
     * Hands every record matching the query's filters (its paging is ignored) to {@code each}, newest first, read
     * {@value #BATCH} at a time.
     *
     * @return how many records were handed over
     */
    long export(EventQuery query, Consumer<AuditEventRecord> each) {
        DSLContext dsl = database.dsl();
        Condition where = where(query);
        long count = 0;
        AuditEventRecord last = null;
        while (true) {
            Condition after = last == null ? DSL.noCondition()
                    : DSL.row(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID).lt(last.getOccurredAt(), last.getId());
            Result<AuditEventRecord> rows = dsl.selectFrom(AUDIT_EVENT)
                    .where(where).and(after)
                    .orderBy(newestFirst())
                    .limit(batch)
                    .fetch();
            for (AuditEventRecord record : rows) {
                each.accept(record);
                count++;
            }
            if (rows.size() < batch) {
                return count;
            }
            last = rows.get(rows.size() - 1);
        }
    }

    /**
     * Checks the whole chain, oldest first, {@value #BATCH} records at a time: that each record still has the hash
     * of what it holds, that it carries the hash of the record before it, and that the newest one is the one the
     * head names. Records appended while it runs are checked too. Then the head's seal: that it is the seal of the
     * head under the trail's key, that the key is the one this node sealed with, and that the record this node
     * appended last is still there with its hash and the head not behind it. A trail written before sealing, with no
     * key yet, is intact but said to be not yet sealed.
     *
     * @return ok, or the first broken record (or the key, or this node's anchor) and what is wrong
     */
    VerifyResult verify() {
        // the anchor first: it only ever names what was committed before, so the database read after is never behind it
        Anchor anchored;
        try {
            anchored = anchor.read();
        } catch (IllegalStateException e) {
            // what this node knows of the trail is gone: the trail cannot be vouched for, which is what verifying answers
            LOG.warn("The audit trail cannot be verified: {}", e.getMessage());
            return VerifyResult.anchorUnreadable(e.getMessage());
        }
        DSLContext dsl = database.dsl();
        Scanned scanned = scan(dsl);
        VerifyResult result = scanned.head() == null ? scanned.result() : sealCheck(dsl, scanned, anchored);
        if (!result.ok()) {
            LOG.warn("The audit trail is broken: {} ({} records checked before)", result.reason(), result.checked());
        }
        return result;
    }

    /** The head as verifying reads it, with the trail's key, in one statement so that they are seen as of one moment. */
    private record HeadState(Long lastId, String lastHash, String seal, String storedKey) {
    }

    /** What the chain's scan found; the head it ended at when the chain is intact, else null. */
    private record Scanned(VerifyResult result, HeadState head) {
    }

    private Scanned scan(DSLContext dsl) {
        String expectedPrev = ChainHash.GENESIS;
        long previousId = 0;
        long firstId = 0;
        long checked = 0;
        for (int round = 0; ; round++) {
            Result<AuditEventRecord> rows;
            do {
                rows = dsl.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.ID.gt(previousId)).orderBy(AUDIT_EVENT.ID).limit(batch).fetch();
                for (AuditEventRecord record : rows) {
                    if (!hashOf(record).equals(record.getHash())) {
                        return broken(VerifyResult.changed(checked, record.getId()));
                    }
                    if (!record.getPrevHash().equals(expectedPrev)) {
                        return broken(brokenLink(dsl, checked, record, previousId));
                    }
                    expectedPrev = record.getHash();
                    previousId = record.getId();
                    firstId = firstId == 0 ? previousId : firstId;
                    checked++;
                }
            } while (rows.size() == batch);

            Record4<Long, String, String, String> headRow = dsl
                    .select(AUDIT_HEAD.LAST_ID, AUDIT_HEAD.LAST_HASH, AUDIT_HEAD.SEAL, AUDIT_KEY.SEALED_KEY)
                    .from(AUDIT_HEAD).leftJoin(AUDIT_KEY).on(AUDIT_KEY.ID.eq(KEY))
                    .where(AUDIT_HEAD.ID.eq(HEAD))
                    .fetchOne();
            if (headRow == null) {
                return broken(VerifyResult.headChanged(checked, previousId));
            }
            HeadState head = new HeadState(headRow.value1(), headRow.value2(), headRow.value3(), headRow.value4());
            if (head.lastId() == null) {
                return previousId == 0 ? new Scanned(VerifyResult.intact(0), head) : broken(VerifyResult.addedOutside(0, firstId));
            }
            long headId = head.lastId();
            if (headId == previousId) {
                // the newest record is self-consistent but differs from what was appended: changed and hashed anew
                return head.lastHash().equals(expectedPrev) ? new Scanned(VerifyResult.intact(checked), head)
                        : broken(VerifyResult.changed(checked - 1, previousId));
            }
            if (headId > previousId) {
                if (round < CATCH_UP_ROUNDS && dsl.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ID.gt(previousId))) {
                    continue; // appended while the scan ran
                }
                return broken(VerifyResult.newestRemoved(checked, previousId, headId));
            }
            // the head is behind the newest record: those after it were written around the trail, or the head was moved
            String hashAtHead = dsl.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.eq(headId)).fetchOne(AUDIT_EVENT.HASH);
            if (head.lastHash().equals(hashAtHead)) {
                long firstAfter = dsl.select(DSL.min(AUDIT_EVENT.ID)).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.gt(headId))
                        .fetchOne(0, Long.class);
                long before = dsl.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ID.le(headId));
                return broken(VerifyResult.addedOutside(before, firstAfter));
            }
            return broken(VerifyResult.headChanged(checked, previousId));
        }
    }

    private static Scanned broken(VerifyResult result) {
        return new Scanned(result, null);
    }

    /**
     * Checks the seal of a head the chain ends at, the trail's key, and this node's anchor ({@code anchored}, null when
     * the node has none).
     */
    private VerifyResult sealCheck(DSLContext dsl, Scanned scanned, Anchor anchored) {
        long checked = scanned.result().checked();
        HeadState head = scanned.head();
        SealingKey trailKey = null;
        if (head.storedKey() != null) {
            try {
                trailKey = opened(head.storedKey());
            } catch (IllegalArgumentException e) {
                LOG.warn("The audit trail's key does not open: {}", e.getMessage());
                return VerifyResult.keyUnreadable(checked);
            }
        }
        if (anchored != null && trailKey == null) {
            return VerifyResult.keyRemoved(checked, anchored.key());
        }
        if (anchored != null && !anchored.key().equals(trailKey.fingerprint())) {
            return VerifyResult.keyReplaced(checked, anchored.key(), trailKey.fingerprint());
        }
        if (trailKey == null) {
            if (head.seal() != null) {
                return VerifyResult.keyRemoved(checked, null);
            }
            return head.lastId() == null ? VerifyResult.intact(0) : VerifyResult.unsealed(checked);
        }
        if (head.lastId() == null) {
            return anchored != null ? VerifyResult.behindAnchor(checked, 0, anchored.lastId()) : VerifyResult.emptied(checked);
        }
        if (head.seal() == null) {
            return VerifyResult.sealRemoved(checked, head.lastId());
        }
        if (!trailKey.seals(head.seal(), head.lastId(), head.lastHash())) {
            return VerifyResult.sealMismatch(checked, head.lastId());
        }
        if (anchored != null) {
            if (head.lastId() < anchored.lastId()) {
                return VerifyResult.behindAnchor(checked, head.lastId(), anchored.lastId());
            }
            String hash = dsl.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.eq(anchored.lastId()))
                    .fetchOne(AUDIT_EVENT.HASH);
            if (hash == null) {
                return VerifyResult.anchorMissing(checked, anchored.lastId());
            }
            if (!hash.equals(anchored.lastHash())) {
                return VerifyResult.anchorReplaced(checked, anchored.lastId());
            }
        }
        return VerifyResult.intact(checked);
    }

    /**
     * Says why a record whose own hash is right does not carry the hash of the record before it: a record is
     * missing in between, it sits before a record it was appended after, it follows another record than the one
     * before it or none at all (two records appended after the same one: one went around the trail's lock), or the
     * record before it was changed and hashed anew.
     */
    private static VerifyResult brokenLink(DSLContext dsl, long checked, AuditEventRecord record, long previousId) {
        if (record.getPrevHash().equals(ChainHash.GENESIS)) {
            return VerifyResult.restarted(checked, record.getId(), previousId);
        }
        Long chainedAfter = dsl.select(AUDIT_EVENT.ID).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.HASH.eq(record.getPrevHash()))
                .orderBy(AUDIT_EVENT.ID).limit(1)
                .fetchOne(AUDIT_EVENT.ID);
        long id = record.getId();
        if (chainedAfter == null) {
            if (id > previousId + 1) {
                return VerifyResult.missing(checked, previousId + 1, id - 1, id);
            }
            return previousId == 0 ? VerifyResult.changed(checked, id) : VerifyResult.changed(checked - 1, previousId);
        }
        if (chainedAfter > id) {
            return VerifyResult.outOfOrder(checked, id, chainedAfter);
        }
        return VerifyResult.outOfPlace(checked, id, previousId, chainedAfter);
    }

    static String hashOf(AuditEventRecord record) {
        return ChainHash.of(record.getPrevHash(), record.getOccurredAt().toEpochMilli(), record.getActor(),
                record.getSource(), record.getAction(), record.getTarget(), record.getOutcome(), record.getDetail());
    }

    private static Condition where(EventQuery query) {
        Condition where = DSL.noCondition();
        if (query.from() != null) {
            where = where.and(AUDIT_EVENT.OCCURRED_AT.ge(query.from()));
        }
        if (query.to() != null) {
            where = where.and(AUDIT_EVENT.OCCURRED_AT.lt(query.to()));
        }
        if (query.user() != null) {
            where = where.and(matches(AUDIT_EVENT.ACTOR, query.user(), query.userPrefix()));
        }
        if (query.action() != null) {
            where = where.and(matches(AUDIT_EVENT.ACTION, query.action(), query.actionPrefix()));
        }
        if (query.outcome() != null) {
            where = where.and(AUDIT_EVENT.OUTCOME.eq(query.outcome().name()));
        }
        return where;
    }

    private static Condition matches(Field<String> field, String value, boolean prefix) {
        return prefix ? field.like(DSL.escape(value, '!') + "%", '!') : field.eq(value);
    }

    private static List<SortField<?>> newestFirst() {
        return List.of(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc());
    }

    /**
     * Makes a text fit its column: at most {@code length} UTF-16 units (so at most as many characters on H2 and on
     * MySQL), not cutting a character in two, the cut marked with an ellipsis; a lone surrogate, which MySQL would
     * not store as it is, becomes U+FFFD. What is stored is what is hashed.
     */
    static String fit(String text, int length) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), length + 1));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else {
                clean.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
            if (clean.length() > length) {
                break;
            }
        }
        if (clean.length() <= length) {
            return clean.toString();
        }
        int cut = length - 1;
        if (Character.isHighSurrogate(clean.charAt(cut - 1))) {
            cut--; // keep the pair whole
        }
        return clean.substring(0, cut) + "…";
    }

}
