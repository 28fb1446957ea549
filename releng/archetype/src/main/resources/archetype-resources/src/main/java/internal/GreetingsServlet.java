package ${package}.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
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

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The greetings API, in the console's servlet context:
 * <ul>
 * <li>{@code GET /api/${module}/greetings?limit=20}: {@code {"greetings":[{"id","text","createdBy","createdAt"}]}},
 * newest first ({@code limit} 1 to {@value #MAX_LIMIT}); needs {@value GreetingsPermissions#READ};</li>
 * <li>{@code POST /api/${module}/greetings} with {@code {"text":"..."}}: 201 and the greeting as stored; needs
 * {@value GreetingsPermissions#OPERATE} and the session's CSRF token.</li>
 * </ul>
 * The console signs the user in and checks the CSRF token and the permissions declared by {@link ConsoleRoute} before
 * this servlet runs. Errors are {@code application/problem+json}; bad input names the fields at fault and changes
 * nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/${module}/greetings")
@ConsoleRoute(read = GreetingsPermissions.READ, write = GreetingsPermissions.OPERATE)
public class GreetingsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GreetingsServlet.class);

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 16 * 1024;

    /** What a POST says. */
    record GreetingInput(String text) {
    }

    private final transient Greetings greetings;

    @Activate
    public GreetingsServlet(@Reference Greetings greetings) {
        this.greetings = greetings;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        int limit = limit(request.getParameter("limit"), errors);
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        try {
            Json.write(response, Map.of("greetings", greetings.newest(limit)));
        } catch (RuntimeException e) {
            failed(request, response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        GreetingInput input;
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            input = body.length > MAX_BODY ? null : Json.MAPPER.readValue(body, GreetingInput.class);
        } catch (JsonProcessingException e) {
            input = null;
        }
        if (input == null) {
            Problem.badRequest(List.of(new FieldError("body", "请求内容应为 JSON 对象 {\"text\": \"…\"}，且不超过 16 KB",
                    "The request body must be a JSON object {\"text\": \"…\"} of at most 16 KB"))).write(response);
            return;
        }
        String text = input.text() == null ? "" : input.text().strip();
        if (text.isEmpty() || text.length() > Greetings.MAX_TEXT) {
            Problem.badRequest(List.of(new FieldError("text", "必填，最多 " + Greetings.MAX_TEXT + " 个字符",
                    "Required, at most " + Greetings.MAX_TEXT + " characters"))).write(response);
            return;
        }
        try {
            Json.write(response, HttpServletResponse.SC_CREATED, greetings.add(text, user.get().name()));
        } catch (RuntimeException e) {
            failed(request, response, e);
        }
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        errors.add(new FieldError("limit", "须为 1 至 " + MAX_LIMIT + " 之间的整数", "Must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    /** The database failed: the log says why, the user gets a 500 problem. */
    private static void failed(HttpServletRequest request, HttpServletResponse response, RuntimeException e) throws IOException {
        LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
        if (!response.isCommitted()) {
            response.reset();
            Problem.of(500, "Internal Server Error", "问候暂时不可用，详见服务器日志 / Greetings are not available now; the server log says why")
                    .write(response);
        }
    }
}
