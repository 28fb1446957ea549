package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Silences page (静默与维护): the active, upcoming and past silences and maintenance windows, creating one and ending
 * one early; rendered by {@code web/monitoring-silences-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring-silences", title = "静默与维护", titleEn = "Silences", group = ConsoleConstants.GROUP_MONITORING, order = 40,
        icon = "clock", permission = MonitoringPermissions.READ, script = "monitoring-silences-page.js", element = "ops-monitoring-silences-page")
public class SilencesPage implements ConsolePage {
}
