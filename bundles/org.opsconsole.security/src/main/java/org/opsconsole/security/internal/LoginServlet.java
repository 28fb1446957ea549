package org.opsconsole.security.internal;

import java.io.IOException;


import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
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
 * {@code POST /api/security/login} with {@code {"name": ..., "password": ...}}: opens a session (cookie
 * HttpOnly, SameSite=Strict, Secure over TLS) and answers the session like {@code GET /api/security/session}.
 * Wrong credentials, an unknown name and a disabled account answer alike; the lockout says until when.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/security/login")
@ConsoleRoute(open = true)
public class LoginServlet extends SecurityServlet {

    private static final long serialVersionUID = 1L;

    @Activate
    public LoginServlet(@Reference ComponentServiceObjects<SecurityService> security) {
        super(security);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name;
        String password;
        try {
            RequestBodies body = RequestBodies.read(request);
            name = body.text("name", 64);
            password = body.text("password", 256);
            body.check();
        } catch (RequestBodies.BadRequest e) {
            e.problem.write(response);
            return;
        }
        String source = request.getRemoteAddr();
        Accounts.Login login = security().accounts().authenticate(name, password);
        switch (login.outcome()) {
            case OK -> {
                String csrf = Passwords.token();
                String token = security().accounts().openSession(login.account(), source, csrf);
                Cookie cookie = new Cookie(SecuredConsoleContext.SESSION_COOKIE, token);
                cookie.setHttpOnly(true);
                cookie.setSecure(request.isSecure());
                cookie.setPath("/");
                cookie.setAttribute("SameSite", "Strict");
                response.addCookie(cookie);
                security().audit(name, source, "login", name, AuditEvent.Outcome.SUCCESS, "");
                Json.write(response, SessionServlet.session(security(), login.account(), csrf));
            }
            case LOCKED -> {
                security().audit(name, source, "login", name, AuditEvent.Outcome.DENIED, "locked until " + login.lockedUntil());
                new Problem("urn:opsconsole:locked", "Locked", 423,
                        "连续登录失败次数过多，账号已锁定至 " + login.lockedUntil() + " / Too many failed sign-ins; locked until "
                                + login.lockedUntil(), java.util.List.of()).write(response);
            }
            default -> {
                security().audit(name, source, "login", name, AuditEvent.Outcome.DENIED,
                        login.outcome() == Accounts.LoginOutcome.DISABLED ? "account disabled" : "wrong name or password");
                Problem.of(401, "Unauthorized", "用户名或密码错误 / Wrong user name or password").write(response);
            }
        }
    }

}
