package org.opsconsole.audit.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The audit trail's permissions: reading it ({@value #READ}: the page, the list, the CSV export) and verifying its
 * chain ({@value #VERIFY}). No permission changes or removes a record: there is no such operation.
 */
@Component
public class AuditPermissions implements PermissionProvider {

    static final String READ = "audit.read";
    static final String VERIFY = "audit.verify";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看审计日志", "Read the audit trail"),
            new PermissionDefinition(VERIFY, "校验审计日志完整性", "Verify the audit trail"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
