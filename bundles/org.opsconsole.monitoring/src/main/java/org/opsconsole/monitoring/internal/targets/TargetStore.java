package org.opsconsole.monitoring.internal.targets;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.monitoring.internal.JsonText;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringTargetRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The configured targets: checked, stored (secrets sealed by the core) and audited. Listeners (the scheduler) hear of
 * every change made on this node; other nodes' changes are seen when the scheduler reloads.
 */
@Component(service = TargetStore.class)
public class TargetStore {

    private static final int SETTINGS_LENGTH = 8000;
    private static final int NAME_LENGTH = 100;

    /** What a change came to. */
    public sealed interface Change {
        /** @param target the target as stored now */
        record Done(Target target) implements Change {
        }

        /** @param errors what is wrong, by field */
        record Invalid(List<FieldError> errors) implements Change {
        }

        /** There is no target with that id. */
        record NotFound() implements Change {
        }
    }

    /**
     * A target checked but not stored (for a test probe): the target, and its probe's view with secrets in clear.
     *
     * @param target the target
     * @param probeTarget what the probe gets
     */
    public record Checked(Target target, ProbeTarget probeTarget) implements Change {
    }

    private final Database database;
    private final ProbeKinds kinds;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public TargetStore(@Reference Database database, @Reference ProbeKinds kinds, @Reference SecretBox secrets,
            @Reference AuditLog audit) {
        this(database, kinds, secrets, audit, Clock.systemUTC());
    }

