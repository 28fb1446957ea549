package ${package}.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The permissions this extension checks, listed so that the security administrator can grant them to roles while the
 * extension runs. The system administrator has every module permission; the operator role gets every
 * {@code <module>.read} and {@code <module>.operate}.
 */
@Component
public class GreetingsPermissions implements PermissionProvider {

    /** Reading the greetings: the page and {@code GET /api/${module}/greetings}. */
    static final String READ = "${module}.read";
    /** Leaving a greeting, and running the cleanup job now. */
    static final String OPERATE = "${module}.operate";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看问候", "View the greetings"),
            new PermissionDefinition(OPERATE, "留下问候、立即运行问候清理任务", "Leave greetings and run the greetings cleanup now"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
