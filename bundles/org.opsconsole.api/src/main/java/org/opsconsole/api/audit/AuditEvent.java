package org.opsconsole.api.audit;

import java.util.Objects;

/**
 * One operator action to record.
 *
 * @param actor the user who acted (user name), or {@code "system"} for the console itself
 * @param source where from: the client's address for requests, or the job or module name
 * @param action what was done, as {@code <module>.<verb>} (for example {@code backup.run}, {@code user.create},
 *        {@code login})
 * @param target on what, for example the user name or backup id; empty when none
 * @param outcome how it ended
 * @param detail more, in words an auditor understands (never a secret); empty when none
 */
public record AuditEvent(String actor, String source, String action, String target, Outcome outcome, String detail) {

    /** How an action ended. */
    public enum Outcome {
        /** It was done. */
        SUCCESS,
        /** It was tried and failed. */
        FAILURE,
        /** It was refused: no permission, bad credentials, locked out. */
        DENIED
    }

    /**
     * Checks the fields: actor, action and outcome are required; null texts become empty.
     */
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        source = source == null ? "" : source;
        target = target == null ? "" : target;
        detail = detail == null ? "" : detail;
    }
}
