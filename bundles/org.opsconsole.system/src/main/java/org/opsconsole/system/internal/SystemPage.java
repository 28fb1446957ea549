package org.opsconsole.system.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/** The System page (系统): framework, bundles and features, rendered by {@code web/system-page.js}. */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "system", title = "系统", titleEn = "System", group = ConsoleConstants.GROUP_SYSTEM,
        order = 900, icon = "server", permission = SystemPermissions.READ, script = "system-page.js", element = "ops-system-page")
public class SystemPage implements ConsolePage {
}
