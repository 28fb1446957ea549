package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
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
 * {@code GET /api/sandbox/ground-truth}: the anomalies the newest generation injected, as the JSON it wrote next to the
 * data (see {@link GroundTruth}); 404 while the data is not whole (no generation yet, or the newest one is running,
 * failed or was stopped). Needs {@value SandboxPermissions#READ} (checked by the core).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/sandbox/ground-truth")
@ConsoleRoute(read = SandboxPermissions.READ, write = SandboxPermissions.OPERATE)
public class SandboxGroundTruthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Generation generation;

    @Activate
    public SandboxGroundTruthServlet(@Reference Generation generation) {
        this.generation = generation;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ConsoleUser.of(request).isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        Optional<String> truth = generation.groundTruth();
        if (truth.isEmpty()) {
            Problem.of(404, "Not Found", "模拟平台的数据尚未完整生成 / The sandbox's data is not whole yet").write(response);
            return;
        }
        response.setStatus(200);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Disposition", "inline; filename=\"" + Generation.GROUND_TRUTH_FILE + "\"");
        response.getOutputStream().write(truth.get().getBytes(StandardCharsets.UTF_8));
    }
}
