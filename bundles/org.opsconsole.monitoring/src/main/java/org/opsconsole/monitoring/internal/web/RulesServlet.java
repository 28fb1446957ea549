package org.opsconsole.monitoring.internal.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.alerts.RuleInput;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/** The alert rules: {@code GET|POST /api/monitoring/rules}, {@code GET|PUT|DELETE /api/monitoring/rules/<id>}. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/rules", "/api/monitoring/rules/*"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.CONFIGURE)
public class RulesServlet extends RestServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("name", "description", "kind", "metric", "aggregation", "windowSeconds", "op",
            "threshold", "clearThreshold", "forSeconds", "targetId", "targetLabels", "seriesLabels", "severity", "channels",
            "escalateMinutes", "escalateChannels", "escalateRoles", "enabled");

    private final transient RuleStore rules;

    @Activate
    public RulesServlet(@Reference RuleStore rules) {
        this.rules = rules;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (call.allows("GET", "POST")) {
                if (call.method().equals("GET")) {
                    Json.write(call.response(), rules.list().stream().map(Views::rule).toList());
                } else {
                    save(call, null);
                }
            }
            return;
        }
        Optional<Long> id = parts.size() == 1 ? call.id(parts.get(0)) : Optional.empty();
        if (parts.size() != 1) {
            call.notFound();
        } else if (id.isPresent() && call.allows("GET", "PUT", "DELETE")) {
            switch (call.method()) {
                case "GET" -> {
                    var rule = rules.find(id.get());
                    if (rule.isEmpty()) {
                        call.notFound();
                    } else {
                        Json.write(call.response(), Views.rule(rule.get()));
                    }
                }
                case "PUT" -> save(call, id.get());
                default -> answer(call, rules.delete(id.get(), call.user().name(), call.address()), 204);
            }
        }
    }

    private void save(Call call, Long id) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        JsonNode json = body.get();
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(json, FIELDS, errors);
        RuleInput input = new RuleInput(Requests.text(json, "name", errors), Requests.text(json, "description", errors),
                Requests.text(json, "kind", errors), Requests.text(json, "metric", errors), Requests.text(json, "aggregation", errors),
                RequestNumbers.clamp(Requests.whole(json, "windowSeconds", errors)), Requests.text(json, "op", errors),
                decimal(json, "threshold", errors), clearThreshold(json, errors),
                RequestNumbers.clamp(Requests.whole(json, "forSeconds", errors)), targetId(json, errors),
                SettingValues.read(json, "targetLabels", errors), SettingValues.read(json, "seriesLabels", errors),
                Requests.text(json, "severity", errors), Requests.texts(json, "channels", errors),
                escalateMinutes(json, errors), Requests.texts(json, "escalateChannels", errors),
                Requests.texts(json, "escalateRoles", errors), Requests.bool(json, "enabled", errors));
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        answer(call, rules.save(id, input, false, call.user().name(), call.address()), id == null ? 201 : 200);
    }

    private static void answer(Call call, RuleStore.Change change, int status) throws IOException {
        if (change instanceof RuleStore.Change.Done done) {
            if (status == 204) {
                call.response().setStatus(204);
            } else {
                Json.write(call.response(), status, Views.rule(done.rule()));
            }
        } else if (change instanceof RuleStore.Change.Invalid invalid) {
            call.invalid(invalid.errors());
        } else {
            call.notFound();
        }
    }

    private static Double decimal(JsonNode json, String name, List<FieldError> errors) {
        BigDecimal value = Requests.decimal(json, name, errors);
        return value == null ? null : value.doubleValue();
    }

    /** An explicit null clears a stored clear threshold (NaN tells the store so). */
    private static Double clearThreshold(JsonNode json, List<FieldError> errors) {
        return json.has("clearThreshold") && json.get("clearThreshold").isNull() ? Double.valueOf(Double.NaN)
                : decimal(json, "clearThreshold", errors);
    }

    /** An explicit null means every target (0 tells the store so). */
    private static Long targetId(JsonNode json, List<FieldError> errors) {
        return json.has("targetId") && json.get("targetId").isNull() ? Long.valueOf(0) : Requests.whole(json, "targetId", errors);
    }

    /** An explicit null means no escalation (0 tells the store so). */
    private static Integer escalateMinutes(JsonNode json, List<FieldError> errors) {
        return json.has("escalateMinutes") && json.get("escalateMinutes").isNull() ? Integer.valueOf(0)
                : RequestNumbers.clamp(Requests.whole(json, "escalateMinutes", errors));
    }
}
