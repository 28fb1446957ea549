package org.opsconsole.monitoring.internal.pages;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.osgi.service.component.annotations.Component;

/**
 * The Alert rules page (告警规则): the rules, and creating, changing and deleting them (read-only without {@code
 * monitoring.configure}); rendered by {@code web/monitoring-rules-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "monitoring-rules", title = "告警规则", titleEn = "Alert rules", group = ConsoleConstants.GROUP_MONITORING, order = 30,
        icon = "settings", permission = MonitoringPermissions.READ, script = "monitoring-rules-page.js", element = "ops-monitoring-rules-page")
public class RulesPage implements ConsolePage {
}
