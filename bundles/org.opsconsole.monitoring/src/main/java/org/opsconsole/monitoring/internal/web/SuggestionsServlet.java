package org.opsconsole.monitoring.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.suggestions.StoredSuggestion;
import org.opsconsole.monitoring.internal.suggestions.SuggestionService;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * The suggestions: {@code GET /api/monitoring/suggestions[?dismissed=true&inactive=true]}, {@code POST
 * /api/monitoring/suggestions/refresh} to compute them now, {@code POST /api/monitoring/suggestions/<id>/dismiss}
 * {@code {"reason":"..."}} and {@code POST /api/monitoring/suggestions/<id>/restore}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/suggestions", "/api/monitoring/suggestions/*"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.OPERATE)
public class SuggestionsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient SuggestionService suggestions;
    private final transient TargetStore targets;

    @Activate
    public SuggestionsServlet(@Reference SuggestionService suggestions, @Reference TargetStore targets) {
        this.suggestions = suggestions;
        this.targets = targets;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (call.allows("GET")) {
                List<FieldError> errors = new ArrayList<>();
                boolean dismissed = Requests.bool(call.request(), "dismissed", false, errors);
                boolean inactive = Requests.bool(call.request(), "inactive", false, errors);
                if (errors.isEmpty()) {
                    list(call, dismissed, inactive);
                } else {
                    call.invalid(errors);
                }
            }
        } else if (parts.size() == 1 && parts.get(0).equals("refresh")) {
            if (call.allows("POST")) {
                suggestions.refresh();
                list(call, false, false);
            }
        } else if (parts.size() == 2 && (parts.get(1).equals("dismiss") || parts.get(1).equals("restore"))) {
            Optional<Long> id = call.id(parts.get(0));
            if (id.isPresent() && call.allows("POST")) {
                change(call, id.get(), parts.get(1).equals("dismiss"));
            }
        } else {
            call.notFound();
        }
    }

    private void change(Call call, long id, boolean dismiss) throws IOException {
        String reason = null;
        if (dismiss) {
            Optional<JsonNode> body = call.body();
            if (body.isEmpty()) {
                return;
            }
            List<FieldError> errors = new ArrayList<>();
            Requests.unknownFields(body.get(), List.of("reason"), errors);
            reason = Requests.text(body.get(), "reason", errors);
            if (!errors.isEmpty()) {
                call.invalid(errors);
                return;
            }
        }
        try {
            StoredSuggestion changed = dismiss ? suggestions.dismiss(id, call.user().name(), call.address(), reason)
                    : suggestions.restore(id, call.user().name(), call.address());
            Json.write(call.response(), view(changed, targetsById()));
        } catch (NoSuchElementException e) {
            call.notFound();
        } catch (IllegalArgumentException e) {
            call.invalid(List.of(new FieldError("reason", "请说明忽略原因（最多 500 个字符）", "Say why (at most 500 characters)")));
        }
    }

    private void list(Call call, boolean dismissed, boolean inactive) throws IOException {
        Map<Long, Target> byId = targetsById();
        Json.write(call.response(), suggestions.store().list(dismissed, inactive).stream().map(s -> view(s, byId)).toList());
    }

    private Map<Long, Target> targetsById() {
        Map<Long, Target> byId = new HashMap<>();
        targets.list().forEach(t -> byId.put(t.id(), t));
        return byId;
    }

    /** A suggestion with its target's name and English name (the one name when it has no English one; null for none). */
    private static Map<String, Object> view(StoredSuggestion s, Map<Long, Target> targets) {
        Target target = s.targetId() == null ? null : targets.get(s.targetId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("kind", s.kind());
        view.put("targetId", s.targetId());
        view.put("targetName", target == null ? null : target.name());
        view.put("targetNameEn", target == null ? null : target.englishName());
        view.put("severity", s.severity());
        view.put("title", s.title());
        view.put("titleEn", s.titleEn());
        view.put("action", s.action());
        view.put("actionEn", s.actionEn());
        view.put("evidence", s.evidence());
        view.put("active", s.active());
        view.put("firstSeenAt", s.firstSeenAt());
        view.put("lastSeenAt", s.lastSeenAt());
        view.put("dismissedAt", s.dismissedAt());
        view.put("dismissedBy", s.dismissedBy());
        view.put("dismissedReason", s.dismissedReason());
        return view;
    }
}
