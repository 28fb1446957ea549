package org.opsconsole.jobs.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The scheduler's permissions: seeing the jobs and their runs ({@value #READ}), and running a job now
 * ({@value #OPERATE}, which each job may add its own permission to).
 */
@Component
public class JobsPermissions implements PermissionProvider {

    static final String READ = "jobs.read";
    static final String OPERATE = "jobs.operate";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看计划任务", "View scheduled jobs"),
            new PermissionDefinition(OPERATE, "立即运行计划任务", "Run scheduled jobs now"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
