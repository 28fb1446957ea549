package org.opsconsole.security.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/** The Users page (用户管理): create, disable, reset passwords, assign roles. */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "users", title = "用户管理", titleEn = "Users", group = ConsoleConstants.GROUP_SECURITY, order = 100, icon = "users",
        permission = SecurityPermissions.USER_READ, script = "users-page.js", element = "ops-users-page")
public class UsersPage implements ConsolePage {
}
