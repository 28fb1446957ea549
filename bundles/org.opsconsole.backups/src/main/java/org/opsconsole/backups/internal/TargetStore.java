package org.opsconsole.backups.internal;

import static org.opsconsole.backups.internal.schema.Tables.BACKUP_SEED;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_TARGET;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.backups.internal.schema.tables.records.BackupTargetRecord;
import org.quartz.CronExpression;

/**
 * The targets (备份对象) in the console's database: their settings checked by their kind, secrets sealed. Thread-safe.
 */
public final class TargetStore {

    /** A name taken by another target. */
    public static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A target as an operator gave it; a null field was not given (kept as stored, or the default).
     *
     * @param name its name
     * @param nameEn its name in English; empty for none. Not given when the name changes, the English name is cleared:
     *        it named what the old name did
     * @param kind its kind (only when creating)
     * @param settings the kind's settings in clear; a secret left empty keeps the stored one
     * @param schedule a cron expression; empty for by hand only
     * @param keepLast the newest backups kept
     * @param keepDaily the days kept
     * @param keepWeekly the weeks kept
     * @param keepMonthly the months kept
     * @param expectHours the dead-man's switch in hours; 0 for none
     * @param upgrade whether it is backed up before upgrades
     * @param enabled whether its schedule runs
     */
    public record Input(String name, String nameEn, String kind, Map<String, String> settings, String schedule, Integer keepLast,
            Integer keepDaily, Integer keepWeekly, Integer keepMonthly, Integer expectHours, Boolean upgrade, Boolean enabled) {

        /** @return the same without an English name */
        Input withoutNameEn() {
            return new Input(name, null, kind, settings, schedule, keepLast, keepDaily, keepWeekly, keepMonthly, expectHours, upgrade,
                    enabled);
        }
    }

    /** What checking an input gave: the record to store, or what is wrong. */
    public record Checked(BackupTargetRecord record, List<FieldError> errors) {
    }

    private final Database database;
    private final SecretBox box;
    private final Clock clock;
    private final Path home;

    TargetStore(Database database, SecretBox box, Clock clock, Path home) {
        this.database = database;
        this.box = box;
        this.clock = clock;
        this.home = home;
    }

    public List<Target> list() {
        return database.dsl().selectFrom(BACKUP_TARGET).orderBy(BACKUP_TARGET.NAME).fetch(TargetStore::target);
    }

    public Optional<Target> find(long id) {
        return database.dsl().selectFrom(BACKUP_TARGET).where(BACKUP_TARGET.ID.eq(id)).fetchOptional(TargetStore::target);
    }

    /** @return a folder target's folder, relative paths from the console's home */
    public Path folder(Target target) {
        return home.resolve(target.settings().open(box).getOrDefault("path", "")).normalize();
    }

    /** @return the target's settings in clear */
    Map<String, String> settings(Target target) {
        return target.settings().open(box);
    }

    /**
     * Creates a target.
     *
     * @return the target, or the errors
     * @throws NameTakenException when the name is taken
     */
    public Checked create(Input input) {
        List<FieldError> errors = new ArrayList<>();
        Optional<TargetKind> kind = TargetKind.of(input.kind());
        if (input.kind() == null) {
            errors.add(new FieldError("kind", "必填", "Required"));
        } else if (kind.isEmpty()) {
            errors.add(new FieldError("kind", "没有这种备份对象", "No such kind of target"));
        }
        if (input.name() == null) {
            errors.add(new FieldError("name", "必填", "Required"));
        }
        if (!errors.isEmpty()) {
            return new Checked(null, errors);
        }
        BackupTargetRecord record = database.dsl().newRecord(BACKUP_TARGET);
        record.setKind(kind.get().id());
        record.setSettings("{}");
        record.setKeepLast(3);
        record.setKeepDaily(7);
        record.setKeepWeekly(4);
        record.setKeepMonthly(6);
        record.setUpgradeBackup(kind.get() == TargetKind.CONSOLE);
        record.setEnabled(true);
        record.setCreatedAt(clock.instant());
        Checked checked = apply(record, kind.get(), input);
        if (checked.errors().isEmpty() && nameEnTaken(record.getNameEn(), null)) {
            checked = nameEnTaken();
        }
        if (!checked.errors().isEmpty()) {
            return checked;
        }
        try {
            record.store();
        } catch (DataAccessException e) {
            if (nameTaken(record.getName(), null)) {
                throw new NameTakenException();
            }
            if (nameEnTaken(record.getNameEn(), null)) {
                return nameEnTaken();
            }
            throw e;
        }
        return checked;
    }

