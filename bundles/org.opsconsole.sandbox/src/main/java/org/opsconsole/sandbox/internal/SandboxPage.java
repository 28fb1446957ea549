package org.opsconsole.sandbox.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Sandbox page (模拟平台): the simulated platform's data sizes per table, its generations with their progress, a
 * form to generate the data again with a seed and a scale, the injected anomalies, and the fault switches; rendered by
 * {@code web/sandbox-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "sandbox", title = "模拟平台", titleEn = "Sandbox", group = ConsoleConstants.GROUP_SYSTEM,
        order = 950, icon = "database", permission = SandboxPermissions.READ, script = "sandbox-page.js",
        element = "ops-sandbox-page")
public class SandboxPage implements ConsolePage {
}
