package org.opsconsole.monitoring.internal.web;

import java.io.IOException;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/**
 * {@code GET /api/monitoring/status}: every target's state and the alert counts, as the live status stream
 * ({@code monitoring-status} server-sent events) sends them when something changes.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/monitoring/status")
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.CONFIGURE)
public class StatusServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient Views views;

    @Activate
    public StatusServlet(@Reference Views views) {
        this.views = views;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (!call.parts().isEmpty()) {
            call.notFound();
        } else if (call.allows("GET")) {
            Json.write(call.response(), views.statusSnapshot());
        }
    }
}
