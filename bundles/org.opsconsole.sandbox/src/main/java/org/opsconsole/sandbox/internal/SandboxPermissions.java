package org.opsconsole.sandbox.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The sandbox's permissions: seeing the simulated platform's data sizes, generations, ground truth and fault switches
 * ({@value #READ}); generating the data again and switching faults ({@value #OPERATE}).
 */
@Component
public class SandboxPermissions implements PermissionProvider {

    static final String READ = "sandbox.read";
    static final String OPERATE = "sandbox.operate";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看模拟平台的数据规模、生成记录、异常基准与故障开关",
                    "View the sandbox's data sizes, generations, ground truth and fault switches"),
            new PermissionDefinition(OPERATE, "重新生成模拟平台数据、开关模拟故障",
                    "Generate the sandbox's data again and switch its simulated faults"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
