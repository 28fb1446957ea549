package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /sandbox/platform/login} {@code {"loginName","password"}}: signs in to the simulated platform, written to
 * its login log either way. 200 with the account's effective permissions ({@code loginName, fullName, unit, jobTemplate,
 * roles, functions, dataScope}); 401 with the log's result ({@code WRONG_PASSWORD}, {@code NO_SUCH_USER},
 * {@code DISABLED}) as the detail; 400 naming the fields when they are missing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletPattern("/login")
public class PlatformLoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("loginName", "password");

    private final transient PlatformOperations platform;

    @Activate
    public PlatformLoginServlet(@Reference PlatformOperations platform) {
        this.platform = platform;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), FIELDS, errors);
        String loginName = RequestInput.text(body.get(), "loginName", errors);
        String password = body.get().path("password").isTextual() ? body.get().get("password").asText() : null;
        if (loginName == null || loginName.isEmpty() || loginName.length() > 40) {
            errors.add(new FieldError("loginName", "须为 1 至 40 个字符", "Must be 1 to 40 characters"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError("password", "必填", "Required"));
        }
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        PlatformOperations.Login login = platform.login(loginName, password, request.getRemoteAddr());
        if (login instanceof PlatformOperations.Login.Success success) {
            Json.write(response, Map.of("account", success.account()));
        } else {
            Problem.of(401, "Unauthorized", ((PlatformOperations.Login.Failure) login).result()).write(response);
        }
    }
}
