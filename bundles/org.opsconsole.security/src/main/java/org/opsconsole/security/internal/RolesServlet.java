package org.opsconsole.security.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.api.security.PermissionDefinition;
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
 * The roles and the permissions matrix: {@code GET /api/security/roles} lists every role with its built-in
 * patterns and extra grants and every declared permission with the roles that grant it;
 * {@code POST /api/security/roles/<role>/grants} {@code {"permissions":[...]}} sets a role's extra grants.
 * Nobody edits a role they hold (so nobody grants themselves a permission).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/security/roles", "/api/security/roles/*"})
@ConsoleRoute(read = SecurityPermissions.ROLE_READ, write = SecurityPermissions.ROLE_WRITE)
public class RolesServlet extends SecurityServlet {

    private static final long serialVersionUID = 1L;

    @Activate
    public RolesServlet(@Reference ComponentServiceObjects<SecurityService> security) {
        super(security);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, PermissionDefinition> declared = security().permissions();
        List<Map<String, Object>> roles = new ArrayList<>();
        Map<Role, Set<String>> extra = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            extra.put(role, security().accounts().extraGrants(role));
            roles.add(Map.of("id", role.id, "title", Map.of("zh-CN", role.titleZh, "en", role.titleEn),
                    "patterns", role.patterns, "extraGrants", extra.get(role)));
        }
        List<Map<String, Object>> permissions = new ArrayList<>();
        for (PermissionDefinition permission : declared.values()) {
            List<String> grantedBy = new ArrayList<>();
            for (Role role : Role.values()) {
                if (Role.grants(Set.of(role), extra.get(role), permission.name())) {
                    grantedBy.add(role.id);
                }
            }
            permissions.add(Map.of("name", permission.name(), "title", Map.of("zh-CN", permission.titleZh(), "en", permission.titleEn()),
                    "grantedBy", grantedBy));
        }
        Json.write(response, Map.of("roles", roles, "permissions", permissions));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleUser actor = ConsoleUser.of(request).orElseThrow();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.isEmpty() ? new String[0] : path.substring(1).split("/");
        Optional<Role> role = parts.length == 2 && parts[1].equals("grants") ? Role.byId(parts[0]) : Optional.empty();
        if (role.isEmpty()) {
            Problem.of(404, "Not Found", "没有该角色 / No such role").write(response);
            return;
        }
        if (actor.roles().contains(role.get().id)) {
            security().audit(actor.name(), request.getRemoteAddr(), "role.grants", role.get().id, AuditEvent.Outcome.DENIED, "own role");
            Problem.of(403, "Forbidden", "不能修改自己所属角色的权限 / You cannot change a role you hold").write(response);
            return;
        }
        try {
            RequestBodies body = RequestBodies.read(request);
            Set<String> wanted = new LinkedHashSet<>(body.texts("permissions"));
            Set<String> known = security().permissions().keySet();
            for (String permission : wanted) {
                if (!known.contains(permission)) {
                    body.error("permissions", "没有权限 " + permission, "No permission " + permission);
                }
            }
            body.check();
            security().accounts().setExtraGrants(role.get(), wanted);
            security().audit(actor.name(), request.getRemoteAddr(), "role.grants", role.get().id, AuditEvent.Outcome.SUCCESS,
                    "extra grants " + wanted);
            doGet(request, response);
        } catch (RequestBodies.BadRequest e) {
            e.problem.write(response);
        }
    }
}
