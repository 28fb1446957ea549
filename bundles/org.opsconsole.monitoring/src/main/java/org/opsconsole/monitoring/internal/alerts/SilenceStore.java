package org.opsconsole.monitoring.internal.alerts;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SILENCE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.monitoring.internal.JsonText;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringSilenceRecord;
import org.opsconsole.monitoring.internal.targets.Labels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import org.opsconsole.api.rest.Json;

/** Silences and maintenance windows: checked, stored, ended early, and audited. */
@Component(service = SilenceStore.class)
public class SilenceStore {

    /** The longest silence. */
    static final Duration LONGEST = Duration.ofDays(90);

    /**
     * A silence as an operator gave it.
     *
     * @param kind SILENCE or MAINTENANCE
     * @param targetId the target; null for any
     * @param ruleId the rule; null for any
     * @param labels labels alerts must have; null for none
     * @param startsAt when it starts; null for now
     * @param endsAt when it ends
     * @param comment why
     */
    public record Input(String kind, Long targetId, Long ruleId, Map<String, String> labels, Instant startsAt, Instant endsAt,
            String comment) {
    }

    /** What a change came to: the silence, or what is wrong. */
    public record Change(Silence silence, List<FieldError> errors) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public SilenceStore(@Reference Database database, @Reference AuditLog audit) {
        this(database, audit, Clock.systemUTC());
    }

    /**
     * @param database the module's database
     * @param audit records changes
     * @param clock tells the time
     */
    public SilenceStore(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param listener told after each change made through this store */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * @param past whether to include the ones that ended
     * @return the silences, latest start first
     */
    public List<Silence> list(boolean past) {
        var query = database.dsl().selectFrom(MONITORING_SILENCE);
        var where = past ? query.where() : query.where(MONITORING_SILENCE.ENDS_AT.gt(clock.instant()));
        return where.orderBy(MONITORING_SILENCE.STARTS_AT.desc()).limit(500).fetch(SilenceStore::silence);
    }

    /**
     * @param id a silence
     * @return the silence
     */
    public Optional<Silence> find(long id) {
        return database.dsl().selectFrom(MONITORING_SILENCE).where(MONITORING_SILENCE.ID.eq(id)).fetchOptional(SilenceStore::silence);
    }

    /**
     * Creates a silence.
     *
     * @param input what the operator gave
     * @param user who
     * @param address where from
     * @return the silence, or what is wrong
     */
    public Change create(Input input, String user, String address) {
        List<FieldError> errors = new ArrayList<>();
        Instant now = clock.instant();
        String kind = input.kind() == null ? "SILENCE" : input.kind();
        if (!kind.equals("SILENCE") && !kind.equals("MAINTENANCE")) {
            errors.add(new FieldError("kind", "须为 SILENCE（静默）或 MAINTENANCE（维护窗口）", "Must be SILENCE or MAINTENANCE"));
        }
        Map<String, String> labels = input.labels() == null ? Map.of() : input.labels();
        List<FieldError> labelErrors = new ArrayList<>();
        Labels.check(labels, labelErrors);
        labelErrors.forEach(e -> errors.add(new FieldError("matchers." + e.field(), e.message(), e.messageEn())));
        if (input.targetId() == null && input.ruleId() == null && labels.isEmpty()) {
            errors.add(new FieldError("matchers", "请指定目标、规则或标签：不允许静默全部告警", "Name a target, a rule or labels: everything cannot be silenced"));
        }
        if (input.targetId() != null && !database.dsl().fetchExists(MONITORING_TARGET, MONITORING_TARGET.ID.eq(input.targetId()))) {
            errors.add(new FieldError("matchers.targetId", "没有该监控目标", "There is no such target"));
        }
        Instant starts = input.startsAt() == null ? now : input.startsAt();
        if (input.endsAt() == null || !input.endsAt().isAfter(starts) || !input.endsAt().isAfter(now)) {
            errors.add(new FieldError("endsAt", "结束时间须晚于开始时间和当前时间", "The end is after the start and after now"));
        } else if (Duration.between(starts, input.endsAt()).compareTo(LONGEST) > 0) {
            errors.add(new FieldError("endsAt", "最长 90 天", "At most 90 days"));
        }
        String comment = input.comment() == null ? "" : input.comment().strip();
        if (comment.isEmpty() || comment.length() > 1000) {
            errors.add(new FieldError("comment", "请说明原因（最多 1000 个字符）", "Say why (at most 1000 characters)"));
        }
        if (!errors.isEmpty()) {
            return new Change(null, errors);
        }
        MonitoringSilenceRecord record = database.dsl().newRecord(MONITORING_SILENCE);
        Map<String, Object> matchers = new LinkedHashMap<>();
        matchers.put("targetId", input.targetId());
        matchers.put("ruleId", input.ruleId());
        matchers.put("labels", labels);
        record.setKind(kind);
        record.setMatchers(JsonText.write(matchers));
        record.setStartsAt(starts);
        record.setEndsAt(input.endsAt());
        record.setComment(comment);
        record.setCreatedBy(user);
        record.setCreatedAt(now);
        record.store();
        Silence silence = silence(record);
        audit.record(new AuditEvent(user, address, "monitoring.silence.create", "silence " + silence.id(), AuditEvent.Outcome.SUCCESS,
                kind + " " + starts + " – " + input.endsAt() + ": " + comment));
        listeners.forEach(Runnable::run);
        return new Change(silence, List.of());
    }

    /**
     * Ends a silence now.
     *
     * @param id the silence
     * @param user who
     * @param address where from
     * @return the silence as it is now; empty when there is none
     */
    public Optional<Silence> end(long id, String user, String address) {
        Instant now = clock.instant();
        int changed = database.dsl().update(MONITORING_SILENCE).set(MONITORING_SILENCE.ENDS_AT, now)
                .set(MONITORING_SILENCE.ENDED_BY, user).where(MONITORING_SILENCE.ID.eq(id)).and(MONITORING_SILENCE.ENDS_AT.gt(now))
                .execute();
        if (changed == 1) {
            audit.record(new AuditEvent(user, address, "monitoring.silence.end", "silence " + id, AuditEvent.Outcome.SUCCESS, ""));
            listeners.forEach(Runnable::run);
        }
        return find(id);
    }

    /**
     * @param now the time
     * @return the silences that hold now
     */
    public List<Silence> active(Instant now) {
        return database.dsl().selectFrom(MONITORING_SILENCE).where(MONITORING_SILENCE.STARTS_AT.le(now))
                .and(MONITORING_SILENCE.ENDS_AT.gt(now)).fetch(SilenceStore::silence);
    }

    static Silence silence(MonitoringSilenceRecord r) {
        JsonNode matchers;
        try {
            matchers = Json.MAPPER.readTree(r.getMatchers());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("silence " + r.getId() + " has damaged matchers", e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        matchers.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Silence(r.getId(), r.getKind(), matchers.path("targetId").isNumber() ? matchers.get("targetId").asLong() : null,
                matchers.path("ruleId").isNumber() ? matchers.get("ruleId").asLong() : null, labels, r.getStartsAt(), r.getEndsAt(),
                r.getComment(), r.getCreatedBy(), r.getCreatedAt(), r.getEndedBy());
    }
}
