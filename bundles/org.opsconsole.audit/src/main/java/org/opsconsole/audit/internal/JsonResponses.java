package org.opsconsole.audit.internal;

import java.io.IOException;
import java.util.List;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The audit servlets' answers: JSON, and errors as {@code application/problem+json}, through the console's {@link Json} and {@link Problem}. */
final class JsonResponses {

    private static final Logger LOG = LoggerFactory.getLogger(JsonResponses.class);

    private JsonResponses() {
    }

    static void write(HttpServletResponse response, Object body) throws IOException {
        Json.write(response, body);
    }

    /** Answers 400 naming every parameter at fault. */
    static void badRequest(HttpServletResponse response, List<EventQuery.FieldError> errors) throws IOException {
        problem(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", "请求参数有误 / The request has invalid fields", errors);
    }

    /**
     * Lets a request through when its method is one of {@code methods}; else answers 405 with the methods
     * allowed.
     *
     * @return whether the request may go on
     */
    static boolean allow(HttpServletRequest request, HttpServletResponse response, String... methods) throws IOException {
        for (String method : methods) {
            if (method.equals(request.getMethod())) {
                return true;
            }
        }
        String allowed = String.join(", ", methods);
        response.setHeader("Allow", allowed);
        problem(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                "只允许 " + allowed + " / Only " + allowed + " is allowed here", List.of());
        return false;
    }

    /** Answers 500 for a failure the request could not get past (the database is down); the cause goes to the log. */
    static void failed(HttpServletRequest request, HttpServletResponse response, RuntimeException cause) throws IOException {
        LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), cause.getMessage(), cause);
        if (!response.isCommitted()) {
            response.reset();
            problem(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal Server Error",
                    "审计日志暂时不可用，详见服务器日志 / The audit trail is not available now; the server log says why", List.of());
        }
    }

    static void problem(HttpServletResponse response, int status, String title, String detail,
            List<EventQuery.FieldError> errors) throws IOException {
        new Problem(null, title, status, detail,
                errors.stream().map(e -> new Problem.FieldError(e.field(), e.message(), e.messageEn())).toList()).write(response);
    }
}
