package org.opsconsole.notify.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The notification permissions: seeing the configured channels and the delivery log ({@value #READ}), sending a failed
 * delivery again and publishing a notice ({@value #OPERATE}), and adding, changing, removing and testing channels
 * ({@value #CONFIGURE}). The inbox needs none: every signed-in user reads the messages addressed to them.
 */
@Component
public class NotifyPermissions implements PermissionProvider {

    static final String READ = "notify.read";
    static final String OPERATE = "notify.operate";
    static final String CONFIGURE = "notify.configure";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看通知渠道和投递记录", "View notification channels and the delivery log"),
            new PermissionDefinition(OPERATE, "重试失败的投递、发布通知", "Retry failed deliveries and publish notices"),
            new PermissionDefinition(CONFIGURE, "添加、修改、删除和测试通知渠道", "Add, change, remove and test notification channels"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
