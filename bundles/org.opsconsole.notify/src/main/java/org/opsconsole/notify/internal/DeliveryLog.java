package org.opsconsole.notify.internal;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The delivery log (投递记录): every delivery of every message through every channel, newest first, and sending a failed
 * one again (recorded in the audit trail). Thread-safe.
 */
@Component(service = DeliveryLog.class)
public class DeliveryLog {

    /** A page of the log, whether older entries follow, and how many deliveries are in each state. */
    record Page(List<Deliveries.Entry> entries, boolean more, Map<Deliveries.State, Integer> counts) {
    }

    private final Deliveries deliveries;
    private final AuditLog audit;
    private final OutboxWorker worker;
    private final Clock clock;

    @Activate
    public DeliveryLog(@Reference Database database, @Reference AuditLog audit, @Reference OutboxWorker worker) {
        this(database, audit, worker, Clock.systemUTC());
    }

    DeliveryLog(Database database, AuditLog audit, OutboxWorker worker, Clock clock) {
        this.deliveries = new Deliveries(database);
        this.audit = audit;
        this.worker = worker;
        this.clock = clock;
    }

    /**
     * @param state only deliveries in this state; null for all
     * @param channelId only deliveries through this channel; null for all
     * @param before only deliveries with a smaller id; null for the newest
     */
    Page page(Deliveries.State state, String channelId, int limit, Long before) {
        List<Deliveries.Entry> entries = deliveries.log(state, channelId, limit + 1, before);
        boolean more = entries.size() > limit;
        return new Page(more ? entries.subList(0, limit) : entries, more, deliveries.counts());
    }

    /** @return how many attempts a delivery gets */
    int maxAttempts() {
        return worker.maxAttempts();
    }

    /** Sends a failed delivery again: pending, due now, its attempts counted from zero; audited in the same transaction. */
    Deliveries.Retry retry(long id, ConsoleUser actor, String source) {
        Deliveries.Retry result = deliveries.retry(id, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                delivery -> audit.record(new AuditEvent(actor.name(), source, "notify.delivery.retry", Long.toString(id),
                        AuditEvent.Outcome.SUCCESS, "channel " + delivery.getChannelId() + ", message " + delivery.getMessageId()
                                + ", after " + delivery.getAttempts() + " attempt(s): " + delivery.getLastError())));
        if (result == Deliveries.Retry.QUEUED) {
            worker.wake();
        }
        return result;
    }
}
