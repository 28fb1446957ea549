package org.opsconsole.backups.internal.web;

import java.io.IOException;
import java.util.Arrays;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.RestServlet;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.backups.internal.BackupPermissions;
import org.opsconsole.backups.internal.TargetKind;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/** The kinds of backup targets and their settings' fields: {@code GET /api/backups/kinds}. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/backups/kinds")
@ConsoleRoute(read = BackupPermissions.READ, write = BackupPermissions.CONFIGURE)
public class KindsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void handle(Call call) throws IOException {
        if (call.allows("GET")) {
            Json.write(call.response(), Arrays.stream(TargetKind.values()).map(Views::kind).toList());
        }
    }
}
