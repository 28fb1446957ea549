package org.opsconsole.monitoring.internal.alerts;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SILENCE;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.monitoring.MonitoringEvents;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Notifier;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.monitoring.internal.MonitoringSettings;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringAlertRecord;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringSilenceRecord;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;

/**
 * Sends what the alerts come to through the core's notification service, once per round of the engine:
 * <ul>
 * <li>Alerts are grouped by target: one notification tells every alert of a target that fired or resolved. A
 * non-critical group waits {@link MonitoringSettings#groupWait()} for more alerts, and a target gets at most one
 * non-critical notification per {@link MonitoringSettings#groupInterval()}, so a flapping or failing target does not
 * storm the channels.</li>
 * <li>Critical alerts (target down, crash, attack signs) go out at once, to the operations centre's channels as well
 * as the rule's own ({@link MonitoringSettings#opsCentreChannels()}).</li>
 * <li>An alert a silence or maintenance window covers is not notified while it is covered; when the silence ends and
 * the alert still fires, it is notified then.</li>
 * <li>A firing alert nobody acknowledged within its rule's escalation time is sent to the escalation channels and
 * roles, once.</li>
 * <li>Silences and maintenance windows are announced when they start and when they end.</li>
 * </ul>
 * Each step marks what it sent in the alert's or silence's row, so a restart neither repeats nor loses a notification.
 */
public class AlertNotifications {

    private static final String SOURCE = "monitoring";
    private static final String LINK = "/#/monitoring-alerts";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Database database;
    private final Notifier notifier;
    private final TargetStore targets;
    private final RuleStore rules;
    private final SilenceStore silences;
    private final AlertEngine engine;
    private final MonitoringSettings settings;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<Long, Instant> lastSent = new HashMap<>();

    /**
     * @param database the module's database
     * @param notifier the core's notification service
     * @param targets the targets
     * @param rules the rules
     * @param silences the silences
     * @param engine posts escalation events
     * @param settings grouping and the operations centre's channels
     * @param clock tells the time
     * @param zone the console's time zone, for the times in messages
     */
    public AlertNotifications(Database database, Notifier notifier, TargetStore targets, RuleStore rules, SilenceStore silences,
            AlertEngine engine, MonitoringSettings settings, Clock clock, ZoneId zone) {
        this.database = database;
        this.notifier = notifier;
        this.targets = targets;
        this.rules = rules;
        this.silences = silences;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
    }

    /** Sends what is due now. */
    public synchronized void run() {
        Instant now = clock.instant();
        List<Silence> active = silences.active(now);
        announceSilences(now);
        Map<Long, Rule> ruleById = new HashMap<>();
        rules.list().forEach(rule -> ruleById.put(rule.id(), rule));
        List<MonitoringAlertRecord> due = database.dsl().selectFrom(MONITORING_ALERT)
                .where(MONITORING_ALERT.STATE.eq("FIRING").and(MONITORING_ALERT.NOTIFIED_AT.isNull()))
                .or(MONITORING_ALERT.STATE.eq("RESOLVED").and(MONITORING_ALERT.NOTIFIED_AT.isNotNull())
                        .and(MONITORING_ALERT.RESOLVED_NOTIFIED_AT.isNull()))
                .orderBy(MONITORING_ALERT.FIRED_AT).fetch();
        Map<Long, List<MonitoringAlertRecord>> byTarget = new LinkedHashMap<>();
        for (MonitoringAlertRecord alert : due) {
            Optional<Silence> covering = active.stream().filter(s -> s.covers(alert.getTargetId(), alert.getRuleId(),
                    org.opsconsole.monitoring.internal.JsonText.labels(alert.getLabels()))).findFirst();
            if (alert.getState().equals("FIRING")) {
                Long silencedBy = covering.map(Silence::id).orElse(null);
                if (!java.util.Objects.equals(silencedBy, alert.getSilencedBy())) {
                    alert.setSilencedBy(silencedBy);
                    alert.store();
                }
                if (silencedBy != null) {
                    continue;
                }
            } else if (covering.isPresent()) {
                alert.setResolvedNotifiedAt(now); // resolved under a silence: nobody needs to hear of it
                alert.store();
                continue;
            }
            byTarget.computeIfAbsent(alert.getTargetId(), id -> new ArrayList<>()).add(alert);
        }
        byTarget.forEach((targetId, alerts) -> sendGroup(targetId, alerts, ruleById, now));
        escalate(ruleById, now);
    }

