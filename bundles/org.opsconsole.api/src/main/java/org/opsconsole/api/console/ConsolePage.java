package org.opsconsole.api.console;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of the web console, contributed by a module.
 *
 * <p>The page is described entirely by its service properties, which a component declares with
 * {@link ConsolePageService}; the service object itself carries no behaviour, so the console can list
 * pages without activating the components behind them. The shell serves the page's files from the
 * registering bundle (the folder {@link ConsolePageService#webRoot()}), loads
 * {@link ConsolePageService#script()} as an ES module and shows the custom element
 * {@link ConsolePageService#element()} that the script defines.
 *
 * <pre>
 * &#64;Component(service = ConsolePage.class)
 * &#64;ConsolePageService(id = "backups", title = "备份", titleEn = "Backups", group = ConsoleConstants.GROUP_OPERATIONS,
 *         order = 300, icon = "archive", element = "ops-backups-page", script = "backups-page.js")
 * public class BackupsPage implements ConsolePage {
 * }
 * </pre>
 *
 * <p>Implemented by modules; the core only reads the service properties.
 */
@ConsumerType
public interface ConsolePage {
}
