package org.opsconsole.security.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.PermissionDefinition;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The signed-in user's own session: {@code GET /api/security/session} (who, roles, permissions with what each
 * allows, the CSRF token to send as {@code X-CSRF-Token}), {@code POST /api/security/logout}, and
 * {@code POST /api/security/password} with {@code {"current": ..., "password": ...}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/security/session", "/api/security/logout", "/api/security/password"})
@ConsoleRoute
public class SessionServlet extends SecurityServlet {

    private static final long serialVersionUID = 1L;

    @Activate
    public SessionServlet(@Reference ComponentServiceObjects<SecurityService> security) {
        super(security);
    }

    static Map<String, Object> session(SecurityService security, Accounts.Account account, String csrf) {
        CurrentUser user = security.user(account);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", Map.of("name", user.name(), "displayName", user.displayName(), "roles", user.roles()));
        json.put("permissions", user.permissions());
        // what each of the user's own permissions allows, in both languages (the whole list needs security.role.read)
        Map<String, PermissionDefinition> declared = security.permissions();
        Map<String, Object> titles = new TreeMap<>();
        for (String name : user.permissions()) {
            PermissionDefinition permission = declared.get(name);
            if (permission != null) {
                titles.put(name, Map.of("zh-CN", permission.titleZh(), "en", permission.titleEn()));
            }
        }
        json.put("permissionTitles", titles);
        json.put("mustChangePassword", account.mustChangePassword());
        json.put("csrfToken", csrf);
        return json;
    }

    private static Accounts.Session current(HttpServletRequest request) {
        return (Accounts.Session) request.getAttribute(Accounts.Session.class.getName());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getServletPath().equals("/api/security/session")) {
            Problem.of(405, "Method Not Allowed", "请使用 POST / Use POST").write(response);
            return;
        }
        Accounts.Session session = current(request);
        Json.write(response, session(security(), session.account(), session.csrfToken()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Accounts.Session session = current(request);
        String source = request.getRemoteAddr();
        switch (request.getServletPath()) {
            case "/api/security/logout" -> {
                security().accounts().closeSession(session.tokenHash());
                Cookie gone = new Cookie(SecuredConsoleContext.SESSION_COOKIE, "");
                gone.setMaxAge(0);
                gone.setPath("/");
                gone.setHttpOnly(true);
                response.addCookie(gone);
                security().audit(session.account().name(), source, "logout", session.account().name(), AuditEvent.Outcome.SUCCESS, "");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            case "/api/security/password" -> changePassword(request, response, session, source);
            default -> Problem.of(405, "Method Not Allowed", "请使用 GET / Use GET").write(response);
        }
    }

    private void changePassword(HttpServletRequest request, HttpServletResponse response, Accounts.Session session, String source)
            throws IOException {
        Accounts.Account account = session.account();
        try {
            RequestBodies body = RequestBodies.read(request);
            String current = body.text("current", 256);
            String password = body.text("password", 256);
            body.check();
            if (!Passwords.verify(current, account.passwordHash())) {
                body.error("current", "当前密码不正确", "The current password is wrong");
            }
            for (Passwords.Violation violation : Passwords.check(account.name(), password)) {
                body.error("password", violation.zh(), violation.en());
            }
            if (security().accounts().recentlyUsed(account, password)) {
                body.error("password", "不能使用最近 " + Passwords.HISTORY + " 次用过的密码",
                        "Do not reuse one of your last " + Passwords.HISTORY + " passwords");
            }
            body.check();
            security().accounts().setPassword(account, password, false);
            security().audit(account.name(), source, "password.change", account.name(), AuditEvent.Outcome.SUCCESS, "");
            Json.write(response, session(security(), security().accounts().find(account.name()).orElseThrow(), session.csrfToken()));
        } catch (RequestBodies.BadRequest e) {
            security().audit(account.name(), source, "password.change", account.name(), AuditEvent.Outcome.FAILURE,
                    e.problem.errors().stream().map(Problem.FieldError::messageEn).reduce((a, b) -> a + "; " + b).orElse(""));
            e.problem.write(response);
        }
    }

}
