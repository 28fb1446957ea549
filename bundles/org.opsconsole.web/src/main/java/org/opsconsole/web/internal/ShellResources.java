package org.opsconsole.web.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** The shell's own scripts, styles and images, served from this bundle's {@code web} folder. */
@Component(service = ShellResources.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardResource(pattern = "/console/*", prefix = "/web")
public class ShellResources {
}
