package org.opsconsole.notify.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Notification channels page (通知渠道): the configured channels with their kind, state and minimum severity;
 * adding and changing them with a form made from the kind's settings; enabling, disabling, removing, and sending a test
 * message; rendered by {@code web/channels-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "notify-channels", title = "通知渠道", titleEn = "Notification channels",
        group = ConsoleConstants.GROUP_SYSTEM, order = 600, icon = "mail", permission = NotifyPermissions.READ,
        script = "channels-page.js", element = "ops-notify-channels-page")
public class ChannelsPage implements ConsolePage {
}
