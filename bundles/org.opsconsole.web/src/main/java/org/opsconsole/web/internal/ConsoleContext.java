package org.opsconsole.web.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The console's servlet context at {@code /}, shared by the shell and every module. It is bundle
 * scoped, so resources a module registers in it are read from that module's own bundle.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE,
        property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = ConsoleConstants.CONTEXT_NAME, path = "/")
public class ConsoleContext extends ServletContextHelper {

    @Activate
    public ConsoleContext(ComponentContext context) {
        super(context.getUsingBundle());
    }
}
