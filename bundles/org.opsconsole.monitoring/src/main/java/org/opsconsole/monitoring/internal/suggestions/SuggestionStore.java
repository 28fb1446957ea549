package org.opsconsole.monitoring.internal.suggestions;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SUGGESTION;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringSuggestionRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suggestions in {@code monitoring_suggestion}: storing a computation's findings (a finding already stored
 * updates its row and keeps its first time and its dismissal; what is no longer found becomes inactive), listing
 * them, and dismissing and restoring them. Thread-safe: each method is one statement or one transaction; findings are
 * stored by one job at a time.
 */
public final class SuggestionStore {

    /** Longest dismissal reason. */
    public static final int MAX_REASON = MONITORING_SUGGESTION.DISMISSED_REASON.getDataType().length();
    /** Longest user name. */
    public static final int MAX_USER = MONITORING_SUGGESTION.DISMISSED_BY.getDataType().length();
    /** Longest evidence, as JSON. */
    public static final int MAX_EVIDENCE = MONITORING_SUGGESTION.EVIDENCE.getDataType().length();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> EVIDENCE = new TypeReference<>() {
    };
    /** Most severe first. */
    private static final Field<Integer> SEVERITY_RANK = DSL.case_(MONITORING_SUGGESTION.SEVERITY)
            .when("CRITICAL", 0).when("WARNING", 1).else_(2);

    private final Database database;
    private final Clock clock;

