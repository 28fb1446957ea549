package org.opsconsole.security.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/** The Roles page (角色与权限): the permissions matrix of the roles that separate duties. */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "roles", title = "角色与权限", titleEn = "Roles and permissions", group = ConsoleConstants.GROUP_SECURITY, order = 110, icon = "shield",
        permission = SecurityPermissions.ROLE_READ, script = "roles-page.js", element = "ops-roles-page")
public class RolesPage implements ConsolePage {
}
