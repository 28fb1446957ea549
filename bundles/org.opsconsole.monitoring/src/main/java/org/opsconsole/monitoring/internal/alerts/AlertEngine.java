package org.opsconsole.monitoring.internal.alerts;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.monitoring.MonitoringEvents;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.monitoring.internal.JsonText;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringAlertRecord;
import org.opsconsole.monitoring.internal.targets.ProbeOutcome;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;

/**
 * Evaluates the alert rules against the latest samples and keeps the alerts' lifecycle: a condition that holds starts a
 * pending alert (in memory); one that holds for the rule's duration fires (stored and posted as an event; notified by
 * {@link AlertNotifications}); a firing alert resolves when the value is back past the clear threshold (hysteresis), or
 * when its rule, target or series goes away. Operators acknowledge firing alerts, which stay acknowledged until they
 * resolve.
 *
 * <p>The samples of every series are kept in memory for the longest window a rule of its metric needs (at least ten
 * minutes); {@link #evaluate} is called by {@link AlertService} at the evaluation interval, never concurrently.
 */
public class AlertEngine {

    /** The shortest time samples are kept, so that a rule without a window still sees the last value. */
    private static final long MIN_KEEP_MILLIS = 10 * 60_000L;

    /** A value at a time. */
    private record Point(long at, double value) {
    }

    /** One series' recent samples. */
    private static final class Window {
        final long targetId;
        final String metric;
        final Map<String, String> labels;
        final Deque<Point> points = new ArrayDeque<>();

        Window(long targetId, String metric, Map<String, String> labels) {
            this.targetId = targetId;
            this.metric = metric;
            this.labels = labels;
        }

        synchronized void add(long at, double value, long keep) {
            points.addLast(new Point(at, value));
            while (!points.isEmpty() && points.peekFirst().at() < at - keep) {
                points.removeFirst();
            }
        }

        synchronized List<Point> since(long from) {
            return points.stream().filter(p -> p.at() >= from).toList();
        }

        synchronized long lastAt() {
            return points.isEmpty() ? Long.MIN_VALUE : points.peekLast().at();
        }
    }

    /** A condition that holds, not yet for the rule's duration. */
    private record Pending(Instant since) {
    }

    private final Database database;
    private final TargetStore targets;
    private final RuleStore rules;
    private final SilenceStore silences;
    private final AuditLog audit;
    private final Consumer<Map<String, Object>> events;
    private final Clock clock;
    private volatile Instant started;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Long> keepMillis = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Rule> ruleList = List.of();

    /**
     * @param database the module's database
     * @param targets the targets
     * @param rules the rules
     * @param silences the silences
     * @param audit records acknowledgements
     * @param events posts an alert event (its topic under {@code topic}, and its properties)
     * @param clock tells the time
     */
    public AlertEngine(Database database, TargetStore targets, RuleStore rules, SilenceStore silences, AuditLog audit,
            Consumer<Map<String, Object>> events, Clock clock) {
        this.database = database;
        this.targets = targets;
        this.rules = rules;
        this.silences = silences;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.started = clock.instant();
        reloadRules();
    }

    /**
     * Starts the absence windows anew: this node begins monitoring now (it started, or took the lease over), so no
     * sample can be missing from before.
     */
    public void monitoringStarts() {
        started = clock.instant();
        synchronized (this) {
            pending.clear();
        }
    }

    /** @param listener told when alerts change (fire, resolve, are acknowledged) */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Reads the rules again, and how long each metric's samples must be kept. */
    public void reloadRules() {
        List<Rule> all = rules.list();
        Map<String, Long> keep = new HashMap<>();
        for (Rule rule : all) {
            keep.merge(rule.metric(), Math.max(MIN_KEEP_MILLIS, rule.windowSeconds() * 1000L + 60_000), Math::max);
        }
        keepMillis.clear();
        keepMillis.putAll(keep);
        windows.values().removeIf(window -> !keep.containsKey(window.metric));
        ruleList = all;
    }

    /**
     * Takes a probe's samples (of the metrics some rule watches).
     *
     * @param outcome the outcome
     */
    public void observe(ProbeOutcome outcome) {
        long at = outcome.at().toEpochMilli();
        for (Sample sample : outcome.samples()) {
            Long keep = keepMillis.get(sample.metric());
            if (keep != null) {
                String key = outcome.targetId() + "|" + sample.metric() + "|" + JsonText.labels(sample.labels());
                windows.computeIfAbsent(key, k -> new Window(outcome.targetId(), sample.metric(), sample.labels()))
                        .add(at, sample.value(), keep);
            }
        }
    }

