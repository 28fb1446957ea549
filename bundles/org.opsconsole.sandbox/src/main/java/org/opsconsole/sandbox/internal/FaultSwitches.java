package org.opsconsole.sandbox.internal;

import static org.opsconsole.sandbox.internal.schema.Tables.SANDBOX_FAULT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.sandbox.internal.schema.tables.records.SandboxFaultRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The fault switches of the simulated platform, kept in the console's database ({@code sandbox_fault}) so that they
 * survive restarts and every console node sees them: a node reads them again when its copy is older than
 * {@link #FRESH}. Each change is recorded in the audit trail in the same transaction, so that a change the audit trail
 * cannot record is not made. A fault never set is off with its default setting. Thread-safe.
 */
@Component(service = FaultSwitches.class)
public class FaultSwitches {

    static final Duration FRESH = Duration.ofSeconds(2);

    /**
     * A switch as it is now.
     *
     * @param updatedAt when it was last changed, null when never
     * @param updatedBy who changed it last, null when nobody
     */
    record Switch(Fault fault, boolean enabled, int setting, Instant updatedAt, String updatedBy) {
    }

    /** The outcome of a change. */
    sealed interface Change {
        /** @param now the switch as changed */
        record Done(Switch now) implements Change {
        }

        /** @param errors the fields at fault; nothing changed */
        record Invalid(List<FieldError> errors) implements Change {
        }
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Map<Fault, Switch> switches;
    private volatile Instant readAt = Instant.MIN;

    @Activate
    public FaultSwitches(@Reference Database database, @Reference AuditLog audit) {
        this(database, audit, Clock.systemUTC());
    }

    FaultSwitches(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** @return every switch, in the order of {@link Fault} */
    List<Switch> list() {
        return List.copyOf(current().values());
    }

    /** @return the switch of a fault */
    Switch get(Fault fault) {
        return current().get(fault);
    }

    /** @return true when the fault is switched on */
    boolean on(Fault fault) {
        return get(fault).enabled();
    }

    private Map<Fault, Switch> current() {
        Instant now = clock.instant();
        Map<Fault, Switch> known = switches;
        if (known == null || Duration.between(readAt, now).compareTo(FRESH) > 0) {
            known = read();
            switches = known;
            readAt = now;
        }
        return known;
    }

    private Map<Fault, Switch> read() {
        Map<Fault, Switch> read = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            read.put(fault, new Switch(fault, false, fault.defaultSetting(), null, null));
        }
        for (SandboxFaultRecord record : database.dsl().selectFrom(SANDBOX_FAULT).fetch()) {
            Fault.byId(record.getName()).ifPresent(fault -> read.put(fault, new Switch(fault, Boolean.TRUE.equals(record.getEnabled()),
                    record.getSetting(), record.getUpdatedAt(), record.getUpdatedBy())));
        }
        return read;
    }

    /**
     * Switches a fault on or off, or changes its setting; what is not given stays as it is.
     *
     * @param enabled on or off; null to keep
     * @param setting the setting; null to keep
     * @param actor who changes it (a user name)
     * @param source from where
     * @return done, or the fields at fault ({@code enabled}, {@code setting}) with nothing changed
     */
    Change set(Fault fault, Boolean enabled, Integer setting, String actor, String source) {
        List<FieldError> errors = new ArrayList<>();
        if (enabled == null && setting == null) {
            errors.add(new FieldError("enabled", "请给出开关状态或设置值", "Give enabled or setting"));
        }
        if (setting != null && !fault.hasSetting()) {
            errors.add(new FieldError("setting", "该故障没有设置值", "This fault has no setting"));
        } else if (setting != null && (setting < fault.min() || setting > fault.max())) {
            errors.add(new FieldError("setting", "须为 " + fault.min() + " 至 " + fault.max() + " 之间的整数（" + fault.unit() + "）",
                    "Must be a whole number from " + fault.min() + " to " + fault.max() + " (" + fault.unit() + ")"));
        }
        if (!errors.isEmpty()) {
            return new Change.Invalid(errors);
        }
        Instant now = clock.instant();
        Switch changed = database.transactionResult(tx -> {
            var dsl = org.jooq.impl.DSL.using(tx);
            SandboxFaultRecord record = dsl.selectFrom(SANDBOX_FAULT).where(SANDBOX_FAULT.NAME.eq(fault.id())).forUpdate().fetchOne();
            boolean exists = record != null;
            if (!exists) {
                record = dsl.newRecord(SANDBOX_FAULT);
                record.setName(fault.id());
                record.setEnabled(false);
                record.setSetting(fault.defaultSetting());
            }
            if (enabled != null) {
                record.setEnabled(enabled);
            }
            if (setting != null) {
                record.setSetting(setting);
            }
            record.setUpdatedAt(now);
            record.setUpdatedBy(actor);
            if (exists) {
                record.update();
            } else {
                record.insert();
            }
            Switch result = new Switch(fault, record.getEnabled(), record.getSetting(), now, actor);
            audit.record(new AuditEvent(actor, source, "sandbox.fault.change", fault.id(), AuditEvent.Outcome.SUCCESS,
                    (result.enabled() ? "开启 / on" : "关闭 / off") + (fault.hasSetting() ? ", " + result.setting() + " " + fault.unit() : "")));
            return result;
        });
        Map<Fault, Switch> next = new EnumMap<>(current());
        next.put(fault, changed);
        switches = next;
        return new Change.Done(changed);
    }
}
