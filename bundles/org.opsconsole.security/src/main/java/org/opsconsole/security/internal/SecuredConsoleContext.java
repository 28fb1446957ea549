package org.opsconsole.security.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's servlet context at {@code /}, shared by the shell and every module, and the one place that
 * decides who may do what: it sets the security headers, finds the signed-in user from the session cookie,
 * checks the CSRF token of every state-changing request and the permission the route declares, and records
 * state-changing requests and refusals in the audit trail. Bundle scoped, so resources a module registers
 * in the context are read from that module's bundle.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE, property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = ConsoleConstants.CONTEXT_NAME, path = "/")
public class SecuredConsoleContext extends ServletContextHelper {

    static final String SESSION_COOKIE = "OPSCONSOLE_SESSION";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** What a user who must change the password may still do. */
    static final Set<String> PASSWORD_CHANGE_ROUTES = Set.of("/api/security/session", "/api/security/password", "/api/security/logout");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Routes routes;
    private final ComponentServiceObjects<SecurityService> securityObjects;
    private volatile SecurityService security;

    @Activate
    public SecuredConsoleContext(ComponentContext context, @Reference Routes routes,
            @Reference ComponentServiceObjects<SecurityService> security) {
        super(context.getUsingBundle());
        this.routes = routes;
        this.securityObjects = security;
    }

    @Deactivate
    void deactivate() {
        SecurityService current = security;
        if (current != null) {
            securityObjects.ungetService(current);
        }
    }

    /** The security service, activated at the first request that needs it (it opens the database). */
    private SecurityService security() {
        SecurityService current = security;
        if (current == null) {
            synchronized (this) {
                if (security == null) {
                    security = securityObjects.getService();
                }
                current = security;
            }
        }
        return current;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", CSP);
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Routes.Rule rule = routes.rule(path);
        String token = cookie(request);
        if (rule.open()) {
            if (token != null) {
                sessionUser(request, token);
            }
            return true;
        }
        Optional<CurrentUser> user = token == null ? Optional.empty() : sessionUser(request, token);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return false;
        }
        boolean write = !SAFE_METHODS.contains(request.getMethod());
        Accounts.Session session = (Accounts.Session) request.getAttribute(Accounts.Session.class.getName());
        if (write && !session.csrfToken().equals(request.getHeader(CSRF_HEADER))) {
            deny(request, response, user.get(), "CSRF token missing or wrong",
                    "请求缺少有效的 CSRF 令牌 / The request lacks a valid CSRF token");
            return false;
        }
        if (session.account().mustChangePassword() && !PASSWORD_CHANGE_ROUTES.contains(path)) {
            new Problem("urn:opsconsole:password-change-required", "Password change required", 403,
                    "请先修改一次性密码 / Change your one-time password first", List.of()).write(response);
            return false;
        }
        String needed = write ? rule.write() : rule.read();
        if (!user.get().has(needed)) {
            deny(request, response, user.get(), "missing permission " + needed,
                    "没有权限：" + needed + " / Permission required: " + needed);
            return false;
        }
        return true;
    }

    @Override
    public void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return;
        }
        Object user = request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (user instanceof CurrentUser current && !path.startsWith("/api/security/")) {
            // the security routes record their own, more telling events
            int status = response.getStatus();
            security().audit(current.name(), request.getRemoteAddr(), request.getMethod() + " " + path, "",
                    status < 400 ? AuditEvent.Outcome.SUCCESS : status == 403 ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE,
                    "HTTP " + status);
        }
    }

    private Optional<CurrentUser> sessionUser(HttpServletRequest request, String token) {
        SecurityService service = security();
        Optional<Accounts.Session> session = service.accounts().session(token, service.idleTimeout());
        if (session.isEmpty()) {
            return Optional.empty();
        }
        CurrentUser user = service.user(session.get().account());
        request.setAttribute(Accounts.Session.class.getName(), session.get());
        request.setAttribute(ConsoleUser.REQUEST_ATTRIBUTE, user);
        request.setAttribute(REMOTE_USER, user.name());
        request.setAttribute(AUTHENTICATION_TYPE, "FORM");
        return Optional.of(user);
    }

    private void deny(HttpServletRequest request, HttpServletResponse response, CurrentUser user, String why, String detail)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        security().audit(user.name(), request.getRemoteAddr(), request.getMethod() + " " + path, "", AuditEvent.Outcome.DENIED, why);
        Problem.of(403, "Forbidden", detail).write(response);
    }

    static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (SESSION_COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
