package org.opsconsole.audit.internal;

import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;
import static org.opsconsole.audit.internal.schema.Tables.AUDIT_HEAD;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Result;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.opsconsole.audit.internal.schema.tables.records.AuditHeadRecord;
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
 * <p>Also what the auditor's servlets use: the records that match a query, newest first, a page at a time or all
 * of them for an export, and {@link #verify()}, which checks the whole chain and names the first broken record.
 * Thread-safe; several console nodes may append to one database.
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

    /** Records read at a time when verifying or exporting. */
    static final int BATCH = 1000;

    /** How often verifying catches up with records appended while it ran before it gives up on reaching the head. */
    private static final int CATCH_UP_ROUNDS = 100;

    private final Database database;
    private final Clock clock;
    private final int batch;

    @Activate
    public AuditTrail(@Reference Database database) {
        this(database, Clock.systemUTC(), BATCH);
    }

    AuditTrail(Database database, Clock clock, int batch) {
        this.database = database;
        this.clock = clock;
        this.batch = batch;
    }

    /**
     * Appends a record, in its own transaction: locks the head, chains the record to the newest one, moves the
     * head to it. Texts longer than their column are cut.
     */
    @Override
    public void record(AuditEvent event) {
        database.transaction(transaction -> {
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
            dsl.update(AUDIT_HEAD)
                    .set(AUDIT_HEAD.LAST_ID, id)
                    .set(AUDIT_HEAD.LAST_HASH, record.getHash())
                    .where(AUDIT_HEAD.ID.eq(HEAD))
                    .execute();
        });
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
     * head names. Records appended while it runs are checked too.
     *
     * @return ok, or the first broken record and what is wrong with it
     */
    VerifyResult verify() {
        VerifyResult result = scan(database.dsl());
        if (!result.ok()) {
            LOG.warn("The audit trail is broken: {} ({} records checked before)", result.reason(), result.checked());
        }
        return result;
    }

    private VerifyResult scan(DSLContext dsl) {
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
                        return VerifyResult.changed(checked, record.getId());
                    }
                    if (!record.getPrevHash().equals(expectedPrev)) {
                        return brokenLink(dsl, checked, record, previousId);
                    }
                    expectedPrev = record.getHash();
                    previousId = record.getId();
                    firstId = firstId == 0 ? previousId : firstId;
                    checked++;
                }
            } while (rows.size() == batch);

            AuditHeadRecord head = dsl.selectFrom(AUDIT_HEAD).where(AUDIT_HEAD.ID.eq(HEAD)).fetchOne();
            if (head == null) {
                return VerifyResult.headChanged(checked, previousId);
            }
            if (head.getLastId() == null) {
                return previousId == 0 ? VerifyResult.intact(0) : VerifyResult.addedOutside(0, firstId);
            }
            long headId = head.getLastId();
            if (headId == previousId) {
                // the newest record is self-consistent but differs from what was appended: changed and hashed anew
                return head.getLastHash().equals(expectedPrev) ? VerifyResult.intact(checked)
                        : VerifyResult.changed(checked - 1, previousId);
            }
            if (headId > previousId) {
                if (round < CATCH_UP_ROUNDS && dsl.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ID.gt(previousId))) {
                    continue; // appended while the scan ran
                }
                return VerifyResult.newestRemoved(checked, previousId, headId);
            }
            // the head is behind the newest record: those after it were written around the trail, or the head was moved
            String hashAtHead = dsl.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.eq(headId)).fetchOne(AUDIT_EVENT.HASH);
            if (head.getLastHash().equals(hashAtHead)) {
                long firstAfter = dsl.select(DSL.min(AUDIT_EVENT.ID)).from(AUDIT_EVENT).where(AUDIT_EVENT.ID.gt(headId))
                        .fetchOne(0, Long.class);
                long before = dsl.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ID.le(headId));
                return VerifyResult.addedOutside(before, firstAfter);
            }
            return VerifyResult.headChanged(checked, previousId);
        }
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
