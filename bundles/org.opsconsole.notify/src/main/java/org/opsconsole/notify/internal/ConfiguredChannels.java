package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_CHANNEL;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The channels operators configure (通知渠道): adding, changing and removing them, and sending a test message through
 * one. Settings are checked by the core (unknown names, required fields, each value's kind) and then by the channel's
 * kind; secrets are sealed with the {@link SecretBox} before they are stored and never given back. Every change and
 * test is recorded in the audit trail (the names of the settings that changed, never their values), in the same
 * transaction as the change, so that a change the audit trail cannot record is not made. Thread-safe.
 */
@Component(service = ConfiguredChannels.class)
public class ConfiguredChannels {

    /** The test message's link: the channels page. */
    static final String TEST_LINK = "/#/notify-channels";

    /**
     * What an operator gave for a channel; null parts were not given (on an update: keep them).
     *
     * @param settings the values by setting name; a secret left empty keeps the stored one
     */
    record Input(String id, String name, String type, Boolean enabled, String minSeverity, Map<String, String> settings) {
    }

    /** A channel with its kind (empty when not installed) and how many of its deliveries are pending and failed. */
    record View(NotifyChannelRecord channel, Optional<ChannelKinds.Kind> kind, int pending, int failed) {
    }

    /** What became of a change. */
    sealed interface Change {

        /** Done: the channel as it is now. */
        record Done(View view) implements Change {
        }

        /** Refused: the fields at fault. */
        record Invalid(List<FieldError> errors) implements Change {
        }

        /** No channel has the id. */
        record Unknown() implements Change {
        }

        /** The id is taken. */
        record Taken(List<FieldError> errors) implements Change {
        }
    }

    /** What became of a test message. */
    sealed interface Test {

        /** The receiver took it. */
        record Sent(long messageId, long deliveryId) implements Test {
        }

        /** The receiver did not take it, saying why. */
        record Failed(String error, long messageId, long deliveryId) implements Test {
        }

        /** No channel has the id. */
        record Unknown() implements Test {
        }

        /** The channel's kind is not installed. */
        record KindMissing(String error) implements Test {
        }
    }

    private final Database database;
    private final Deliveries deliveries;
    private final Messages messages;
    private final ChannelKinds kinds;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final OutboxWorker worker;
    private final Clock clock;

    @Activate
    public ConfiguredChannels(@Reference Database database, @Reference ChannelKinds kinds, @Reference SecretBox secrets,
            @Reference AuditLog audit, @Reference OutboxWorker worker) {
        this(database, kinds, secrets, audit, worker, Clock.systemUTC());
    }

    ConfiguredChannels(Database database, ChannelKinds kinds, SecretBox secrets, AuditLog audit, OutboxWorker worker,
            Clock clock) {
        this.database = database;
        this.deliveries = new Deliveries(database);
        this.messages = new Messages(database);
        this.kinds = kinds;
        this.secrets = secrets;
        this.audit = audit;
        this.worker = worker;
        this.clock = clock;
    }

    /** @return every configured channel, ordered by name */
    List<View> list() {
        Map<String, Map<Deliveries.State, Integer>> counts = deliveries.countsByChannel();
        return Channels.all(database.dsl()).stream().map(channel -> view(channel, counts)).toList();
    }

    /** @return one channel */
    Optional<View> get(String id) {
        return Channels.find(database.dsl(), id).map(channel -> view(channel, deliveries.countsByChannel()));
    }

    private View view(NotifyChannelRecord channel, Map<String, Map<Deliveries.State, Integer>> counts) {
        Map<Deliveries.State, Integer> own = counts.getOrDefault(channel.getId(), new EnumMap<>(Deliveries.State.class));
        return new View(channel, kinds.kind(channel.getType()), own.getOrDefault(Deliveries.State.PENDING, 0),
                own.getOrDefault(Deliveries.State.FAILED, 0));
    }

    /** Adds a channel. Its id, when not given, is made from its kind ({@code wecom-1}, {@code wecom-2} ...). */
    Change create(Input input, ConsoleUser actor, String source) {
        List<FieldError> errors = new ArrayList<>();
        String id = input.id() == null ? "" : input.id().strip();
        if (!id.isEmpty() && !Channels.ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "编号须为 1 至 63 个小写字母、数字或连字符，以字母或数字开头",
                    "The id is 1 to 63 lower-case letters, digits or hyphens, starting with a letter or digit"));
        }
        String name = name(input.name(), errors);
        String type = input.type() == null ? "" : input.type().strip();
        Optional<ChannelKinds.Kind> kind = Optional.empty();
        if (type.isEmpty()) {
            errors.add(new FieldError("type", "请选择渠道类型", "Choose the kind of channel"));
        } else {
            kind = kinds.kind(type);
            if (kind.isEmpty()) {
                errors.add(new FieldError("type", "渠道类型“" + type + "”未安装", "The channel kind '" + type + "' is not installed"));
            }
        }
        Severity minSeverity = minSeverity(input.minSeverity(), Severity.INFO, errors);
        SettingValues.Checked settings = null;
        if (kind.isPresent()) {
            settings = SettingValues.check(SettingValues.EMPTY, input.settings(), kind.get().fields(), kind.get().channel()::validate,
                    secrets);
            errors.addAll(settings.errors());
            if (settings.settings() != null && settings.settings().toJson().length() > Channels.SETTINGS_LENGTH) {
                errors.add(new FieldError("settings", "设置内容过长", "The settings are too long"));
            }
        }
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        boolean enabled = input.enabled() == null || input.enabled();
        String json = settings.settings().toJson();
        List<String> changed = settings.changed();
        Instant now = now();
        try {
            return database.transactionResult(c -> {
                DSLContext tx = c.dsl();
                String chosen = id.isEmpty() ? freeId(tx, type) : id;
                if (Channels.find(tx, chosen).isPresent()) {
                    return new Change.Taken(List.of(taken()));
                }
                NotifyChannelRecord channel = tx.newRecord(NOTIFY_CHANNEL);
                channel.setId(chosen);
                channel.setName(name);
                channel.setType(type);
                channel.setEnabled(enabled);
                channel.setMinSeverity(minSeverity.name());
                channel.setSettings(json);
                channel.setCreatedAt(now);
                channel.setUpdatedAt(now);
                channel.insert();
                audit(actor, source, "notify.channel.create", chosen, AuditEvent.Outcome.SUCCESS, "name=" + name + ", type=" + type
                        + ", enabled=" + enabled + ", minSeverity=" + minSeverity + ", settings: " + String.join(", ", changed));
                return new Change.Done(new View(channel, kinds.kind(type), 0, 0));
            });
        } catch (DataAccessException e) {
            // two operators adding the same id at once: the primary key lets one of them
            if (e.sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                return new Change.Taken(List.of(taken()));
            }
            throw e;
        }
    }

    private static FieldError taken() {
        return new FieldError("id", "该编号已被其他渠道使用", "Another channel has this id");
    }

    private static String freeId(DSLContext tx, String type) {
        Set<String> used = Set.copyOf(tx.select(NOTIFY_CHANNEL.ID).from(NOTIFY_CHANNEL)
                .where(NOTIFY_CHANNEL.ID.like(type + "-%")).fetch(NOTIFY_CHANNEL.ID));
        String base = type.length() > 55 ? type.substring(0, 55) : type;
        for (int n = 1;; n++) {
            String candidate = base + "-" + n;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * Changes a channel: what is given replaces what is stored (its kind and id stay). Settings given are checked
     * whole, a secret left empty keeping the stored one; settings not given are kept as they are.
     */
    Change update(String id, Input input, ConsoleUser actor, String source) {
        Optional<NotifyChannelRecord> found = Channels.find(database.dsl(), id);
        if (found.isEmpty()) {
            return new Change.Unknown();
        }
        NotifyChannelRecord stored = found.get();
        List<FieldError> errors = new ArrayList<>();
        if (input.id() != null && !input.id().strip().equals(id)) {
            errors.add(new FieldError("id", "渠道编号不能修改", "A channel's id cannot be changed"));
        }
        if (input.type() != null && !input.type().strip().equals(stored.getType())) {
            errors.add(new FieldError("type", "渠道类型不能修改，请删除后重新添加", "A channel's kind cannot be changed; remove it and add a new one"));
        }
        String name = input.name() == null ? stored.getName() : name(input.name(), errors);
        Severity minSeverity = input.minSeverity() == null ? Channels.minSeverity(stored)
                : minSeverity(input.minSeverity(), Severity.INFO, errors);
        boolean enabled = input.enabled() == null ? Boolean.TRUE.equals(stored.getEnabled()) : input.enabled();
        String json = stored.getSettings();
        List<String> changed = List.of();
        if (input.settings() != null) {
            Optional<ChannelKinds.Kind> kind = kinds.kind(stored.getType());
            if (kind.isEmpty()) {
                errors.add(new FieldError("type", "渠道类型“" + stored.getType() + "”未安装，无法修改设置",
                        "The channel kind '" + stored.getType() + "' is not installed: its settings cannot be changed"));
            } else {
                SettingValues current;
                try {
                    current = SettingValues.parse(stored.getSettings());
                } catch (IllegalStateException e) {
                    current = SettingValues.EMPTY;
                }
                SettingValues.Checked checked = SettingValues.check(current, input.settings(), kind.get().fields(),
                        kind.get().channel()::validate, secrets);
                errors.addAll(checked.errors());
                if (checked.settings() != null) {
                    json = checked.settings().toJson();
                    changed = checked.changed();
                    if (json.length() > Channels.SETTINGS_LENGTH) {
                        errors.add(new FieldError("settings", "设置内容过长", "The settings are too long"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        String settingsJson = json;
        List<String> settingsChanged = changed;
        Instant now = now();
        Optional<View> done = database.transactionResult(c -> {
            DSLContext tx = c.dsl();
            Optional<NotifyChannelRecord> locked = Channels.lock(tx, id);
            if (locked.isEmpty()) {
                return Optional.<NotifyChannelRecord>empty();
            }
            NotifyChannelRecord channel = locked.get();
            List<String> what = new ArrayList<>();
            if (!name.equals(channel.getName())) {
                what.add("name=" + name);
            }
            if (enabled != Boolean.TRUE.equals(channel.getEnabled())) {
                what.add("enabled=" + enabled);
            }
            if (!minSeverity.name().equals(channel.getMinSeverity())) {
                what.add("minSeverity=" + minSeverity);
            }
            if (!settingsChanged.isEmpty()) {
                what.add("settings: " + String.join(", ", settingsChanged));
            }
            channel.setName(name);
            channel.setEnabled(enabled);
            channel.setMinSeverity(minSeverity.name());
            channel.setSettings(settingsJson);
            channel.setUpdatedAt(now);
            channel.update();
            audit(actor, source, "notify.channel.update", id, AuditEvent.Outcome.SUCCESS,
                    what.isEmpty() ? "no change" : String.join("; ", what));
            return Optional.of(channel);
        }).map(channel -> view(channel, deliveries.countsByChannel()));
        if (enabled) {
            worker.wake();
        }
        return done.<Change>map(Change.Done::new).orElseGet(Change.Unknown::new);
    }

    /**
     * Removes a channel; its pending deliveries are given up (the log keeps them all).
     *
     * @return false when no channel has the id
     */
    boolean delete(String id, ConsoleUser actor, String source) {
        return database.transactionResult(c -> {
            DSLContext tx = c.dsl();
            Optional<NotifyChannelRecord> channel = Channels.lock(tx, id);
            if (channel.isEmpty()) {
                return false;
            }
            int given = Deliveries.failPendingOf(tx, id, OutboxWorker.REMOVED);
            tx.deleteFrom(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.ID.eq(id)).execute();
            audit(actor, source, "notify.channel.delete", id, AuditEvent.Outcome.SUCCESS, "name=" + channel.get().getName()
                    + ", type=" + channel.get().getType() + (given > 0 ? ", " + given + " pending deliveries given up" : ""));
            return true;
        });
    }

    /**
     * Sends a test message through a channel now, on this thread (also when it is disabled), and records it: the
     * message (without audience, so no inbox shows it) and its delivery, sent or failed, in the delivery log, and the
     * test in the audit trail.
     */
    Test test(String id, ConsoleUser actor, String source) {
        Optional<NotifyChannelRecord> found = Channels.find(database.dsl(), id);
        if (found.isEmpty()) {
            return new Test.Unknown();
        }
        NotifyChannelRecord channel = found.get();
        if (kinds.kind(channel.getType()).isEmpty()) {
            return new Test.KindMissing(ChannelSender.kindMissing(channel.getType()));
        }
        Instant now = now();
        String who = actor.displayName() == null || actor.displayName().isBlank() ? actor.name() : actor.displayName();
        Notification notification = Notification.builder(Severity.INFO, "【测试】运维管理控制台通知渠道测试")
                .body("这是一条测试消息，用于确认通知渠道“" + channel.getName() + "”可以正常使用，无需处理。发送人：" + who + "。\n"
                        + "This is a test message from the Operations Console confirming that the notification channel \""
                        + channel.getName() + "\" works; nothing to do. Sent by " + who + ".")
                .link(TEST_LINK)
                .source("notify")
                .audience(new Audience(Set.of(), Set.of()))
                .build();
        long messageId = database.transactionResult(c -> Messages.insert(c.dsl(), notification, true, now));
        NotifyMessageRecord message = messages.find(messageId)
                .orElseThrow(() -> new IllegalStateException("test message " + messageId + " is gone"));
        ChannelSender.Outcome outcome = worker.sender().send(message, channel);
        String error = outcome instanceof ChannelSender.Outcome.Failed failed ? failed.error()
                : outcome instanceof ChannelSender.Outcome.KindMissing missing ? missing.error() : null;
        Instant end = now();
        return database.transactionResult(c -> {
            long deliveryId = Deliveries.insertDone(c.dsl(), messageId, id, 1, error, worker.node(), end);
            audit(actor, source, "notify.channel.test", id, error == null ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                    "message " + messageId + (error == null ? ", delivered" : ", not delivered: " + error));
            return error == null ? new Test.Sent(messageId, deliveryId) : new Test.Failed(error, messageId, deliveryId);
        });
    }

    private static String name(String given, List<FieldError> errors) {
        String name = given == null ? "" : given.strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "请填写渠道名称", "Enter the channel's name"));
        } else if (name.length() > Channels.NAME_LENGTH) {
            errors.add(new FieldError("name", "名称最多 " + Channels.NAME_LENGTH + " 个字符",
                    "The name has at most " + Channels.NAME_LENGTH + " characters"));
        }
        return name;
    }

    private static Severity minSeverity(String given, Severity fallback, List<FieldError> errors) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        Optional<Severity> severity = Channels.severity(given);
        if (severity.isEmpty()) {
            errors.add(new FieldError("minSeverity", "最低级别须为 INFO、WARNING 或 CRITICAL",
                    "The minimum severity is INFO, WARNING or CRITICAL"));
            return fallback;
        }
        return severity.get();
    }

    private void audit(ConsoleUser actor, String source, String action, String target, AuditEvent.Outcome outcome, String detail) {
        audit.record(new AuditEvent(actor.name(), source, action, target, outcome, detail));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
