package org.opsconsole.monitoring.internal.web;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.monitoring.internal.alerts.Alert;
import org.opsconsole.monitoring.internal.alerts.Rule;
import org.opsconsole.monitoring.internal.alerts.Silence;
import org.opsconsole.monitoring.internal.alerts.SilenceStore;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.opsconsole.monitoring.internal.targets.ProbeKinds;
import org.opsconsole.monitoring.internal.targets.ProbeOutcome;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The JSON the REST API and the live status stream show of targets, rules, alerts, silences and probe outcomes. */
@Component(service = Views.class)
public class Views {

    private final Database database;
    private final TargetStore targets;
    private final ProbeKinds kinds;
    private final LiveStatus status;
    private final SilenceStore silences;
    private final Clock clock;

    @Activate
    public Views(@Reference Database database, @Reference TargetStore targets, @Reference ProbeKinds kinds,
            @Reference LiveStatus status, @Reference SilenceStore silences) {
        this.database = database;
        this.targets = targets;
        this.kinds = kinds;
        this.status = status;
        this.silences = silences;
        this.clock = Clock.systemUTC();
    }

    /** What the targets' list needs once per answer: the firing alerts and the maintenance windows. */
    private record Context(Map<Long, Integer> firing, List<Silence> maintenance) {

        boolean inMaintenance(Target target) {
            return maintenance.stream().anyMatch(s -> (s.targetId() == null || s.targetId() == target.id()) && s.ruleId() == null
                    && target.labels().entrySet().containsAll(s.labels().entrySet()));
        }
    }

    private Context context() {
        Map<Long, Integer> firing = new HashMap<>();
        database.dsl().select(MONITORING_ALERT.TARGET_ID, DSL.count()).from(MONITORING_ALERT)
                .where(MONITORING_ALERT.STATE.eq("FIRING")).groupBy(MONITORING_ALERT.TARGET_ID)
                .forEach(r -> firing.put(r.value1(), r.value2()));
        List<Silence> maintenance = silences.active(clock.instant()).stream().filter(s -> s.kind().equals("MAINTENANCE")).toList();
        return new Context(firing, maintenance);
    }

    /** @return every target as the API shows it */
    List<Map<String, Object>> targets() {
        Context context = context();
        return targets.list().stream().map(target -> target(target, context)).toList();
    }

    /**
     * @param target a target
     * @return the target as the API shows it
     */
    Map<String, Object> target(Target target) {
        return target(target, context());
    }

