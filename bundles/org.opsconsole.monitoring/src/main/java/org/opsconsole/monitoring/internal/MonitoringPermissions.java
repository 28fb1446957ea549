package org.opsconsole.monitoring.internal;

import java.util.List;

import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.api.security.PermissionProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The monitoring module's permissions: seeing targets, charts, alerts and suggestions ({@value #READ}); the day's work
 * on alerts, silences, maintenance windows and suggestions ({@value #OPERATE}); configuring targets and alert rules
 * ({@value #CONFIGURE}, which the system administrator holds and operators do not).
 */
@Component
public class MonitoringPermissions implements PermissionProvider {

    /** See targets, charts, probe results, alerts, rules, silences and suggestions. */
    public static final String READ = "monitoring.read";
    /** Acknowledge alerts, create and end silences and maintenance windows, dismiss suggestions. */
    public static final String OPERATE = "monitoring.operate";
    /** Create, change and delete targets and alert rules. */
    public static final String CONFIGURE = "monitoring.configure";

    private static final List<PermissionDefinition> PERMISSIONS = List.of(
            new PermissionDefinition(READ, "查看监控目标、图表、告警、规则、静默与调优建议",
                    "View monitoring targets, charts, alerts, rules, silences and suggestions"),
            new PermissionDefinition(OPERATE, "确认告警、设置静默与维护窗口、忽略调优建议",
                    "Acknowledge alerts, set silences and maintenance windows, dismiss suggestions"),
            new PermissionDefinition(CONFIGURE, "配置监控目标与告警规则",
                    "Configure monitoring targets and alert rules"));

    @Override
    public List<PermissionDefinition> permissions() {
        return PERMISSIONS;
    }
}
