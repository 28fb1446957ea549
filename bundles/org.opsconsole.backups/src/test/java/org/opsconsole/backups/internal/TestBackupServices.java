package org.opsconsole.backups.internal;

import java.nio.file.Path;
import java.time.Clock;

import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/** Backup services for the tests of other packages (the servlets): on a test database, with the data folder given. */
public final class TestBackupServices {

    private TestBackupServices() {
    }

    /**
     * @param db the module's database
     * @param data the console's data folder (the repository goes below it)
     * @param audit where its actions are recorded
     * @return a service without a bundle context: no scheduled jobs, no notifications
     */
    public static BackupService open(TestDatabases.Target db, Path data, AuditLog audit) {
        BackupSettings settings = BackupSettings.of(name -> "opsconsole.data".equals(name) ? data.toString() : null);
        return new BackupService(null, db.database(), new TestSecretBox(), audit, Clock.systemUTC(), settings);
    }

    /**
     * Takes a backup of a target by hand, on the caller's thread.
     *
     * @return the backup, complete
     */
    public static Run backUp(BackupService service, Target target) throws Exception {
        return service.backupNow(target, Run.Reason.MANUAL, "admin", null, () -> false);
    }

    /** Stops a service's workers, waiting for what runs. */
    public static void close(BackupService service) throws InterruptedException {
        service.deactivate();
    }
}
