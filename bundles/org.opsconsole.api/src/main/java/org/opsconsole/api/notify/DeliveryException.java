package org.opsconsole.api.notify;

/**
 * A delivery did not happen. The core retries it later unless it is {@linkplain #isPermanent() permanent}
 * (a retry would fail the same way, such as a rejected signature or a malformed address); either way the
 * message is shown to the operators.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    /**
     * @param message what went wrong, in words an operator understands (the receiver's answer included)
     * @param permanent whether retrying cannot help
     * @param cause the underlying error; may be null
     */
    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /**
     * A failure worth retrying.
     *
     * @param message what went wrong
     */
    public DeliveryException(String message) {
        this(message, false, null);
    }

    /** @return whether retrying cannot help */
    public boolean isPermanent() {
        return permanent;
    }
}
