package org.opsconsole.system.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/** The permission the System page checks. */
@Component
public class SystemPermissions implements PermissionProvider {

    static final String READ = "system.read";

    @Override
    public List<PermissionDefinition> permissions() {
        return List.of(new PermissionDefinition(READ, "查看系统：框架、组件包与特性", "View the system: framework, bundles and features"));
    }
}
