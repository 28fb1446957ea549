package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The data generation:
 * <ul>
 * <li>{@code GET /api/sandbox/generation}: {@code {"generation":{"id","seed","scale","state","live","complete",
 * "requestedBy","startedAt","finishedAt","rowsWritten","plannedRows","percent","phase","message"}|null}}, the newest;</li>
 * <li>{@code POST /api/sandbox/generation} {@code {"seed","scale"}}: generates the data again in the background,
 * 202 with the new generation; 409 with the running one when one runs. The seed is a whole number from 0 to
 * 2<sup>53</sup>−1, the scale a number from 0.001 to 100 with at most three decimals (given as a number or as text);</li>
 * <li>{@code DELETE /api/sandbox/generation}: stops the generation running on this node, 202; 409 when none runs.</li>
 * </ul>
 * Reading needs {@value SandboxPermissions#READ}, the rest {@value SandboxPermissions#OPERATE} (checked by the core).
 * Bad input is answered 400 naming the fields and changes nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/sandbox/generation")
@ConsoleRoute(read = SandboxPermissions.READ, write = SandboxPermissions.OPERATE)
public class SandboxGenerationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxGenerationServlet.class);
    private static final List<String> FIELDS = List.of("seed", "scale");
    /** The largest seed a browser handles exactly (2^53 - 1). */
    static final long MAX_SEED = 9_007_199_254_740_991L;

    private final transient Generation generation;

    @Activate
    public SandboxGenerationServlet(@Reference Generation generation) {
        this.generation = generation;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        if (!List.of("GET", "POST", "DELETE").contains(method)) {
            response.setHeader("Allow", "GET, HEAD, POST, DELETE");
            Problem.of(405, "Method Not Allowed", "只允许 GET, HEAD, POST, DELETE / Only GET, HEAD, POST, DELETE is allowed here")
                    .write(response);
            return;
        }
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        try {
            switch (method) {
                case "GET" -> {
                    Map<String, Object> body = new HashMap<>();
                    body.put("generation", generation.latest().map(SandboxJson::generation).orElse(null));
                    Json.write(response, body);
                }
                case "POST" -> start(request, response, user.get());
                default -> {
                    if (generation.cancel(user.get().name(), request.getRemoteAddr())) {
                        Json.write(response, 202, Map.of("cancelling", true));
                    } else {
                        Problem.of(409, "Conflict", "本节点没有正在进行的生成 / No generation runs on this node").write(response);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(503, "Service Unavailable", "模拟平台的数据库暂时不可用，详见服务器日志 / The sandbox's database is not "
                        + "available now; the server log says why").write(response);
            }
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response, ConsoleUser user) throws IOException {
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), FIELDS, errors);
        int before = errors.size();
        Long seed = Requests.whole(body.get(), "seed", errors);
        if (errors.size() == before && (seed == null || seed < 0 || seed > MAX_SEED)) {
            errors.add(new FieldError("seed", "须为 0 至 " + MAX_SEED + " 之间的整数", "Must be a whole number from 0 to " + MAX_SEED));
        }
        before = errors.size();
        BigDecimal scale = Requests.decimal(body.get(), "scale", errors);
        if (errors.size() == before && (scale == null || scale.compareTo(new BigDecimal(PlatformGenerator.Plan.MIN_TEXT)) < 0
                || scale.compareTo(new BigDecimal(PlatformGenerator.Plan.MAX_TEXT)) > 0 || scale.stripTrailingZeros().scale() > 3)) {
            errors.add(new FieldError("scale", "须为 0.001 至 100 之间的数，最多三位小数",
                    "Must be a number from 0.001 to 100 with at most three decimals"));
        }
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        Generation.Start start = generation.start(seed, scale, user.name(), request.getRemoteAddr());
        if (start instanceof Generation.Start.Started started) {
            Json.write(response, 202, Map.of("generation", SandboxJson.generation(started.status())));
        } else {
            Generation.Status running = ((Generation.Start.Busy) start).status();
            new Problem("urn:opsconsole:sandbox:generation-running", "Conflict", 409,
                    "已有生成正在进行（#" + running.id() + "） / A generation is running already (#" + running.id() + ")", List.of())
                    .write(response);
        }
    }
}
