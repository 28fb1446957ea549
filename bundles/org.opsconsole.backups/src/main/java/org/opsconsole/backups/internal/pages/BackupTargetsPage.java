package org.opsconsole.backups.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.backups.internal.BackupPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Backup targets page (备份对象): what is backed up, when, and how long it is kept — the console's database, the
 * platform's databases, folders — with their latest backup and "back up now"; rendered by
 * {@code web/backup-targets-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "backup-targets", title = "备份对象", titleEn = "Backup targets", group = ConsoleConstants.GROUP_OPERATIONS,
        order = 31, icon = "database", permission = BackupPermissions.READ, script = "backup-targets-page.js",
        element = "ops-backup-targets-page")
public class BackupTargetsPage implements ConsolePage {
}
