package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Suggestions page (调优建议): tuning and fault-prevention suggestions with their evidence and action, dismissing and
 * restoring them, and analysing again; rendered by {@code web/monitoring-suggestions-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring-suggestions", title = "调优建议", titleEn = "Suggestions", group = ConsoleConstants.GROUP_MONITORING, order = 60,
        icon = "bar-chart", permission = MonitoringPermissions.READ, script = "monitoring-suggestions-page.js", element = "ops-monitoring-suggestions-page")
public class SuggestionsPage implements ConsolePage {
}
