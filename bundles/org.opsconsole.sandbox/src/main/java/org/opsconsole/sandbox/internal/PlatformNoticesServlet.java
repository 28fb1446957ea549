package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
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
 * {@code GET /sandbox/platform/notices/<缴款码>}: a payment notice as payers and banks query it, with its unit, items,
 * status and collections; 404 when no notice has the code, 400 when it is not a valid 缴款码.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletPattern("/notices/*")
public class PlatformNoticesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformOperations platform;

    @Activate
    public PlatformNoticesServlet(@Reference PlatformOperations platform) {
        this.platform = platform;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> parts = Requests.parts(request);
        if (parts.size() != 1) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        String payCode = parts.get(0);
        if (!PlatformGenerator.validPayCode(payCode)) {
            Problem.badRequest(List.of(new Problem.FieldError("payCode", "须为 20 位缴款码（校验位正确）",
                    "Must be a 20-digit pay code with valid check digits"))).write(response);
            return;
        }
        Optional<Map<String, Object>> notice = platform.notice(payCode);
        if (notice.isPresent()) {
            Json.write(response, notice.get());
        } else {
            Problem.of(404, "Not Found", "没有缴款码为 " + payCode + " 的缴款书 / No payment notice " + payCode).write(response);
        }
    }
}
