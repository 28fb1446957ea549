package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The simulated platform's fault switches:
 * <ul>
 * <li>{@code GET /api/sandbox/faults}: {@code {"faults":[{"id","title":{"zh-CN","en"},"description":{..},"enabled",
 * "hasSetting","setting","unit","min","max","updatedAt","updatedBy"}]}};</li>
 * <li>{@code GET /api/sandbox/faults/<id>}: one;</li>
 * <li>{@code PUT /api/sandbox/faults/<id>} {@code {"enabled"?,"setting"?}}: switches it, audited; 200 with the switch.</li>
 * </ul>
 * The ids: {@code latency}, {@code errors}, {@code outage}, {@code slow-db}, {@code disk-fill}, {@code login-burst}.
 * Reading needs {@value SandboxPermissions#READ}, switching {@value SandboxPermissions#OPERATE} (checked by the core).
 * Bad input is answered 400 naming the fields and changes nothing; unknown ids 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/sandbox/faults", "/api/sandbox/faults/*"})
@ConsoleRoute(read = SandboxPermissions.READ, write = SandboxPermissions.OPERATE)
public class SandboxFaultsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxFaultsServlet.class);
    private static final List<String> FIELDS = List.of("enabled", "setting");

    private final transient FaultSwitches faults;

    @Activate
    public SandboxFaultsServlet(@Reference FaultSwitches faults) {
        this.faults = faults;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> parts = Requests.parts(request);
        Optional<Fault> fault = parts.size() == 1 ? Fault.byId(parts.get(0)) : Optional.empty();
        if (!parts.isEmpty() && fault.isEmpty()) {
            Problem.of(404, "Not Found", "没有该模拟故障 / No such simulated fault").write(response);
            return;
        }
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        String allow = parts.isEmpty() ? "GET, HEAD" : "GET, HEAD, PUT";
        if (!List.of(allow.split(", ")).contains(method)) {
            response.setHeader("Allow", allow);
            Problem.of(405, "Method Not Allowed", "只允许 " + allow + " / Only " + allow + " is allowed here").write(response);
            return;
        }
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        try {
            if (fault.isEmpty()) {
                Json.write(response, Map.of("faults", faults.list().stream().map(SandboxJson::fault).toList()));
            } else if (method.equals("GET")) {
                Json.write(response, SandboxJson.fault(faults.get(fault.get())));
            } else {
                change(request, response, fault.get(), user.get());
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error", "故障开关暂时不可用，详见服务器日志 / The fault switches are not available now; "
                        + "the server log says why").write(response);
            }
        }
    }

    private void change(HttpServletRequest request, HttpServletResponse response, Fault fault, ConsoleUser user) throws IOException {
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), FIELDS, errors);
        Boolean enabled = Requests.bool(body.get(), "enabled", errors);
        int before = errors.size();
        Long setting = Requests.whole(body.get(), "setting", errors);
        if (errors.size() == before && setting != null && (setting < Integer.MIN_VALUE || setting > Integer.MAX_VALUE)) {
            errors.add(new FieldError("setting", "超出范围", "Out of range"));
        }
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        FaultSwitches.Change change = faults.set(fault, enabled, setting == null ? null : setting.intValue(), user.name(),
                request.getRemoteAddr());
        if (change instanceof FaultSwitches.Change.Done done) {
            Json.write(response, SandboxJson.fault(done.now()));
        } else {
            Problem.badRequest(((FaultSwitches.Change.Invalid) change).errors()).write(response);
        }
    }
}
