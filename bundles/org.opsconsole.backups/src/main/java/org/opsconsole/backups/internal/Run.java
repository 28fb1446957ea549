package org.opsconsole.backups.internal;

import java.time.Instant;

/**
 * A backup (一次备份), as recorded.
 *
 * @param id its id, also its folder's name in the repository
 * @param targetId the target's id
 * @param targetName the target's name when it was taken
 * @param targetNameEn the target's English name when it was taken; null when it had none
 * @param reason why it was taken
 * @param state how far it got
 * @param node the console node that took it
 * @param requestedBy who asked for it; null for a schedule
 * @param note what the operator wrote, or what it protects ("模块变更 …")
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param sizeBytes its size in the repository
 * @param plainBytes the size of what it holds, uncompressed
 * @param tables its tables
 * @param rows its rows
 * @param files the files of a folder backup
 * @param durationMs how long it took
 * @param keyId the data key it was sealed with
 * @param error why it failed
 * @param verifyState its last verification's outcome
 * @param verifiedAt when it was last verified
 */
public record Run(String id, long targetId, String targetName, String targetNameEn, Reason reason, State state, String node,
        String requestedBy, String note, Instant startedAt, Instant finishedAt, Long sizeBytes, Long plainBytes, Integer tables, Long rows,
        Long files, Long durationMs, String keyId, String error, VerifyState verifyState, Instant verifiedAt) {

    /** @return the target's English name when it was taken, or its one name when it had no English one */
    public String englishTargetName() {
        return targetNameEn == null ? targetName : targetNameEn;
    }

    /** Why a backup was taken. */
    public enum Reason {
        SCHEDULED, MANUAL, PRE_UPGRADE, BEFORE_RESTORE
    }

    /** How far a backup got. */
    public enum State {
        /** Being taken. */
        RUNNING,
        /** Complete: its manifest is in the repository. */
        COMPLETE,
        /** It failed; nothing of it is left in the repository. */
        FAILED,
        /** The console stopped or was killed while it ran; nothing of it is left. */
        INTERRUPTED,
        /** Deleted by the retention policy or by hand. */
        PRUNED
    }

    /** A backup's last verification. */
    public enum VerifyState {
        NONE, PASSED, FAILED
    }
}
