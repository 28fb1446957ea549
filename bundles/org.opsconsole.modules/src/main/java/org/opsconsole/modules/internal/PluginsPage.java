package org.opsconsole.modules.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Modules page (模块管理): the installed modules, uploading a module with its plan shown before it is applied,
 * removing one, and the change history with revert; rendered by {@code web/plugins-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "plugins", title = "模块管理", titleEn = "Modules", group = ConsoleConstants.GROUP_SYSTEM, order = 110,
        icon = "puzzle", permission = PluginPermissions.READ, script = "plugins-page.js", element = "ops-plugins-page")
public class PluginsPage implements ConsolePage {
}
