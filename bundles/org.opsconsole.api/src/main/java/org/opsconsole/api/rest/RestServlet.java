package org.opsconsole.api.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every module's REST servlet does alike: the signed-in user (the core has checked the route's permission
 * already), the path parts, the methods a path allows, reading a JSON body, and a problem answer for a failure
 * (a runtime exception is logged and answered 500 without its details).
 *
 * <p>A subclass registers under a pattern such as {@code /api/<module>/things/*} and answers in {@link #handle(Call)}.
 */
public abstract class RestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);
    /** The largest request body, in bytes. */
    public static final int MAX_BODY = 64 * 1024;

    /**
     * One request.
     *
     * @param request the request
     * @param response the response
     * @param user the signed-in user
     * @param parts the path after the servlet's pattern, split at slashes
     * @param method the method, HEAD taken as GET
     */
    public record Call(HttpServletRequest request, HttpServletResponse response, ConsoleUser user, List<String> parts, String method) {

        /** @return the client's address, for the audit trail */
        public String address() {
            return request.getRemoteAddr();
        }

        /**
         * Answers 405 unless the method is one of those allowed.
         *
         * @param allowed the methods the path allows
         * @return true when the method is allowed
         */
        public boolean allows(String... allowed) throws IOException {
            if (Set.of(allowed).contains(method)) {
                return true;
            }
            String allow = String.join(", ", allowed);
            response.setHeader("Allow", allow);
            Problem.of(405, "Method Not Allowed", "只允许 " + allow + " / Only " + allow + " is allowed here").write(response);
            return false;
        }

        /** @return the JSON object of the body; empty when the answer (a problem) is written already */
        public Optional<JsonNode> body() throws IOException {
            return Requests.object(request, response, MAX_BODY);
        }

        /**
         * @param part a path part
         * @return its id; empty (with a 404 answer written) when it is none
         */
        public Optional<Long> id(String part) throws IOException {
            Optional<Long> id = Requests.id(part);
            if (id.isEmpty()) {
                notFound();
            }
            return id;
        }

        /** Answers 404. */
        public void notFound() throws IOException {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
        }

        /**
         * Answers 400 with field errors.
         *
         * @param errors what is wrong
         */
        public void invalid(List<FieldError> errors) throws IOException {
            Problem.badRequest(errors).write(response);
        }
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        try {
            handle(new Call(request, response, user.get(), new ArrayList<>(Requests.parts(request)), method));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error", "服务暂时不可用，详见服务器日志 / The service is not available now; "
                        + "the server log says why").write(response);
            }
        }
    }

    /**
     * Answers one request.
     *
     * @param call the request
     * @throws IOException when the answer cannot be written
     */
    protected abstract void handle(Call call) throws IOException;
}
