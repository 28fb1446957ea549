package org.opsconsole.monitoring.internal.web;

import java.io.IOException;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.targets.ProbeKinds;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/** {@code GET /api/monitoring/kinds}: the installed kinds of probe, with the settings a target of each kind has. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/monitoring/kinds")
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.CONFIGURE)
public class KindsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient ProbeKinds kinds;

    @Activate
    public KindsServlet(@Reference ProbeKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (!call.parts().isEmpty()) {
            call.notFound();
        } else if (call.allows("GET")) {
            Json.write(call.response(), kinds.kinds().stream().map(Views::kind).toList());
        }
    }
}
