/**
 * Contributing to the web console.
 *
 * <p>A module adds a page to the console by registering a {@link org.opsconsole.api.console.ConsolePage}
 * service described by {@link org.opsconsole.api.console.ConsolePageService}. The shell builds its
 * navigation from these services at request time, so a page appears when its bundle starts and
 * disappears when it stops. A module's REST endpoints are servlets registered in the console's servlet
 * context, selected with {@link org.opsconsole.api.console.ConsoleConstants#CONTEXT_SELECT}.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.console;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
