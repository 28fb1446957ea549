package org.opsconsole.monitoring.internal.alerts;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_RULE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.jooq.exception.IntegrityConstraintViolationException;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.monitoring.internal.JsonText;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringRuleRecord;
import org.opsconsole.monitoring.internal.targets.Labels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The alert rules: checked, stored and audited; the engine hears of every change made on this node. */
@Component(service = RuleStore.class)
public class RuleStore {

    /** The roles an escalation may name. */
    static final Set<String> ROLES = Set.of("sysadmin", "secadmin", "auditor", "operator", "viewer");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,99}");
    private static final Pattern CHANNEL = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}");
    private static final Set<String> SEVERITIES = Set.of("INFO", "WARNING", "CRITICAL");

    /** What a change came to. */
    public sealed interface Change {
        /** @param rule the rule as stored now */
        record Done(Rule rule) implements Change {
        }

        /** @param errors what is wrong, by field */
        record Invalid(List<FieldError> errors) implements Change {
        }

        /** There is no rule with that id. */
        record NotFound() implements Change {
        }
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public RuleStore(@Reference Database database, @Reference AuditLog audit) {
        this(database, audit, Clock.systemUTC());
    }

    /**
     * @param database the module's database
     * @param audit records changes
     * @param clock tells the time
     */
    public RuleStore(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param listener told after each change made through this store */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** @return every rule, by name */
    public List<Rule> list() {
        return database.dsl().selectFrom(MONITORING_RULE).orderBy(MONITORING_RULE.NAME).fetch(RuleStore::rule);
    }

    /**
     * @param id a rule's id
     * @return the rule
     */
    public Optional<Rule> find(long id) {
        return database.dsl().selectFrom(MONITORING_RULE).where(MONITORING_RULE.ID.eq(id)).fetchOptional(RuleStore::rule);
    }

    /**
     * Creates or changes a rule. A built-in rule whose name or description changes loses the English text of what
     * changed, so that the English UI shows what the operator typed.
     *
     * @param id the rule to change; null to create one
     * @param input what the operator gave
     * @param builtIn whether the module creates it (only for a new rule)
     * @param user who changes it
     * @param address where from
     * @return the stored rule, what is wrong, or that there is no such rule
     */
    public Change save(Long id, RuleInput input, boolean builtIn, String user, String address) {
        return save(id, input, builtIn, null, null, user, address);
    }

    /**
     * Creates a rule that comes with the module, with the English name and description the module provides for it.
     *
     * @param input the rule
     * @param nameEn its English name
     * @param descriptionEn its English description
     * @param user who creates it
     * @param address where from
     * @return the stored rule, or what is wrong
     */
    public Change createBuiltIn(RuleInput input, String nameEn, String descriptionEn, String user, String address) {
        return save(null, input, true, nameEn, descriptionEn, user, address);
    }

    private Change save(Long id, RuleInput input, boolean builtIn, String nameEn, String descriptionEn, String user, String address) {
        Optional<Rule> stored = id == null ? Optional.empty() : find(id);
        if (id != null && stored.isEmpty()) {
            return new Change.NotFound();
        }
        List<FieldError> errors = new ArrayList<>();
        Rule rule = merge(stored, input, builtIn, nameEn, descriptionEn, user, errors);
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        Rule saved;
        try {
            saved = database.transactionResult(tx -> {
                MonitoringRuleRecord record = id == null ? tx.dsl().newRecord(MONITORING_RULE)
                        : tx.dsl().selectFrom(MONITORING_RULE).where(MONITORING_RULE.ID.eq(id)).forUpdate().fetchSingle();
                write(rule, record);
                if (id == null) {
                    record.setCreatedAt(rule.updatedAt());
                    record.setBuiltIn(builtIn);
                }
                record.store();
                return rule(record);
            });
        } catch (IntegrityConstraintViolationException e) {
            return new Change.Invalid(List.of(new FieldError("name", "已有同名的告警规则", "There is a rule of this name already")));
        }
        audit.record(new AuditEvent(user, address, id == null ? "monitoring.rule.create" : "monitoring.rule.update", saved.name(),
                AuditEvent.Outcome.SUCCESS, describe(saved)));
        listeners.forEach(Runnable::run);
        return new Change.Done(saved);
    }

    /**
     * Deletes a rule that did not come with the module; its alerts stay in the history.
     *
     * @param id the rule
     * @param user who deletes it
     * @param address where from
     * @return the rule deleted; what is wrong (a built-in rule); or that there is none
     */
    public Change delete(long id, String user, String address) {
        Optional<Rule> stored = find(id);
        if (stored.isEmpty()) {
            return new Change.NotFound();
        }
        if (stored.get().builtIn()) {
            return new Change.Invalid(List.of(new FieldError("id", "内置规则不能删除，可以停用", "A built-in rule cannot be deleted; disable it")));
        }
        database.dsl().deleteFrom(MONITORING_RULE).where(MONITORING_RULE.ID.eq(id)).execute();
        audit.record(new AuditEvent(user, address, "monitoring.rule.delete", stored.get().name(), AuditEvent.Outcome.SUCCESS,
                describe(stored.get())));
        listeners.forEach(Runnable::run);
        return new Change.Done(stored.get());
    }

    static String describe(Rule rule) {
        return switch (rule.kind()) {
            case THRESHOLD -> rule.aggregation().id() + "(" + rule.metric() + (rule.windowSeconds() > 0 ? ", " + rule.windowSeconds() + "s" : "")
                    + ") " + rule.op().symbol() + " " + rule.threshold();
            case RATE -> "rate(" + rule.metric() + ", " + rule.windowSeconds() + "s) " + rule.op().symbol() + " " + rule.threshold() + "/min";
            case ABSENT -> "absent(" + rule.metric() + ", " + rule.windowSeconds() + "s)";
        } + " for " + rule.forSeconds() + "s, " + rule.severity() + (rule.enabled() ? "" : ", disabled");
    }

    /**
     * The rule as it will be stored: the input over the stored rule. A changed name or description drops its English
     * text, which no longer says the same; a new rule gets the English texts given (none for an operator's).
     */
    private Rule merge(Optional<Rule> stored, RuleInput in, boolean builtIn, String givenNameEn, String givenDescriptionEn,
            String user, List<FieldError> errors) {
        Rule old = stored.orElse(null);
        String name = pick(in.name(), old == null ? null : old.name());
        name = name == null ? null : name.strip();
        if (name == null || name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "请填写名称（最多 100 个字符）", "Give a name of at most 100 characters"));
        }
        String description = pick(in.description(), old == null ? "" : old.description());
        if (description.length() > 1000) {
            errors.add(new FieldError("description", "最多 1000 个字符", "At most 1000 characters"));
        }
        Rule.Kind kind = parse(Rule.Kind.class, pick(in.kind(), old == null ? "THRESHOLD" : old.kind().name()), "kind",
                "THRESHOLD、RATE 或 ABSENT", errors);
        String metric = pick(in.metric(), old == null ? null : old.metric());
        if (metric == null || !METRIC.matcher(metric).matches()) {
            errors.add(new FieldError("metric", "请填写指标名，如 http_latency_ms", "Give a metric name such as http_latency_ms"));
        }
        Rule.Aggregation aggregation = parse(Rule.Aggregation.class, pick(in.aggregation(), old == null ? "last"
                : old.aggregation().id()), "aggregation", "last、avg、min 或 max", errors);
        int window = pick(in.windowSeconds(), old == null ? (kind == Rule.Kind.THRESHOLD ? 0 : 300) : old.windowSeconds());
        boolean needsWindow = kind != null && (kind != Rule.Kind.THRESHOLD || aggregation != Rule.Aggregation.LAST);
        if (window < (needsWindow ? 10 : 0) || window > 86_400) {
            errors.add(new FieldError("windowSeconds", needsWindow ? "窗口须在 10 秒到 1 天之间" : "窗口须在 0 到 1 天之间",
                    needsWindow ? "The window is 10 seconds to 1 day" : "The window is 0 seconds to 1 day"));
        }
        String opText = pick(in.op(), old == null ? null : old.op().symbol());
        Rule.Op op = opText == null ? null : Rule.Op.of(opText);
        if (kind != Rule.Kind.ABSENT && op == null) {
            errors.add(new FieldError("op", "比较须为 >、>=、<、<=、== 或 !=", "The comparison is >, >=, <, <=, == or !="));
        }
        Double threshold = pick(in.threshold(), old == null ? null : old.threshold());
        if (kind != Rule.Kind.ABSENT && (threshold == null || !Double.isFinite(threshold))) {
            errors.add(new FieldError("threshold", "请填写阈值", "Give a threshold"));
        }
        Double clear = in.clearThreshold() != null ? (Double.isNaN(in.clearThreshold()) ? null : in.clearThreshold())
                : old == null ? null : old.clearThreshold();
        if (clear != null && op != null && threshold != null) {
            boolean valid = Double.isFinite(clear) && switch (op) {
                case GT, GE -> clear <= threshold;
                case LT, LE -> clear >= threshold;
                case EQ, NE -> false;
            };
            if (!valid) {
                errors.add(new FieldError("clearThreshold", "恢复阈值须在不触发的一侧（> 时不大于阈值，< 时不小于阈值；== 和 != 不用）",
                        "The clear threshold lies on the quiet side (not above the threshold for >, not below for <; none for == and !=)"));
            }
        }
        int forSeconds = pick(in.forSeconds(), old == null ? 0 : old.forSeconds());
        if (forSeconds < 0 || forSeconds > 86_400) {
            errors.add(new FieldError("forSeconds", "持续时间须在 0 到 1 天之间", "The duration is 0 seconds to 1 day"));
        }
        Long targetId = in.targetId() != null ? (in.targetId() == 0 ? null : in.targetId()) : old == null ? null : old.targetId();
        if (targetId != null && !database.dsl().fetchExists(MONITORING_TARGET, MONITORING_TARGET.ID.eq(targetId))) {
            errors.add(new FieldError("targetId", "没有该监控目标", "There is no such target"));
        }
        Map<String, String> targetLabels = pick(in.targetLabels(), old == null ? Map.of() : old.targetLabels());
        labels("targetLabels", targetLabels, errors);
        Map<String, String> seriesLabels = pick(in.seriesLabels(), old == null ? Map.of() : old.seriesLabels());
        labels("seriesLabels", seriesLabels, errors);
        String severity = pick(in.severity(), old == null ? "WARNING" : old.severity()).toUpperCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            errors.add(new FieldError("severity", "级别须为 INFO、WARNING 或 CRITICAL", "The severity is INFO, WARNING or CRITICAL"));
        }
        List<String> channels = names("channels", pick(in.channels(), old == null ? List.of() : old.channels()), CHANNEL, errors);
        Integer escalate = in.escalateMinutes() != null ? (in.escalateMinutes() == 0 ? null : in.escalateMinutes())
                : old == null ? null : old.escalateMinutes();
        List<String> escalateChannels = names("escalateChannels", pick(in.escalateChannels(), old == null ? List.of()
                : old.escalateChannels()), CHANNEL, errors);
        List<String> escalateRoles = pick(in.escalateRoles(), old == null ? List.of() : old.escalateRoles());
        if (!ROLES.containsAll(escalateRoles)) {
            errors.add(new FieldError("escalateRoles", "角色须为 " + String.join("、", ROLES.stream().sorted().toList()),
                    "Roles are " + String.join(", ", ROLES.stream().sorted().toList())));
        }
        if (escalate != null && (escalate < 1 || escalate > 1440)) {
            errors.add(new FieldError("escalateMinutes", "升级时间须在 1 到 1440 分钟之间", "Escalation is after 1 to 1440 minutes"));
        } else if (escalate != null && escalateChannels.isEmpty() && escalateRoles.isEmpty()) {
            errors.add(new FieldError("escalateChannels", "升级须指定渠道或角色", "An escalation names channels or roles"));
        }
        boolean enabled = pick(in.enabled(), old == null || old.enabled());
        if (!errors.isEmpty()) {
            return null;
        }
        String nameEn = old == null ? givenNameEn : name.equals(old.name()) ? old.nameEn() : null;
        String descriptionEn = old == null ? givenDescriptionEn : description.equals(old.description()) ? old.descriptionEn() : null;
        return new Rule(old == null ? 0 : old.id(), name, description, nameEn, descriptionEn, kind, metric, aggregation,
                kind == Rule.Kind.THRESHOLD && aggregation == Rule.Aggregation.LAST ? 0 : window,
                op == null ? Rule.Op.GT : op, threshold == null ? 0 : threshold, clear, forSeconds, targetId,
                targetId == null ? targetLabels : Map.of(), seriesLabels, severity, channels, escalate, escalateChannels,
                escalateRoles, enabled, old == null ? builtIn : old.builtIn(), clock.instant(), user);
    }

    private static <T> T pick(T given, T stored) {
        return given != null ? given : stored;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String field, String allowed, List<FieldError> errors) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new FieldError(field, "须为 " + allowed, "Must be " + allowed.replace("、", ", ").replace(" 或 ", " or ")));
            return null;
        }
    }

    private static void labels(String field, Map<String, String> labels, List<FieldError> errors) {
        List<FieldError> found = new ArrayList<>();
        Labels.check(labels, found);
        found.forEach(error -> errors.add(new FieldError(error.field().replaceFirst("^labels", field), error.message(),
                error.messageEn())));
    }

    private static List<String> names(String field, List<String> names, Pattern pattern, List<FieldError> errors) {
        if (names.size() > 10 || !names.stream().allMatch(name -> name != null && pattern.matcher(name).matches())) {
            errors.add(new FieldError(field, "最多 10 个渠道编号（字母、数字、点、横线和下划线）",
                    "At most 10 channel ids (letters, digits, dots, hyphens and underscores)"));
            return List.of();
        }
        return List.copyOf(names);
    }

    private static void write(Rule rule, MonitoringRuleRecord record) {
        record.setName(rule.name());
        record.setDescription(rule.description());
        record.setNameEn(rule.nameEn());
        record.setDescriptionEn(rule.descriptionEn());
        record.setKind(rule.kind().name());
        record.setMetric(rule.metric());
        record.setAggregation(rule.aggregation().id());
        record.setWindowSeconds(rule.windowSeconds());
        record.setOp(rule.op().symbol());
        record.setThreshold(rule.threshold());
        record.setClearThreshold(rule.clearThreshold());
        record.setForSeconds(rule.forSeconds());
        record.setTargetId(rule.targetId());
        record.setTargetLabels(JsonText.labels(rule.targetLabels()));
        record.setSeriesLabels(JsonText.labels(rule.seriesLabels()));
        record.setSeverity(rule.severity());
        record.setChannels(JsonText.names(rule.channels()));
        record.setEscalateMinutes(rule.escalateMinutes());
        record.setEscalateChannels(JsonText.names(rule.escalateChannels()));
        record.setEscalateRoles(JsonText.names(rule.escalateRoles()));
        record.setEnabled(rule.enabled());
        record.setUpdatedAt(rule.updatedAt());
        record.setUpdatedBy(rule.updatedBy());
    }

    static Rule rule(MonitoringRuleRecord r) {
        return new Rule(r.getId(), r.getName(), r.getDescription(), r.getNameEn(), r.getDescriptionEn(),
                Rule.Kind.valueOf(r.getKind()), r.getMetric(), Rule.Aggregation.valueOf(r.getAggregation().toUpperCase(Locale.ROOT)),
                r.getWindowSeconds(), Rule.Op.of(r.getOp()),
                r.getThreshold(), r.getClearThreshold(), r.getForSeconds(), r.getTargetId(), JsonText.labels(r.getTargetLabels()),
                JsonText.labels(r.getSeriesLabels()), r.getSeverity(), JsonText.names(r.getChannels()), r.getEscalateMinutes(),
                JsonText.names(r.getEscalateChannels()), JsonText.names(r.getEscalateRoles()), r.getEnabled(), r.getBuiltIn(),
                r.getUpdatedAt(), r.getUpdatedBy());
    }
}