    private void sendGroup(long targetId, List<MonitoringAlertRecord> alerts, Map<Long, Rule> ruleById, Instant now) {
        boolean critical = alerts.stream().anyMatch(a -> a.getState().equals("FIRING") && a.getSeverity().equals("CRITICAL"));
        if (!critical) {
            Instant oldest = alerts.stream().map(a -> a.getState().equals("FIRING") ? a.getFiredAt() : a.getResolvedAt())
                    .min(Comparator.naturalOrder()).orElse(now);
            Instant last = lastSent.get(targetId);
            if (now.isBefore(oldest.plus(settings.groupWait()))
                    || (last != null && now.isBefore(last.plus(settings.groupInterval())))) {
                return;
            }
        }
        String targetName = targets.find(targetId).map(Target::name).orElse("目标 " + targetId);
        List<MonitoringAlertRecord> firing = alerts.stream().filter(a -> a.getState().equals("FIRING")).toList();
        List<MonitoringAlertRecord> resolved = alerts.stream().filter(a -> a.getState().equals("RESOLVED")).toList();
        Severity severity = firing.stream().map(a -> Severity.valueOf(a.getSeverity())).max(Comparator.naturalOrder())
                .orElse(Severity.INFO);
        String title;
        if (firing.size() == 1 && resolved.isEmpty()) {
            title = tag(severity) + firing.get(0).getSummary();
        } else if (firing.isEmpty() && resolved.size() == 1) {
            title = "【已恢复】" + resolved.get(0).getSummary();
        } else {
            title = tag(severity) + targetName + "：" + firing.size() + " 条告警" + (resolved.isEmpty() ? "" : "，" + resolved.size() + " 条已恢复");
        }
        StringBuilder body = new StringBuilder();
        for (MonitoringAlertRecord alert : firing) {
            Rule rule = ruleById.get(alert.getRuleId());
            body.append(tag(Severity.valueOf(alert.getSeverity()))).append(alert.getSummary()).append("\n  触发于 ")
                    .append(TIME.format(alert.getFiredAt().atZone(zone)));
            if (rule != null && !rule.description().isEmpty()) {
                body.append("\n  ").append(rule.description());
            }
            body.append('\n');
        }
        for (MonitoringAlertRecord alert : resolved) {
            body.append("【已恢复】").append(alert.getSummary()).append("\n  恢复于 ").append(TIME.format(alert.getResolvedAt().atZone(zone)))
                    .append('\n');
        }
        Set<String> channels = new LinkedHashSet<>();
        alerts.forEach(a -> Optional.ofNullable(ruleById.get(a.getRuleId())).ifPresent(rule -> channels.addAll(rule.channels())));
        if (critical) {
            channels.addAll(settings.opsCentreChannels());
        }
        send(severity, title, body.toString(), channels, Audience.OPERATIONS);
        for (MonitoringAlertRecord alert : alerts) {
            if (alert.getState().equals("FIRING")) {
                alert.setNotifiedAt(now);
            } else {
                alert.setResolvedNotifiedAt(now);
            }
            alert.store();
        }
        if (!critical) {
            lastSent.put(targetId, now);
        }
    }

