package org.opsconsole.notify.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Delivery log page (投递记录): every delivery of every notification through every channel, filtered by state,
 * failed ones with their error and a retry button; rendered by {@code web/deliveries-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "notify-deliveries", title = "投递记录", titleEn = "Delivery log",
        group = ConsoleConstants.GROUP_SYSTEM, order = 610, icon = "list", permission = NotifyPermissions.READ,
        script = "deliveries-page.js", element = "ops-notify-deliveries-page")
public class DeliveriesPage implements ConsolePage {
}
