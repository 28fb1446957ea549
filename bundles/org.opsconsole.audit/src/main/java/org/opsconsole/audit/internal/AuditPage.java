package org.opsconsole.audit.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The auditor's page (审计日志): the audit records filtered by time, user, action and outcome, their CSV export,
 * and the chain's verification; rendered by {@code web/audit-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "audit", title = "审计日志", titleEn = "Audit trail", group = ConsoleConstants.GROUP_SECURITY,
        order = 200, icon = "shield", permission = AuditPermissions.READ, script = "audit-page.js",
        element = "ops-audit-page")
public class AuditPage implements ConsolePage {
}
