package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Alerts page (告警): the alerts filtered by state, severity, target and text, and acknowledging many at once with
 * a reason; rendered by {@code web/monitoring-alerts-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring-alerts", title = "告警", titleEn = "Alerts", group = ConsoleConstants.GROUP_MONITORING, order = 20,
        icon = "bell", permission = MonitoringPermissions.READ, script = "monitoring-alerts-page.js", element = "ops-monitoring-alerts-page")
public class AlertsPage implements ConsolePage {
}