    /** The target's English name is as stored, null when it has none: the form shows and changes what is stored. */
    private Map<String, Object> target(Target target, Context context) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", target.id());
        view.put("name", target.name());
        view.put("nameEn", target.nameEn());
        view.put("kind", target.kind());
        Optional<ProbeKinds.Kind> kind = kinds.kind(target.kind());
        view.put("kindTitle", kind.map(ProbeKinds.Kind::title).orElse(target.kind()));
        view.put("kindTitleEn", kind.map(ProbeKinds.Kind::titleEn).orElse(target.kind()));
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> secretsSet = new ArrayList<>();
        target.settings().display().forEach((name, value) -> {
            if (target.settings().hasSecret(name)) {
                secretsSet.add(name);
            } else {
                settings.put(name, value);
            }
        });
        view.put("settings", settings);
        view.put("secretsSet", secretsSet);
        view.put("labels", target.labels());
        view.put("intervalSeconds", target.intervalSeconds());
        view.put("timeoutSeconds", target.timeoutSeconds());
        view.put("enabled", target.enabled());
        view.put("status", status(status.status(target.id())));
        view.put("maintenance", context.inMaintenance(target));
        view.put("firing", context.firing().getOrDefault(target.id(), 0));
        view.put("updatedAt", target.updatedAt());
        view.put("updatedBy", target.updatedBy());
        return view;
    }

    private static Map<String, Object> status(LiveStatus.Status status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", status.state().name());
        view.put("since", status.since());
        view.put("lastAt", status.lastAt());
        view.put("message", status.message());
        view.put("messageEn", status.messageEn());
        view.put("durationMs", status.durationMillis());
        return view;
    }

    /** @return the live status: every target's state, and the alert counts */
    Map<String, Object> statusSnapshot() {
        Context context = context();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Target target : targets.list()) {
            LiveStatus.Status now = status.status(target.id());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", target.id());
            view.put("name", target.name());
            view.put("nameEn", target.nameEn());
            view.put("kind", target.kind());
            view.put("enabled", target.enabled());
            view.put("state", now.state().name());
            view.put("since", now.since());
            view.put("message", now.message());
            view.put("messageEn", now.messageEn());
            view.put("maintenance", context.inMaintenance(target));
            view.put("firing", context.firing().getOrDefault(target.id(), 0));
            list.add(view);
        }
        Map<String, Object> alerts = new LinkedHashMap<>();
        var counts = database.dsl().select(
                DSL.count(),
                DSL.count().filterWhere(MONITORING_ALERT.SEVERITY.eq("CRITICAL")),
                DSL.count().filterWhere(MONITORING_ALERT.ACK_BY.isNotNull()))
                .from(MONITORING_ALERT).where(MONITORING_ALERT.STATE.eq("FIRING")).fetchSingle();
        alerts.put("firing", counts.value1());
        alerts.put("critical", counts.value2());
        alerts.put("acknowledged", counts.value3());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("targets", list);
        view.put("alerts", alerts);
        view.put("at", clock.instant());
        return view;
    }

    static Map<String, Object> outcome(ProbeOutcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", outcome.at());
        view.put("up", outcome.up());
        view.put("message", outcome.message());
        view.put("messageEn", outcome.messageEn());
        view.put("durationMs", outcome.durationMillis());
        view.put("samples", outcome.samples().stream().map(s -> Map.of("metric", s.metric(), "labels", s.labels(), "value", s.value()))
                .toList());
        return view;
    }

    static Map<String, Object> kind(ProbeKinds.Kind kind) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", kind.kind());
        view.put("title", kind.title());
        view.put("titleEn", kind.titleEn());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (SettingField field : kind.probe().fields()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", field.name());
            f.put("label", field.label());
            f.put("labelEn", field.labelEn());
            f.put("kind", field.kind().name());
            f.put("required", field.required());
            f.put("hint", field.hint());
            fields.add(f);
        }
        view.put("fields", fields);
        return view;
    }

    static Map<String, Object> rule(Rule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("name", rule.name());
        view.put("description", rule.description());
        view.put("nameEn", rule.englishName());
        view.put("descriptionEn", rule.englishDescription());
        view.put("kind", rule.kind().name());
        view.put("metric", rule.metric());
        view.put("aggregation", rule.aggregation().id());
        view.put("windowSeconds", rule.windowSeconds());
        view.put("op", rule.op().symbol());
        view.put("threshold", rule.threshold());
        view.put("clearThreshold", rule.clearThreshold());
        view.put("forSeconds", rule.forSeconds());
        view.put("targetId", rule.targetId());
        view.put("targetLabels", rule.targetLabels());
        view.put("seriesLabels", rule.seriesLabels());
        view.put("severity", rule.severity());
        view.put("channels", rule.channels());
        view.put("escalateMinutes", rule.escalateMinutes());
        view.put("escalateChannels", rule.escalateChannels());
        view.put("escalateRoles", rule.escalateRoles());
        view.put("enabled", rule.enabled());
        view.put("builtIn", rule.builtIn());
        view.put("updatedAt", rule.updatedAt());
        view.put("updatedBy", rule.updatedBy());
        return view;
    }

    /**
     * @param alert an alert
     * @param rule its rule; null when the rule was deleted
     * @param target its target; null when the target was deleted
     * @return the alert as the API gives it, with its rule's and its target's name and English name ({@code ""} for a
     *     deleted rule or target)
     */
    static Map<String, Object> alert(Alert alert, Rule rule, Target target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", alert.id());
        view.put("ruleId", alert.ruleId());
        view.put("ruleName", rule == null ? "" : rule.name());
        view.put("ruleNameEn", rule == null ? "" : rule.englishName());
        view.put("targetId", alert.targetId());
        view.put("targetName", target == null ? "" : target.name());
        view.put("targetNameEn", target == null ? "" : target.englishName());
        view.put("severity", alert.severity());
        view.put("state", alert.state());
        view.put("summary", alert.summary());
        view.put("summaryEn", alert.summaryEn());
        view.put("labels", alert.labels());
        view.put("value", alert.value());
        view.put("pendingAt", alert.pendingAt());
        view.put("firedAt", alert.firedAt());
        view.put("resolvedAt", alert.resolvedAt());
        view.put("ackBy", alert.ackBy());
        view.put("ackAt", alert.ackAt());
        view.put("ackReason", alert.ackReason());
        view.put("notifiedAt", alert.notifiedAt());
        view.put("silenced", alert.silencedBy() != null);
        view.put("escalatedAt", alert.escalatedAt());
        return view;
    }

    static Map<String, Object> silence(Silence silence, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", silence.id());
        view.put("kind", silence.kind());
        Map<String, Object> matchers = new LinkedHashMap<>();
        matchers.put("targetId", silence.targetId());
        matchers.put("ruleId", silence.ruleId());
        matchers.put("labels", silence.labels());
        view.put("matchers", matchers);
        view.put("startsAt", silence.startsAt());
        view.put("endsAt", silence.endsAt());
        view.put("comment", silence.comment());
        view.put("createdBy", silence.createdBy());
        view.put("createdAt", silence.createdAt());
        view.put("endedBy", silence.endedBy());
        view.put("active", silence.activeAt(now));
        return view;
    }
}