    /**
     * Changes a target.
     *
     * @return the target, or the errors; empty when there is none with the id
     * @throws NameTakenException when the new name is taken
     */
    public Optional<Checked> update(long id, Input input) {
        return database.transactionResult(tx -> {
            DSLContext dsl = tx.dsl();
            BackupTargetRecord record = dsl.selectFrom(BACKUP_TARGET).where(BACKUP_TARGET.ID.eq(id)).forUpdate().fetchOne();
            if (record == null) {
                return Optional.<Checked>empty();
            }
            List<FieldError> errors = new ArrayList<>();
            if (input.kind() != null && !input.kind().equals(record.getKind())) {
                errors.add(new FieldError("kind", "备份对象的种类不能更改", "A target's kind cannot be changed"));
                return Optional.of(new Checked(null, errors));
            }
            Checked checked = apply(record, TargetKind.of(record.getKind()).orElseThrow(), input);
            if (checked.errors().isEmpty()) {
                if (nameTaken(record.getName(), id)) {
                    throw new NameTakenException();
                }
                if (nameEnTaken(record.getNameEn(), id)) {
                    return Optional.of(nameEnTaken());
                }
                record.store();
            }
            return Optional.of(checked);
        });
    }

    /** @return whether a target was deleted; its backups stay until pruned by hand */
    public boolean delete(long id) {
        return database.dsl().deleteFrom(BACKUP_TARGET).where(BACKUP_TARGET.ID.eq(id)).execute() > 0;
    }

    /** Records (or clears, with null) when the dead-man's switch raised its alert. */
    void overdue(long id, java.time.Instant at) {
        database.dsl().update(BACKUP_TARGET).set(BACKUP_TARGET.OVERDUE_AT, at).where(BACKUP_TARGET.ID.eq(id)).execute();
    }

    /**
     * Creates a seed target once: never again once it was made, even when an operator deleted it. When another target
     * has its English name, it is made without one.
     *
     * @return whether it was made now
     */
    boolean seed(Input input) {
        return database.transactionResult(tx -> {
            DSLContext dsl = tx.dsl();
            if (dsl.fetchExists(BACKUP_SEED, BACKUP_SEED.NAME.eq(input.name()))) {
                return false;
            }
            dsl.insertInto(BACKUP_SEED).set(BACKUP_SEED.NAME, input.name()).set(BACKUP_SEED.SEEDED_AT, clock.instant()).execute();
            if (dsl.fetchExists(BACKUP_TARGET, BACKUP_TARGET.NAME.eq(input.name()))) {
                return false;
            }
            Checked checked = create(input.nameEn() != null && nameEnTaken(input.nameEn(), null) ? input.withoutNameEn() : input);
            if (!checked.errors().isEmpty()) {
                throw new IllegalStateException("seed target " + input.name() + ": " + checked.errors());
            }
            return true;
        });
    }

    private boolean nameTaken(String name, Long except) {
        return database.dsl().fetchExists(BACKUP_TARGET,
                BACKUP_TARGET.NAME.eq(name).and(except == null ? org.jooq.impl.DSL.trueCondition() : BACKUP_TARGET.ID.ne(except)));
    }

    private boolean nameEnTaken(String nameEn, Long except) {
        return nameEn != null && database.dsl().fetchExists(BACKUP_TARGET,
                BACKUP_TARGET.NAME_EN.eq(nameEn).and(except == null ? org.jooq.impl.DSL.trueCondition() : BACKUP_TARGET.ID.ne(except)));
    }

    private static Checked nameEnTaken() {
        return new Checked(null, List.of(new FieldError("nameEn", "已有备份对象使用这个英文名称", "Another target has this English name")));
    }

