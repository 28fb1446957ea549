package org.opsconsole.security.internal;

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Users, for the security administrator: {@code GET /api/security/users}; {@code POST /api/security/users}
 * {@code {"name","displayName","roles":[...]}} creates one with a one-time password (answered once);
 * {@code POST /api/security/users/<name>/disable|enable|reset-password|roles}. Nobody changes their own
 * roles, disables themselves or resets their own password here.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/security/users", "/api/security/users/*"})
@ConsoleRoute(read = SecurityPermissions.USER_READ, write = SecurityPermissions.USER_WRITE)
public class UsersServlet extends SecurityServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");

    @Activate
    public UsersServlet(@Reference ComponentServiceObjects<SecurityService> security) {
        super(security);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("users", security().accounts().list().stream().map(RequestBodies::userJson).toList());
        json.put("roles", EnumSet.allOf(Role.class).stream()
                .map(r -> Map.of("id", r.id, "title", Map.of("zh-CN", r.titleZh, "en", r.titleEn))).toList());
        Json.write(response, json);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String actor = ConsoleUser.of(request).map(ConsoleUser::name).orElseThrow();
        String source = request.getRemoteAddr();
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            if (path.equals("/")) {
                create(request, response, actor, source);
                return;
            }
            String[] parts = path.substring(1).split("/");
            if (parts.length != 2) {
                Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
                return;
            }
            Optional<Accounts.Account> target = security().accounts().find(parts[0]);
            if (target.isEmpty()) {
                Problem.of(404, "Not Found", "没有用户 " + parts[0] + " / No user " + parts[0]).write(response);
                return;
            }
            Accounts.Account account = target.get();
            if (account.name().equals(actor)) {
                security().audit(actor, source, "user." + parts[1], account.name(), AuditEvent.Outcome.DENIED, "on oneself");
                Problem.of(403, "Forbidden", "不能对自己的账号执行此操作 / You cannot do this to your own account").write(response);
                return;
            }
            switch (parts[1]) {
                case "disable", "enable" -> {
                    security().accounts().setEnabled(account, parts[1].equals("enable"));
                    security().audit(actor, source, "user." + parts[1], account.name(), AuditEvent.Outcome.SUCCESS, "");
                    Json.write(response, RequestBodies.userJson(security().accounts().find(account.name()).orElseThrow()));
                }
                case "reset-password" -> {
                    String password = Passwords.generate();
                    security().accounts().setPassword(account, password, true);
                    security().accounts().closeSessions(account);
                    security().audit(actor, source, "user.reset-password", account.name(), AuditEvent.Outcome.SUCCESS, "");
                    Json.write(response, Map.of("user", RequestBodies.userJson(security().accounts().find(account.name()).orElseThrow()),
                            "oneTimePassword", password));
                }
                case "roles" -> {
                    RequestBodies body = RequestBodies.read(request);
                    Set<Role> roles = roles(body, body.texts("roles"));
                    body.check();
                    security().accounts().setRoles(account, roles);
                    security().audit(actor, source, "user.roles", account.name(), AuditEvent.Outcome.SUCCESS,
                            "roles " + roles.stream().map(r -> r.id).toList());
                    Json.write(response, RequestBodies.userJson(security().accounts().find(account.name()).orElseThrow()));
                }
                default -> Problem.of(404, "Not Found", "没有该操作 / No such action: " + parts[1]).write(response);
            }
        } catch (RequestBodies.BadRequest e) {
            e.problem.write(response);
        }
    }

    private void create(HttpServletRequest request, HttpServletResponse response, String actor, String source)
            throws IOException, RequestBodies.BadRequest {
        RequestBodies body = RequestBodies.read(request);
        String name = body.text("name", 64);
        String displayName = body.text("displayName", 100);
        Set<Role> roles = roles(body, body.texts("roles"));
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            body.error("name", "用户名须以小写字母开头，由 3–64 个小写字母、数字、点、下划线或连字符组成",
                    "3 to 64 lower-case letters, digits, dots, underscores or hyphens, starting with a letter");
        }
        body.check();
        if (security().accounts().find(name).isPresent()) {
            Problem.badRequest(List.of(new Problem.FieldError("name", "用户名已存在", "The user name is taken"))).write(response);
            return;
        }
        String password = Passwords.generate();
        Accounts.Account account = security().accounts().create(name, displayName, password, roles);
        security().audit(actor, source, "user.create", name, AuditEvent.Outcome.SUCCESS, "roles " + roles.stream().map(r -> r.id).toList());
        Json.write(response, 201, Map.of("user", RequestBodies.userJson(account), "oneTimePassword", password));
    }

    private static Set<Role> roles(RequestBodies body, List<String> ids) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : ids) {
            Optional<Role> role = Role.byId(id);
            if (role.isPresent()) {
                roles.add(role.get());
            } else {
                body.error("roles", "没有角色 " + id, "No role " + id);
            }
        }
        return roles;
    }
}
