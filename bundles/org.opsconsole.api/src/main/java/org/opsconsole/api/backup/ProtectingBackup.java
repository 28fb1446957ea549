package org.opsconsole.api.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * The backup that protects a module change.
 *
 * @param backupId the backup's id, shown in the change history
 * @param completedAt when it completed
 * @param takenNow true when it was taken for this change, false when a recent one was found
 * @param link the console path that shows it
 */
public record ProtectingBackup(String backupId, Instant completedAt, boolean takenNow, String link) {

    /** Checks that the id, time and link are given. */
    public ProtectingBackup {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(link, "link");
    }
}
