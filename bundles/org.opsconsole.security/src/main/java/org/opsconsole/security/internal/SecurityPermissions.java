package org.opsconsole.security.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/** The permissions identity and access checks. */
@Component
public class SecurityPermissions implements PermissionProvider {

    static final String USER_READ = "security.user.read";
    static final String USER_WRITE = "security.user.write";
    static final String ROLE_READ = "security.role.read";
    static final String ROLE_WRITE = "security.role.write";

    @Override
    public List<PermissionDefinition> permissions() {
        return List.of(
                new PermissionDefinition(USER_READ, "查看用户", "View users"),
                new PermissionDefinition(USER_WRITE, "管理用户（新建、停用、重置密码、分配角色）", "Manage users (create, disable, reset passwords, assign roles)"),
                new PermissionDefinition(ROLE_READ, "查看角色与权限", "View roles and permissions"),
                new PermissionDefinition(ROLE_WRITE, "为角色授予权限", "Grant permissions to roles"));
    }
}
