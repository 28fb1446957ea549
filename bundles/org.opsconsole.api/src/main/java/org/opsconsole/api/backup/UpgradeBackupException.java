package org.opsconsole.api.backup;

/** A backup a module change needed could not be taken; the message says why, in Chinese and English. */
public class UpgradeBackupException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why, for the operator
     * @param cause the failure, or null
     */
    public UpgradeBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
