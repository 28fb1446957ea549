package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Targets page (监控目标): the monitored targets, and creating, testing, changing and deleting them with the settings
 * their probe kind declares; rendered by {@code web/monitoring-targets-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring-targets", title = "监控目标", titleEn = "Targets", group = ConsoleConstants.GROUP_MONITORING, order = 50,
        icon = "server", permission = MonitoringPermissions.READ, script = "monitoring-targets-page.js", element = "ops-monitoring-targets-page")
public class TargetsPage implements ConsolePage {
}
