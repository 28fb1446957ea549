package org.opsconsole.backups.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.backups.internal.BackupPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Backups page (备份与恢复): the repository's size and usage over time, what runs now with its progress, the
 * backups with their size, duration and verification, verify and restore, the platform's pre-upgrade backup, and the
 * restores done; rendered by {@code web/backups-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "backups", title = "备份与恢复", titleEn = "Backups", group = ConsoleConstants.GROUP_OPERATIONS, order = 30,
        icon = "archive", permission = BackupPermissions.READ, script = "backups-page.js", element = "ops-backups-page")
public class BackupsPage implements ConsolePage {
}
