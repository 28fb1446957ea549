package org.opsconsole.monitoring.internal.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.alerts.Silence;
import org.opsconsole.monitoring.internal.alerts.SilenceStore;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * Silences and maintenance windows: {@code GET /api/monitoring/silences[?past=true]}, {@code POST} to create one,
 * {@code POST /api/monitoring/silences/<id>/end} to end one now.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/silences", "/api/monitoring/silences/*"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.OPERATE)
public class SilencesServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient SilenceStore silences;

    @Activate
    public SilencesServlet(@Reference SilenceStore silences) {
        this.silences = silences;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (call.allows("GET", "POST")) {
                if (call.method().equals("GET")) {
                    List<FieldError> errors = new ArrayList<>();
                    boolean past = Requests.bool(call.request(), "past", false, errors);
                    if (!errors.isEmpty()) {
                        call.invalid(errors);
                        return;
                    }
                    Instant now = Instant.now();
                    Json.write(call.response(), silences.list(past).stream().map(s -> Views.silence(s, now)).toList());
                } else {
                    create(call);
                }
            }
        } else if (parts.size() == 2 && parts.get(1).equals("end")) {
            Optional<Long> id = call.id(parts.get(0));
            if (id.isPresent() && call.allows("POST")) {
                Optional<Silence> ended = silences.end(id.get(), call.user().name(), call.address());
                if (ended.isEmpty()) {
                    call.notFound();
                } else {
                    Json.write(call.response(), Views.silence(ended.get(), Instant.now()));
                }
            }
        } else {
            call.notFound();
        }
    }

    private void create(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        JsonNode json = body.get();
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(json, List.of("kind", "matchers", "startsAt", "endsAt", "comment"), errors);
        JsonNode matchers = json.path("matchers");
        Long targetId = null;
        Long ruleId = null;
        Map<String, String> labels = null;
        if (matchers.isObject()) {
            Requests.unknownFields(matchers, List.of("targetId", "ruleId", "labels"), errors);
            targetId = Requests.whole(matchers, "targetId", errors);
            ruleId = Requests.whole(matchers, "ruleId", errors);
            labels = SettingValues.read(matchers, "labels", errors);
        } else if (!matchers.isMissingNode() && !matchers.isNull()) {
            errors.add(new FieldError("matchers", "须为对象", "Must be an object"));
        }
        SilenceStore.Input input = new SilenceStore.Input(Requests.text(json, "kind", errors), targetId, ruleId, labels,
                time(json, "startsAt", errors), time(json, "endsAt", errors), Requests.text(json, "comment", errors));
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        SilenceStore.Change change = silences.create(input, call.user().name(), call.address());
        if (change.silence() == null) {
            call.invalid(change.errors());
        } else {
            Json.write(call.response(), 201, Views.silence(change.silence(), Instant.now()));
        }
    }

    private static Instant time(JsonNode json, String name, List<FieldError> errors) {
        String text = Requests.text(json, name, errors);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "时间须为 ISO-8601，如 2026-11-27T08:00:00Z", "A time is ISO-8601, such as 2026-11-27T08:00:00Z"));
            return null;
        }
    }
}
