package org.opsconsole.modules.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The plugin manager's permissions: seeing the installed modules and the change history ({@value #READ}), and
 * installing, updating, removing and reverting modules ({@value #INSTALL}) — the most privileged action in the
 * console, which only the system administrator's role grants (the operator's role excludes {@code plugins.*}).
 */
@Component
public class PluginPermissions implements PermissionProvider {

    static final String READ = "plugins.read";
    static final String INSTALL = "plugins.install";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看已安装的模块和变更历史", "View the installed modules and their change history"),
            new PermissionDefinition(INSTALL, "安装、更新、卸载和回退模块", "Install, update, remove and revert modules"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
