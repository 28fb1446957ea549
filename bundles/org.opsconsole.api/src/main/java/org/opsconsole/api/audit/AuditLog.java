package org.opsconsole.api.audit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records operator actions in the audit trail. The core records logins, logouts, failed logins and every
 * state-changing request by itself; modules record their own domain actions (a backup started, a ticket
 * closed) here, in the same transaction as the change where they can.
 *
 * <p>Records are never changed or removed through the console; each carries the hash of the one before,
 * and the auditor can verify the chain. Provided by the core; thread-safe.
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends a record with the current time.
     *
     * @param event what happened
     * @throws RuntimeException when the record cannot be stored; the caller's action should then not count as done
     */
    void record(AuditEvent event);
}
