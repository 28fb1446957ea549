package org.opsconsole.backups.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The backup module's permissions: seeing backups ({@value #READ}); taking and verifying them ({@value #OPERATE}, the
 * operators' daily work); restoring ({@value #RESTORE}, which overwrites data: the system administrator's); and
 * configuring targets, schedules and retention ({@value #CONFIGURE}).
 */
@Component
public class BackupPermissions implements PermissionProvider {

    /** See targets, backups, verifications, restores and the repository's usage. */
    public static final String READ = "backup.read";
    /** Start a backup (also the platform's pre-upgrade backup) and verify one. */
    public static final String OPERATE = "backup.operate";
    /** Restore a backup, into a scratch database or over the original. */
    public static final String RESTORE = "backup.restore";
    /** Create, change and delete targets, their schedules and retention. */
    public static final String CONFIGURE = "backup.configure";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看备份对象、备份记录、校验与恢复记录、仓库用量",
                    "View backup targets, backups, verifications, restores and the repository's usage"),
            new PermissionDefinition(OPERATE, "立即备份（含升级前备份）、校验备份", "Start backups (also pre-upgrade backups) and verify them"),
            new PermissionDefinition(RESTORE, "恢复备份（到临时库或覆盖原库）", "Restore backups (into a scratch database or over the original)"),
            new PermissionDefinition(CONFIGURE, "配置备份对象、计划与保留策略", "Configure backup targets, schedules and retention"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
