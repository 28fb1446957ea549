package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opsconsole.api.rest.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /sandbox/platform/health}: the simulated platform's health check, {@code {"status":"UP","database":{"status",
 * "millis"},"data":"COMPLETE"}}; 503 with {@code DOWN} when its database does not answer.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletPattern("/health")
public class PlatformHealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformOperations platform;

    @Activate
    public PlatformHealthServlet(@Reference PlatformOperations platform) {
        this.platform = platform;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PlatformOperations.Health health = platform.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.status());
        body.put("database", Map.of("status", health.status(), "millis", health.databaseMillis()));
        body.put("data", health.data());
        Json.write(response, health.status().equals("UP") ? 200 : 503, body);
    }
}
