package org.opsconsole.web.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** The front-end libraries embedded in this bundle from their WebJars, at {@code /webjars/<name>/<version>/}. */
@Component(service = WebJarResources.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardResource(pattern = "/webjars/*", prefix = "/META-INF/resources/webjars")
public class WebJarResources {
}
