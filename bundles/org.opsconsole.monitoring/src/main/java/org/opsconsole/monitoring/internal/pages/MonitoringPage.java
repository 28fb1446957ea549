package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Monitoring page (监控总览): the live status grid of the targets, the current alerts and the key charts, and at
 * {@code #/monitoring/target/<id>} one target's charts, probe results, state changes and rules; rendered by {@code
 * web/monitoring-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring", title = "监控总览", titleEn = "Monitoring", group = ConsoleConstants.GROUP_MONITORING, order = 10,
        icon = "activity", permission = MonitoringPermissions.READ, script = "monitoring-page.js", element = "ops-monitoring-page")
public class MonitoringPage implements ConsolePage {
}