    private void escalate(Map<Long, Rule> ruleById, Instant now) {
        List<MonitoringAlertRecord> open = database.dsl().selectFrom(MONITORING_ALERT).where(MONITORING_ALERT.STATE.eq("FIRING"))
                .and(MONITORING_ALERT.ACK_BY.isNull()).and(MONITORING_ALERT.ESCALATED_AT.isNull())
                .and(MONITORING_ALERT.SILENCED_BY.isNull()).fetch();
        for (MonitoringAlertRecord alert : open) {
            Rule rule = ruleById.get(alert.getRuleId());
            if (rule == null || rule.escalateMinutes() == null
                    || now.isBefore(alert.getFiredAt().plusSeconds(rule.escalateMinutes() * 60L))) {
                continue;
            }
            String title = "【升级】" + alert.getSummary();
            String body = "该告警触发 " + rule.escalateMinutes() + " 分钟后仍无人确认，现升级通知。\n触发于 "
                    + TIME.format(alert.getFiredAt().atZone(zone)) + (rule.description().isEmpty() ? "" : "\n" + rule.description());
            Audience audience = rule.escalateRoles().isEmpty() ? Audience.OPERATIONS
                    : new Audience(Set.copyOf(rule.escalateRoles()), Set.of());
            send(Severity.valueOf(alert.getSeverity()), title, body, Set.copyOf(rule.escalateChannels()), audience);
            alert.setEscalatedAt(now);
            alert.store();
            engine.post(MonitoringEvents.TOPIC_ESCALATED, AlertEngine.view(alert), rule.name(),
                    targets.find(alert.getTargetId()).map(Target::name).orElse(""), null);
        }
    }

    private void announceSilences(Instant now) {
        List<MonitoringSilenceRecord> starting = database.dsl().selectFrom(MONITORING_SILENCE)
                .where(MONITORING_SILENCE.STARTS_AT.le(now)).and(MONITORING_SILENCE.START_NOTIFIED_AT.isNull()).fetch();
        for (MonitoringSilenceRecord record : starting) {
            Silence silence = SilenceStore.silence(record);
            if (silence.activeAt(now)) {
                send(Severity.INFO, "【" + kind(silence) + "开始】" + describe(silence), describeBody(silence), Set.of(), Audience.OPERATIONS);
            }
            record.setStartNotifiedAt(now);
            if (!silence.activeAt(now)) {
                record.setEndNotifiedAt(now); // it started and ended between two rounds: nothing to announce
            }
            record.store();
        }
        List<MonitoringSilenceRecord> ending = database.dsl().selectFrom(MONITORING_SILENCE)
                .where(MONITORING_SILENCE.ENDS_AT.le(now)).and(MONITORING_SILENCE.START_NOTIFIED_AT.isNotNull())
                .and(MONITORING_SILENCE.END_NOTIFIED_AT.isNull()).fetch();
        for (MonitoringSilenceRecord record : ending) {
            Silence silence = SilenceStore.silence(record);
            send(Severity.INFO, "【" + kind(silence) + "结束】" + describe(silence), describeBody(silence)
                    + (silence.endedBy() == null ? "" : "\n由 " + silence.endedBy() + " 提前结束"), Set.of(), Audience.OPERATIONS);
            record.setEndNotifiedAt(now);
            record.store();
        }
    }

    private static String kind(Silence silence) {
        return silence.kind().equals("MAINTENANCE") ? "维护窗口" : "静默";
    }

    private String describe(Silence silence) {
        List<String> parts = new ArrayList<>();
        if (silence.targetId() != null) {
            parts.add(targets.find(silence.targetId()).map(Target::name).orElse("目标 " + silence.targetId()));
        }
        if (silence.ruleId() != null) {
            parts.add("规则 " + rules.find(silence.ruleId()).map(Rule::name).orElse(String.valueOf(silence.ruleId())));
        }
        silence.labels().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("，", parts);
    }

    private String describeBody(Silence silence) {
        return TIME.format(silence.startsAt().atZone(zone)) + " 至 " + TIME.format(silence.endsAt().atZone(zone)) + "\n原因："
                + silence.comment() + "\n设置人：" + silence.createdBy();
    }

    private static String tag(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "【严重】";
            case WARNING -> "【警告】";
            case INFO -> "【通知】";
        };
    }

    private void send(Severity severity, String title, String body, Set<String> channels, Audience audience) {
        String cutTitle = title.length() > Notification.MAX_TITLE ? title.substring(0, Notification.MAX_TITLE) : title;
        String cutBody = body.length() > Notification.MAX_BODY ? body.substring(0, Notification.MAX_BODY) : body;
        notifier.send(Notification.builder(severity, cutTitle).body(cutBody).link(LINK).source(SOURCE).audience(audience)
                .channels(channels.toArray(String[]::new)).build());
    }
}
