package org.opsconsole.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;

/** An audit log for tests: keeps what is recorded, in order, for the test to look at. Thread-safe. */
public final class TestAuditLog implements AuditLog {

    /** What was recorded, oldest first. */
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    /** @return whether an event of the action with the outcome was recorded */
    public boolean has(String action, AuditEvent.Outcome outcome) {
        return events.stream().anyMatch(e -> e.action().equals(action) && e.outcome() == outcome);
    }
}