    /**
     * @param database the module's database
     * @param kinds the installed probe kinds
     * @param secrets seals and opens secret settings
     * @param audit records changes
     * @param clock tells the time
     */
    public TargetStore(Database database, ProbeKinds kinds, SecretBox secrets, AuditLog audit, Clock clock) {
        this.database = database;
        this.kinds = kinds;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param listener told after each change made through this store */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** @return every target, by name */
    public List<Target> list() {
        return database.dsl().selectFrom(MONITORING_TARGET).orderBy(MONITORING_TARGET.NAME).fetch(TargetStore::target);
    }

    /**
     * @param id a target's id
     * @return the target
     */
    public Optional<Target> find(long id) {
        return database.dsl().selectFrom(MONITORING_TARGET).where(MONITORING_TARGET.ID.eq(id)).fetchOptional(TargetStore::target);
    }

    /**
     * @param target a stored target
     * @return what its probe gets: the settings with secrets opened
     * @throws IllegalArgumentException when a sealed secret does not open
     */
    public ProbeTarget probeTarget(Target target) {
        return new ProbeTarget(target.id(), target.name(), target.kind(), target.settings().open(secrets),
                Duration.ofSeconds(target.timeoutSeconds()), target.labels());
    }

    /**
     * Checks a target without storing it.
     *
     * @param id the stored target it changes; null for a new one
     * @param input what the operator gave
     * @return the checked target, or what is wrong
     */
    public Change check(Long id, TargetInput input) {
        Optional<Target> stored = id == null ? Optional.empty() : find(id);
        if (id != null && stored.isEmpty()) {
            return new Change.NotFound();
        }
        List<FieldError> errors = new ArrayList<>();
        Candidate candidate = candidate(stored, input, errors);
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        Target target = candidate.target(id == null ? 0 : id, clock.instant(), "");
        return new Checked(target, new ProbeTarget(target.id(), target.name(), target.kind(), candidate.clear(),
                Duration.ofSeconds(target.timeoutSeconds()), target.labels()));
    }

    /**
     * Creates or changes a target.
     *
     * @param id the target to change; null to create one
     * @param input what the operator gave
     * @param user who changes it
     * @param address where from
     * @return the stored target, what is wrong, or that there is no such target
     */
    public Change save(Long id, TargetInput input, String user, String address) {
        Optional<Target> stored = id == null ? Optional.empty() : find(id);
        if (id != null && stored.isEmpty()) {
            return new Change.NotFound();
        }
        List<FieldError> errors = new ArrayList<>();
        Candidate candidate = candidate(stored, input, errors);
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        Instant now = clock.instant();
        Target saved;
        try {
            saved = database.transactionResult(tx -> {
                DSLContext dsl = tx.dsl();
                MonitoringTargetRecord record = id == null ? dsl.newRecord(MONITORING_TARGET)
                        : dsl.selectFrom(MONITORING_TARGET).where(MONITORING_TARGET.ID.eq(id)).forUpdate().fetchSingle();
                Target target = candidate.target(id == null ? 0 : id, now, user);
                record.setName(target.name());
                record.setNameEn(target.nameEn());
                record.setKind(target.kind());
                record.setSettings(target.settings().toJson());
                record.setLabels(JsonText.labels(target.labels()));
                record.setIntervalSeconds(target.intervalSeconds());
                record.setTimeoutSeconds(target.timeoutSeconds());
                record.setEnabled(target.enabled());
                record.setUpdatedAt(now);
                record.setUpdatedBy(user);
                if (id == null) {
                    record.setCreatedAt(now);
                }
                record.store();
                return target(record);
            });
        } catch (IntegrityConstraintViolationException e) {
            return new Change.Invalid(taken(id, candidate));
        }
        String nameEnChange = Objects.equals(saved.nameEn(), stored.map(Target::nameEn).orElse(null)) ? ""
                : saved.nameEn() == null ? ", English name removed" : ", English name " + saved.nameEn();
        audit.record(new AuditEvent(user, address, id == null ? "monitoring.target.create" : "monitoring.target.update",
                saved.name(), AuditEvent.Outcome.SUCCESS, "kind " + saved.kind() + nameEnChange + (candidate.changed().isEmpty() ? ""
                        : ", settings changed: " + String.join(", ", candidate.changed()))));
        listeners.forEach(Runnable::run);
        return new Change.Done(saved);
    }

    /**
     * Deletes a target; its series and alerts stay until they expire.
     *
     * @param id the target
     * @param user who deletes it
     * @param address where from
     * @return the deleted target; empty when there was none
     */
    public Optional<Target> delete(long id, String user, String address) {
        Optional<Target> stored = find(id);
        if (stored.isEmpty()) {
            return stored;
        }
        database.dsl().deleteFrom(MONITORING_TARGET).where(MONITORING_TARGET.ID.eq(id)).execute();
        audit.record(new AuditEvent(user, address, "monitoring.target.delete", stored.get().name(), AuditEvent.Outcome.SUCCESS,
                "kind " + stored.get().kind()));
        listeners.forEach(Runnable::run);
        return stored;
    }

    /**
     * Which unique name another target has already, after the database refused a target for it.
     *
     * @param id the target being changed; null for a new one
     * @param candidate what was to be stored
     * @return the fields whose value another target has
     */
    private List<FieldError> taken(Long id, Candidate candidate) {
        long self = id == null ? 0 : id;
        List<FieldError> errors = new ArrayList<>();
        DSLContext dsl = database.dsl();
        if (dsl.fetchExists(MONITORING_TARGET, MONITORING_TARGET.NAME.eq(candidate.name()).and(MONITORING_TARGET.ID.ne(self)))) {
            errors.add(new FieldError("name", "已有同名的监控目标", "There is a target of this name already"));
        }
        if (candidate.nameEn() != null && dsl.fetchExists(MONITORING_TARGET,
                MONITORING_TARGET.NAME_EN.eq(candidate.nameEn()).and(MONITORING_TARGET.ID.ne(self)))) {
            errors.add(new FieldError("nameEn", "已有其他目标使用此英文名称", "Another target has this English name already"));
        }
        if (errors.isEmpty()) { // the other target is gone again: say what the database refused
            errors.add(new FieldError("name", "已有同名的监控目标", "There is a target of this name already"));
        }
        return errors;
    }

    /** A target checked, before it is stored. */
    private record Candidate(String name, String nameEn, String kind, SettingValues settings, Map<String, String> clear,
            Map<String, String> labels, int interval, int timeout, boolean enabled, List<String> changed) {

        Target target(long id, Instant at, String by) {
            return new Target(id, name, nameEn, kind, settings, labels, interval, timeout, enabled, at, by);
        }
    }

    private Candidate candidate(Optional<Target> stored, TargetInput input, List<FieldError> errors) {
        String name = input.name() != null ? input.name().strip() : stored.map(Target::name).orElse(null);
        if (name == null || name.isEmpty() || name.length() > NAME_LENGTH) {
            errors.add(new FieldError("name", "请填写名称（最多 100 个字符）", "Give a name of at most 100 characters"));
        }
        String nameEn = englishName(stored, name, input.nameEn());
        if (nameEn != null && nameEn.length() > NAME_LENGTH) {
            errors.add(new FieldError("nameEn", "英文名称最多 100 个字符", "Give an English name of at most 100 characters"));
        }
        String kindId = input.kind() != null ? input.kind() : stored.map(Target::kind).orElse(null);
        Optional<ProbeKinds.Kind> kind = kinds.kind(kindId);
        if (kind.isEmpty()) {
            errors.add(new FieldError("kind", kindId == null ? "请选择探测类型" : "未安装该探测类型：" + kindId,
                    kindId == null ? "Choose a kind of probe" : "No such kind of probe is installed: " + kindId));
        } else if (stored.isPresent() && !stored.get().kind().equals(kindId)) {
            errors.add(new FieldError("kind", "已保存的目标不能改变探测类型，请新建一个", "A stored target keeps its kind; create a new one"));
        }
        Map<String, String> labels = input.labels() != null ? input.labels() : stored.map(Target::labels).orElse(Map.of());
        Labels.check(labels, errors);
        int interval = input.intervalSeconds() != null ? input.intervalSeconds() : stored.map(Target::intervalSeconds).orElse(30);
        if (interval < 5 || interval > 86_400) {
            errors.add(new FieldError("intervalSeconds", "探测间隔须在 5 秒到 1 天之间", "The interval is 5 seconds to 1 day"));
        }
        int timeout = input.timeoutSeconds() != null ? input.timeoutSeconds() : stored.map(Target::timeoutSeconds).orElse(10);
        if (timeout < 1 || timeout > 120 || timeout > interval) {
            errors.add(new FieldError("timeoutSeconds", "超时须在 1 到 120 秒之间，且不长于探测间隔",
                    "The timeout is 1 to 120 seconds, and not longer than the interval"));
        }
        boolean enabled = input.enabled() != null ? input.enabled() : stored.map(Target::enabled).orElse(true);
        if (kind.isEmpty()) {
            return null;
        }
        SettingValues.Checked settings = SettingValues.check(stored.map(Target::settings).orElse(SettingValues.EMPTY),
                input.settings(), kind.get().probe().fields(), kind.get().probe()::validate, secrets);
        errors.addAll(settings.errors());
        if (settings.settings() != null && settings.settings().toJson().length() > SETTINGS_LENGTH) {
            errors.add(new FieldError("settings", "设置内容过长", "The settings are too long"));
        }
        return new Candidate(name, nameEn, kindId, settings.settings(), settings.clear(), labels, interval, timeout, enabled,
                settings.changed());
    }

    /**
     * The English name a target will have: the one given (blank for none); not given, the stored one while the name
     * stays, none when the name changes, so that an English name never outlives the name it translates.
     */
    private static String englishName(Optional<Target> stored, String name, String given) {
        if (given != null) {
            return given.isBlank() ? null : given.strip();
        }
        return stored.filter(old -> old.name().equals(name)).map(Target::nameEn).orElse(null);
    }

    private static Target target(MonitoringTargetRecord record) {
        return new Target(record.getId(), record.getName(), record.getNameEn(), record.getKind(),
                SettingValues.parse(record.getSettings()), JsonText.labels(record.getLabels()), record.getIntervalSeconds(), record.getTimeoutSeconds(),
                record.getEnabled(), record.getUpdatedAt(), record.getUpdatedBy());
    }
}
