package org.opsconsole.notify.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Inbox page (通知), for every signed-in user: the messages addressed to the user or the user's roles, unread
 * first to the eye, mark read, mark all read, and for operators publishing a notice; rendered by
 * {@code web/inbox-page.js}. Its id, {@value #ID}, is also what the shell's bell looks for.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = InboxPage.ID, title = "通知", titleEn = "Inbox", group = ConsoleConstants.GROUP_OVERVIEW,
        order = 900, icon = "bell", script = "inbox-page.js", element = "ops-inbox-page")
public class InboxPage implements ConsolePage {

    static final String ID = "inbox";
}