    /** Forgets the samples of targets that no longer exist. */
    private void forgetGone(Set<Long> targetIds) {
        windows.values().removeIf(window -> !targetIds.contains(window.targetId));
    }

    /**
     * Evaluates every enabled rule once: starts, fires and resolves alerts.
     *
     * @return the alerts that fired and resolved in this round
     */
    public synchronized List<Alert> evaluate() {
        Instant now = clock.instant();
        Map<Long, Target> enabled = new LinkedHashMap<>();
        targets.list().stream().filter(Target::enabled).forEach(t -> enabled.put(t.id(), t));
        forgetGone(enabled.keySet());
        List<Silence> silent = silences.active(now);
        Map<String, MonitoringAlertRecord> firing = new HashMap<>();
        database.dsl().selectFrom(MONITORING_ALERT).where(MONITORING_ALERT.STATE.eq("FIRING"))
                .forEach(record -> firing.put(record.getFingerprint(), record));
        Map<String, List<Window>> index = new HashMap<>(); // the windows by target and metric, for this round
        windows.values().forEach(w -> index.computeIfAbsent(w.targetId + "|" + w.metric, k -> new ArrayList<>()).add(w));
        Set<String> seen = new HashSet<>();
        List<Alert> changed = new ArrayList<>();
        for (Rule rule : ruleList) {
            if (!rule.enabled()) {
                continue;
            }
            for (Target target : enabled.values()) {
                if (!rule.appliesTo(target.id(), target.labels())) {
                    continue;
                }
                for (Finding finding : findings(rule, target, now, index)) {
                    seen.add(finding.fingerprint());
                    MonitoringAlertRecord open = firing.get(finding.fingerprint());
                    if (open != null) {
                        if (!finding.stillFiring()) {
                            changed.add(resolve(open, finding.value(), now));
                        } else {
                            open.setAlertValue(finding.value());
                        }
                    } else if (finding.firing()) {
                        Pending waiting = pending.computeIfAbsent(finding.fingerprint(), k -> new Pending(now));
                        if (!now.isBefore(waiting.since().plusSeconds(rule.forSeconds()))) {
                            pending.remove(finding.fingerprint());
                            changed.add(fire(rule, target, finding, waiting.since(), now, silent));
                        }
                    } else {
                        pending.remove(finding.fingerprint());
                    }
                }
            }
        }
        pending.keySet().retainAll(seen);
        for (MonitoringAlertRecord open : firing.values()) {
            if (!seen.contains(open.getFingerprint())) {
                changed.add(resolve(open, open.getAlertValue(), now)); // its rule, target or series is gone or disabled
            }
        }
        if (!changed.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
        return changed;
    }

    /**
     * What a rule finds for one series (or, for absence, one target).
     *
     * @param fingerprint the rule, target and series labels
     * @param labels the series' labels with the target's
     * @param value the value compared
     * @param firing whether the condition holds
     * @param stillFiring whether a firing alert stays firing (the clear threshold is not passed)
     */
    private record Finding(String fingerprint, Map<String, String> labels, double value, boolean firing, boolean stillFiring) {
    }

    private List<Finding> findings(Rule rule, Target target, Instant now, Map<String, List<Window>> index) {
        long nowMillis = now.toEpochMilli();
        List<Window> matching = index.getOrDefault(target.id() + "|" + rule.metric(), List.of()).stream()
                .filter(w -> w.labels.entrySet().containsAll(rule.seriesLabels().entrySet())).toList();
        List<Finding> found = new ArrayList<>();
        if (rule.kind() == Rule.Kind.ABSENT) {
            long window = rule.windowSeconds() * 1000L;
            long last = matching.stream().mapToLong(Window::lastAt).max().orElse(Long.MIN_VALUE);
            boolean absent = last < nowMillis - window && nowMillis - started.toEpochMilli() >= window;
            String fingerprint = fingerprint(rule, target, Map.of());
            found.add(new Finding(fingerprint, target.labels(), absent ? 1 : 0, absent, absent));
            return found;
        }
        for (Window window : matching) {
            long from = rule.windowSeconds() > 0 ? nowMillis - rule.windowSeconds() * 1000L : Long.MIN_VALUE;
            List<Point> points = window.since(from);
            if (points.isEmpty()) {
                continue; // no recent data: the absence rules say so
            }
            Double value = rule.kind() == Rule.Kind.RATE ? rate(points) : aggregate(rule.aggregation(), points);
            if (value == null) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(target.labels());
            labels.putAll(window.labels);
            double clear = rule.clearThreshold() == null ? rule.threshold() : rule.clearThreshold();
            found.add(new Finding(fingerprint(rule, target, window.labels), labels, value,
                    rule.op().test(value, rule.threshold()), rule.op().test(value, clear)));
        }
        return found;
    }

    /** The rule, the target and a digest of the series' labels: at most 60 characters. */
    static String fingerprint(Rule rule, Target target, Map<String, String> seriesLabels) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(JsonText.labels(seriesLabels).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return rule.id() + "|" + target.id() + "|" + java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Double aggregate(Rule.Aggregation aggregation, List<Point> points) {
        return switch (aggregation) {
            case LAST -> points.get(points.size() - 1).value();
            case AVG -> points.stream().mapToDouble(Point::value).average().orElseThrow();
            case MIN -> points.stream().mapToDouble(Point::value).min().orElseThrow();
            case MAX -> points.stream().mapToDouble(Point::value).max().orElseThrow();
        };
    }

    /** The change per minute between the first and the last point; null with fewer than two points. */
    private static Double rate(List<Point> points) {
        if (points.size() < 2) {
            return null;
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        return last.at() == first.at() ? null : (last.value() - first.value()) * 60_000.0 / (last.at() - first.at());
    }

    private Alert fire(Rule rule, Target target, Finding finding, Instant since, Instant now, List<Silence> silent) {
        MonitoringAlertRecord record = database.dsl().newRecord(MONITORING_ALERT);
        record.setRuleId(rule.id());
        record.setTargetId(target.id());
        record.setFingerprint(finding.fingerprint());
        record.setSeverity(rule.severity());
        record.setState("FIRING");
        record.setSummary(summary(rule, target, finding));
        record.setSummaryEn(summaryEn(rule, target, finding));
        record.setLabels(JsonText.labels(finding.labels()));
        record.setAlertValue(finding.value());
        record.setPendingAt(since);
        record.setFiredAt(now);
        silent.stream().filter(s -> s.covers(target.id(), rule.id(), finding.labels())).findFirst()
                .ifPresent(s -> record.setSilencedBy(s.id()));
        record.store();
        Alert alert = view(record);
        post(MonitoringEvents.TOPIC_FIRING, alert, rule.name(), target.name(), null);
        return alert;
    }

    private Alert resolve(MonitoringAlertRecord record, double value, Instant now) {
        record.setState("RESOLVED");
        record.setResolvedAt(now);
        record.setAlertValue(value);
        record.store();
        Alert alert = view(record);
        String ruleName = rules.find(alert.ruleId()).map(Rule::name).orElse("");
        String targetName = targets.find(alert.targetId()).map(Target::name).orElse("");
        post(MonitoringEvents.TOPIC_RESOLVED, alert, ruleName, targetName, null);
        return alert;
    }

    /** @return the alert's line in Chinese: the target, the rule, and the value against the threshold */
    static String summary(Rule rule, Target target, Finding finding) {
        String value = number(finding.value());
        String series = series(target, finding);
        String text = switch (rule.kind()) {
            case ABSENT -> target.name() + "：" + rule.name() + "（" + rule.metric() + " 超过 " + rule.windowSeconds() + " 秒无数据）";
            case RATE -> target.name() + "：" + rule.name() + "（" + rule.metric() + series + " 每分钟变化 " + value + "，阈值 "
                    + rule.op().symbol() + " " + number(rule.threshold()) + "）";
            case THRESHOLD -> target.name() + "：" + rule.name() + "（" + rule.metric() + series + " = " + value + "，阈值 "
                    + rule.op().symbol() + " " + number(rule.threshold()) + "）";
        };
        return cut(text);
    }

    /**
     * @return the same line in English: the target's and the rule's English names where they have one (a target an
     *     operator named in English, a built-in rule), the names as the operators gave them otherwise
     */
    static String summaryEn(Rule rule, Target target, Finding finding) {
        String value = number(finding.value());
        String series = series(target, finding);
        String name = rule.englishName();
        String targetName = target.englishName();
        String text = switch (rule.kind()) {
            case ABSENT -> targetName + ": " + name + " (no " + rule.metric() + " data for more than " + rule.windowSeconds()
                    + " s)";
            case RATE -> targetName + ": " + name + " (" + rule.metric() + series + " changes by " + value
                    + " per minute, threshold " + rule.op().symbol() + " " + number(rule.threshold()) + ")";
            case THRESHOLD -> targetName + ": " + name + " (" + rule.metric() + series + " = " + value + ", threshold "
                    + rule.op().symbol() + " " + number(rule.threshold()) + ")";
        };
        return cut(text);
    }

    /** @return the series' own labels (not the target's) as {@code {k=v,...}}, or nothing when it has none */
    private static String series(Target target, Finding finding) {
        return finding.labels().entrySet().stream().filter(e -> !target.labels().containsKey(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("");
    }

    private static String cut(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * Acknowledges firing alerts.
     *
     * @param ids the alerts
     * @param reason why (required)
     * @param user who
     * @param address where from
     * @return the alerts acknowledged now (not those resolved or acknowledged already)
     */
    public List<Alert> acknowledge(Collection<Long> ids, String reason, String user, String address) {
        Instant now = clock.instant();
        List<Alert> done = database.transactionResult(tx -> {
            List<MonitoringAlertRecord> open = tx.dsl().selectFrom(MONITORING_ALERT).where(MONITORING_ALERT.ID.in(ids))
                    .and(MONITORING_ALERT.STATE.eq("FIRING")).and(MONITORING_ALERT.ACK_BY.isNull()).forUpdate().fetch();
            List<Alert> acknowledged = new ArrayList<>();
            for (MonitoringAlertRecord record : open) {
                record.setAckBy(user);
                record.setAckAt(now);
                record.setAckReason(reason);
                record.store();
                acknowledged.add(view(record));
            }
            return acknowledged;
        });
        for (Alert alert : done) {
            audit.record(new AuditEvent(user, address, "monitoring.alert.acknowledge", "alert " + alert.id(), AuditEvent.Outcome.SUCCESS,
                    alert.summary() + "; " + reason));
            String ruleName = rules.find(alert.ruleId()).map(Rule::name).orElse("");
            String targetName = targets.find(alert.targetId()).map(Target::name).orElse("");
            post(MonitoringEvents.TOPIC_ACKNOWLEDGED, alert, ruleName, targetName, user);
        }
        if (!done.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
        return done;
    }

    /**
     * Posts an alert event.
     *
     * @param topic the topic
     * @param alert the alert
     * @param ruleName its rule's name
     * @param targetName its target's name
     * @param actor who acted; null for none
     */
    void post(String topic, Alert alert, String ruleName, String targetName, String actor) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("topic", topic);
        properties.put(MonitoringEvents.ALERT_ID, alert.id());
        properties.put(MonitoringEvents.RULE_ID, alert.ruleId());
        properties.put(MonitoringEvents.RULE_NAME, ruleName);
        properties.put(MonitoringEvents.TARGET_ID, alert.targetId());
        properties.put(MonitoringEvents.TARGET_NAME, targetName);
        properties.put(MonitoringEvents.SEVERITY, alert.severity());
        properties.put(MonitoringEvents.SUMMARY, alert.summary());
        properties.put(MonitoringEvents.SUMMARY_EN, alert.summaryEn());
        properties.put(MonitoringEvents.VALUE, alert.value());
        if (actor != null) {
            properties.put(MonitoringEvents.ACTOR, actor);
        }
        events.accept(properties);
    }

    /**
     * @param id an alert
     * @return the alert
     */
    public Optional<Alert> find(long id) {
        return database.dsl().selectFrom(MONITORING_ALERT).where(MONITORING_ALERT.ID.eq(id)).fetchOptional(AlertEngine::view);
    }

    /**
     * @param r a stored alert
     * @return the alert; one stored without an English summary (before the module wrote them) has the Chinese one
     */
    public static Alert view(MonitoringAlertRecord r) {
        return new Alert(r.getId(), r.getRuleId(), r.getTargetId(), r.getFingerprint(), r.getSeverity(), r.getState(),
                r.getSummary(), r.getSummaryEn() == null ? r.getSummary() : r.getSummaryEn(), JsonText.labels(r.getLabels()),
                r.getAlertValue(), r.getPendingAt(), r.getFiredAt(), r.getResolvedAt(), r.getAckBy(), r.getAckAt(), r.getAckReason(),
                r.getNotifiedAt(), r.getResolvedNotifiedAt(), r.getEscalatedAt(), r.getSilencedBy());
    }
}
