package org.opsconsole.security.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/** My account (我的账号): who I am, what I may do, and changing my password. */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "account", title = "我的账号", titleEn = "My account", group = ConsoleConstants.GROUP_SYSTEM, order = 990, icon = "settings",
        permission = "", script = "account-page.js", element = "ops-account-page")
public class AccountPage implements ConsolePage {
}