    /**
     * @param database the module's database
     * @param clock the clock that dates findings and dismissals
     */
    public SuggestionStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Stores what a computation found, in one transaction: each finding inserts its key's row or updates it (active,
     * found now, the new severity, texts and evidence; its first time and dismissal kept), and every other active row
     * becomes inactive.
     *
     * @param found the findings, unique by key
     * @throws IllegalArgumentException when two findings have one key, or a finding's evidence is too long
     */
    public void replaceFound(Collection<Suggestion> found) {
        Map<String, Suggestion> byKey = new LinkedHashMap<>();
        Map<String, String> evidence = new HashMap<>();
        for (Suggestion s : found) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("two suggestions have the key " + s.key());
            }
            evidence.put(s.key(), json(s));
        }
        Instant now = now();
        database.transaction(configuration -> {
            DSLContext tx = DSL.using(configuration);
            Map<String, Long> ids = new HashMap<>();
            List<Long> noLongerFound = new ArrayList<>();
            for (var row : tx.select(MONITORING_SUGGESTION.ID, MONITORING_SUGGESTION.SUGGESTION_KEY,
                    MONITORING_SUGGESTION.ACTIVE).from(MONITORING_SUGGESTION).forUpdate().fetch()) {
                ids.put(row.value2(), row.value1());
                if (row.value3() && !byKey.containsKey(row.value2())) {
                    noLongerFound.add(row.value1());
                }
            }
            for (Suggestion s : byKey.values()) {
                Long id = ids.get(s.key());
                if (id == null) {
                    tx.insertInto(MONITORING_SUGGESTION)
                            .set(MONITORING_SUGGESTION.SUGGESTION_KEY, s.key())
                            .set(found(s, evidence.get(s.key()), now))
                            .set(MONITORING_SUGGESTION.FIRST_SEEN_AT, now)
                            .execute();
                } else {
                    tx.update(MONITORING_SUGGESTION).set(found(s, evidence.get(s.key()), now))
                            .where(MONITORING_SUGGESTION.ID.eq(id)).execute();
                }
            }
            if (!noLongerFound.isEmpty()) {
                tx.update(MONITORING_SUGGESTION).set(MONITORING_SUGGESTION.ACTIVE, false)
                        .where(MONITORING_SUGGESTION.ID.in(noLongerFound)).execute();
            }
        });
    }

    /** The columns a finding sets, whether its row is new or not. */
    private static Map<Field<?>, Object> found(Suggestion s, String evidence, Instant now) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(MONITORING_SUGGESTION.KIND, s.kind());
        values.put(MONITORING_SUGGESTION.TARGET_ID, s.targetId());
        values.put(MONITORING_SUGGESTION.SEVERITY, s.severity());
        values.put(MONITORING_SUGGESTION.TITLE, s.title());
        values.put(MONITORING_SUGGESTION.TITLE_EN, s.titleEn());
        values.put(MONITORING_SUGGESTION.ACTION, s.action());
        values.put(MONITORING_SUGGESTION.ACTION_EN, s.actionEn());
        values.put(MONITORING_SUGGESTION.EVIDENCE, evidence);
        values.put(MONITORING_SUGGESTION.ACTIVE, true);
        values.put(MONITORING_SUGGESTION.LAST_SEEN_AT, now);
        return values;
    }

    /**
     * @param includeDismissed whether dismissed suggestions are listed too
     * @param includeInactive whether suggestions the last computation did not find are listed too
     * @return the suggestions: active first, then the most severe, then the most recently found
     */
    public List<StoredSuggestion> list(boolean includeDismissed, boolean includeInactive) {
        Condition where = DSL.noCondition();
        if (!includeDismissed) {
            where = where.and(MONITORING_SUGGESTION.DISMISSED_AT.isNull());
        }
        if (!includeInactive) {
            where = where.and(MONITORING_SUGGESTION.ACTIVE.isTrue());
        }
        return database.dsl().selectFrom(MONITORING_SUGGESTION).where(where)
                .orderBy(MONITORING_SUGGESTION.ACTIVE.desc(), SEVERITY_RANK.asc(), MONITORING_SUGGESTION.LAST_SEEN_AT.desc(),
                        MONITORING_SUGGESTION.ID.desc())
                .fetch(SuggestionStore::stored);
    }

    /**
     * @param id a suggestion's id
     * @return the suggestion, or empty when there is none with that id
     */
    public Optional<StoredSuggestion> find(long id) {
        return database.dsl().selectFrom(MONITORING_SUGGESTION).where(MONITORING_SUGGESTION.ID.eq(id))
                .fetchOptional(SuggestionStore::stored);
    }

    /**
     * Dismisses a suggestion (again replaces the earlier dismissal). It stays dismissed while it is found again.
     *
     * @param id the suggestion's id
     * @param user who dismisses it
     * @param reason why, required, at most {@link #MAX_REASON} (500) characters (surrounding blanks dropped)
     * @return the suggestion now
     * @throws IllegalArgumentException when the reason is missing or too long, or the user name is
     * @throws NoSuchElementException when there is no suggestion with that id
     */
    public StoredSuggestion dismiss(long id, String user, String reason) {
        if (user == null || user.isBlank() || user.length() > MAX_USER) {
            throw new IllegalArgumentException("a dismissal needs the user's name, of at most " + MAX_USER + " characters");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new IllegalArgumentException("say why the suggestion is dismissed / 请填写忽略该建议的原因");
        }
        if (why.length() > MAX_REASON) {
            throw new IllegalArgumentException("the reason has " + why.length() + " characters, at most " + MAX_REASON
                    + " are allowed / 原因不能超过 " + MAX_REASON + " 个字符");
        }
        Instant now = now();
        return change(id, tx -> tx.update(MONITORING_SUGGESTION)
                .set(MONITORING_SUGGESTION.DISMISSED_AT, now)
                .set(MONITORING_SUGGESTION.DISMISSED_BY, user)
                .set(MONITORING_SUGGESTION.DISMISSED_REASON, why)
                .where(MONITORING_SUGGESTION.ID.eq(id)).execute());
    }

    /**
     * Undoes a suggestion's dismissal (nothing happens to one not dismissed).
     *
     * @param id the suggestion's id
     * @return the suggestion now
     * @throws NoSuchElementException when there is no suggestion with that id
     */
    public StoredSuggestion restore(long id) {
        return change(id, tx -> tx.update(MONITORING_SUGGESTION)
                .setNull(MONITORING_SUGGESTION.DISMISSED_AT)
                .setNull(MONITORING_SUGGESTION.DISMISSED_BY)
                .setNull(MONITORING_SUGGESTION.DISMISSED_REASON)
                .where(MONITORING_SUGGESTION.ID.eq(id)).execute());
    }

    /** A change of one row, in a transaction that first makes sure the row is there. */
    private StoredSuggestion change(long id, ToIntFunction<DSLContext> update) {
        return database.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            MonitoringSuggestionRecord row = tx.selectFrom(MONITORING_SUGGESTION).where(MONITORING_SUGGESTION.ID.eq(id))
                    .forUpdate().fetchOptional()
                    .orElseThrow(() -> new NoSuchElementException("there is no suggestion " + id));
            update.applyAsInt(tx);
            row.refresh();
            return stored(row);
        });
    }

    private static StoredSuggestion stored(MonitoringSuggestionRecord r) {
        return new StoredSuggestion(r.getId(), r.getSuggestionKey(), r.getKind(), r.getTargetId(), r.getSeverity(),
                r.getTitle(), r.getTitleEn(), r.getAction(), r.getActionEn(), evidence(r.getEvidence()), r.getActive(),
                r.getFirstSeenAt(), r.getLastSeenAt(), r.getDismissedAt(), r.getDismissedBy(), r.getDismissedReason());
    }

    private static String json(Suggestion s) {
        String text;
        try {
            text = JSON.writeValueAsString(s.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the evidence of suggestion " + s.key() + " is not JSON: " + e.getMessage(), e);
        }
        if (text.length() > MAX_EVIDENCE) {
            throw new IllegalArgumentException("the evidence of suggestion " + s.key() + " has " + text.length()
                    + " characters of JSON, at most " + MAX_EVIDENCE + " fit");
        }
        return text;
    }

    private static Map<String, Object> evidence(String json) {
        try {
            return JSON.readValue(json, EVIDENCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored evidence is not a JSON object: " + e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
