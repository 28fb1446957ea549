package org.opsconsole.sandbox.internal;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The simulated platform's own servlet context at {@value #PATH}, apart from the console's: the platform's front end
 * is not part of the console, needs no console sign-in, and gets none of the console's session, CSRF or permission
 * checks (it has its own sign-in, {@link PlatformLoginServlet}). Its servlets and its fault filter select it by
 * {@value #SELECT}.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = PlatformContext.NAME, path = PlatformContext.PATH)
public class PlatformContext extends ServletContextHelper {

    static final String NAME = "opsconsole-sandbox-platform";
    static final String PATH = "/sandbox/platform";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    @Activate
    public PlatformContext(ComponentContext context) {
        super(context.getUsingBundle());
    }
}
