package org.opsconsole.audit.internal;

import static org.opsconsole.audit.internal.schema.Tables.AUDIT_EVENT;

import java.util.List;

import org.jooq.DSLContext;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditEvent.Outcome;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;

/** What the audit trail's tests append and read back. */
final class TestTrails {

    private TestTrails() {
    }

    /** The n-th test record: three actors, two actions, every other field numbered. */
    static AuditEvent event(int n) {
        return new AuditEvent("user" + (n % 3), "10.0.0." + n, "test.act" + (n % 2), "target " + n, Outcome.SUCCESS,
                "detail " + n);
    }

    /** Appends the test records 1 to count. */
    static void append(AuditTrail trail, int count) {
        for (int n = 1; n <= count; n++) {
            trail.record(event(n));
        }
    }

    /** @return every record, oldest first */
    static List<AuditEventRecord> rows(DSLContext dsl) {
        return dsl.selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.ID).fetch();
    }
}