    /** Checks an input and puts it into the record; the record is not stored. */
    private Checked apply(BackupTargetRecord record, TargetKind kind, Input input) {
        List<FieldError> errors = new ArrayList<>();
        String oldName = record.getName();
        if (input.name() != null) {
            String name = input.name().strip();
            if (name.isEmpty() || name.length() > 100) {
                errors.add(new FieldError("name", "须为 1 到 100 个字符", "Must be 1 to 100 characters"));
            } else {
                record.setName(name);
            }
        }
        if (input.nameEn() != null) {
            String nameEn = input.nameEn().strip();
            if (nameEn.length() > 100) {
                errors.add(new FieldError("nameEn", "最多 100 个字符，不需要英文名称时留空", "At most 100 characters; empty for none"));
            } else {
                record.setNameEn(nameEn.isEmpty() ? null : nameEn);
            }
        } else if (oldName != null && !oldName.equals(record.getName())) {
            // renamed without an English name: the old one named what the old name did
            record.setNameEn(null);
        }
        SettingValues.Checked settings = SettingValues.check(SettingValues.parse(record.getSettings()), input.settings(), kind.fields(),
                kind::validate, box);
        errors.addAll(settings.errors());
        if (settings.errors().isEmpty()) {
            record.setSettings(settings.settings().toJson());
            if (kind == TargetKind.FILES) {
                Path folder = home.resolve(settings.clear().getOrDefault("path", "")).normalize();
                if (!Files.isDirectory(folder)) {
                    errors.add(new FieldError(SettingValues.FIELD_PREFIX + "path", "该文件夹不存在：" + folder,
                            "No such folder: " + folder));
                }
            }
        }
        if (input.schedule() != null) {
            String schedule = input.schedule().strip();
            if (schedule.isEmpty()) {
                record.setSchedule(null);
            } else if (schedule.length() > 120 || !CronExpression.isValidExpression(schedule)) {
                errors.add(new FieldError("schedule", "不是有效的 cron 表达式（含秒，如 0 0 2 * * ? 表示每天 2:00）",
                        "Not a valid cron expression (with seconds: 0 0 2 * * ? is every day at 2:00)"));
            } else {
                record.setSchedule(schedule);
            }
        }
        number(input.keepLast(), "keepLast", 0, 1000, errors).ifPresent(record::setKeepLast);
        number(input.keepDaily(), "keepDaily", 0, 1000, errors).ifPresent(record::setKeepDaily);
        number(input.keepWeekly(), "keepWeekly", 0, 1000, errors).ifPresent(record::setKeepWeekly);
        number(input.keepMonthly(), "keepMonthly", 0, 1000, errors).ifPresent(record::setKeepMonthly);
        number(input.expectHours(), "expectHours", 0, 24 * 366, errors).ifPresent(h -> record.setExpectHours(h == 0 ? null : h));
        if (input.upgrade() != null) {
            record.setUpgradeBackup(input.upgrade());
        }
        if (input.enabled() != null) {
            record.setEnabled(input.enabled());
        }
        if (record.getKeepLast() + record.getKeepDaily() + record.getKeepWeekly() + record.getKeepMonthly() == 0) {
            errors.add(new FieldError("keepLast", "保留策略至少保留一份备份", "The retention policy must keep at least one backup"));
        }
        record.setUpdatedAt(clock.instant());
        return new Checked(errors.isEmpty() ? record : null, errors);
    }

    private static Optional<Integer> number(Integer value, String field, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "须在 " + min + " 到 " + max + " 之间", "Must be between " + min + " and " + max));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    static Target target(BackupTargetRecord r) {
        return new Target(r.getId(), r.getName(), r.getNameEn(), TargetKind.of(r.getKind()).orElseThrow(),
                SettingValues.parse(r.getSettings()), r.getSchedule(),
                new Retention(r.getKeepLast(), r.getKeepDaily(), r.getKeepWeekly(), r.getKeepMonthly()), r.getExpectHours(),
                r.getUpgradeBackup(), r.getEnabled(), r.getOverdueAt(), r.getCreatedAt(), r.getUpdatedAt());
    }
}
