package ${package}.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Greetings page (问候), at {@code /#/${module}} for users with {@value GreetingsPermissions#READ}. The shell
 * serves this bundle's {@code web/} folder at {@code /console/pages/${module}/}, loads {@code greetings-page.js} and
 * shows the element {@code ${module}-greetings-page} it defines. The page appears in the navigation when this bundle
 * starts and disappears when it stops.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "${module}", title = "问候", titleEn = "Greetings", group = ConsoleConstants.GROUP_OPERATIONS,
        order = 800, icon = "book", permission = GreetingsPermissions.READ, script = "greetings-page.js",
        element = "${module}-greetings-page")
public class GreetingsPage implements ConsolePage {
}
