package org.opsconsole.monitoring.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** uPlot, the monitoring pages' chart library, embedded from its WebJar and served at {@code /webjars/uplot/<version>/}. */
@Component(service = UPlotResources.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardResource(pattern = "/webjars/uplot/*", prefix = "/META-INF/resources/webjars/uplot")
public class UPlotResources {
}
