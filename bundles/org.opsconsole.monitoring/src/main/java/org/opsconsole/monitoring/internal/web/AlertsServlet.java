package org.opsconsole.monitoring.internal.web;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.alerts.Alert;
import org.opsconsole.monitoring.internal.alerts.AlertService;
import org.opsconsole.monitoring.internal.alerts.Rule;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
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
 * The alerts: {@code GET /api/monitoring/alerts?state=active|acknowledged|resolved|all&severity=&target=&q=&limit=},
 * and {@code POST /api/monitoring/alerts/acknowledge} {@code {"ids":[...],"reason":"..."}} to acknowledge firing ones.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/alerts", "/api/monitoring/alerts/*"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.OPERATE)
public class AlertsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;
    private static final Set<String> STATES = Set.of("active", "acknowledged", "resolved", "all");
    private static final Set<String> SEVERITIES = Set.of("INFO", "WARNING", "CRITICAL");
    /** Most alerts acknowledged at once. */
    static final int MAX_ACKNOWLEDGE = 500;

    private final transient Database database;
    private final transient AlertService alerts;
    private final transient RuleStore rules;
    private final transient TargetStore targets;

    @Activate
    public AlertsServlet(@Reference Database database, @Reference AlertService alerts, @Reference RuleStore rules,
            @Reference TargetStore targets) {
        this.database = database;
        this.alerts = alerts;
        this.rules = rules;
        this.targets = targets;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (call.parts().isEmpty()) {
            if (call.allows("GET")) {
                list(call);
            }
        } else if (call.parts().size() == 1 && call.parts().get(0).equals("acknowledge")) {
            if (call.allows("POST")) {
                acknowledge(call);
            }
        } else {
            call.notFound();
        }
    }

    private void list(Call call) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        String state = Optional.ofNullable(Requests.single(call.request(), "state", errors)).orElse("active");
        if (!STATES.contains(state)) {
            errors.add(new FieldError("state", "须为 active、acknowledged、resolved 或 all", "Must be active, acknowledged, resolved or all"));
        }
        String severity = Requests.single(call.request(), "severity", errors);
        if (severity != null && !SEVERITIES.contains(severity)) {
            errors.add(new FieldError("severity", "须为 INFO、WARNING 或 CRITICAL", "Must be INFO, WARNING or CRITICAL"));
        }
        Long target = Requests.id(call.request(), "target", errors);
        String text = Requests.single(call.request(), "q", errors);
        int limit = Requests.integer(call.request(), "limit", 200, 1, 1000, errors);
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        Condition where = switch (state) {
            case "active" -> MONITORING_ALERT.STATE.eq("FIRING");
            case "acknowledged" -> MONITORING_ALERT.STATE.eq("FIRING").and(MONITORING_ALERT.ACK_BY.isNotNull());
            case "resolved" -> MONITORING_ALERT.STATE.eq("RESOLVED");
            default -> DSL.noCondition();
        };
        if (severity != null) {
            where = where.and(MONITORING_ALERT.SEVERITY.eq(severity));
        }
        if (target != null) {
            where = where.and(MONITORING_ALERT.TARGET_ID.eq(target));
        }
        if (text != null && !text.isBlank()) {
            // either language: an operator searches in the language the page shows
            where = where.and(MONITORING_ALERT.SUMMARY.containsIgnoreCase(text.strip())
                    .or(MONITORING_ALERT.SUMMARY_EN.containsIgnoreCase(text.strip())));
        }
        Map<Long, Rule> rulesById = new HashMap<>();
        rules.list().forEach(rule -> rulesById.put(rule.id(), rule));
        Map<Long, Target> targetsById = new HashMap<>();
        targets.list().forEach(t -> targetsById.put(t.id(), t));
        List<Map<String, Object>> found = database.dsl().selectFrom(MONITORING_ALERT).where(where)
                .orderBy(MONITORING_ALERT.FIRED_AT.desc(), MONITORING_ALERT.ID.desc()).limit(limit).fetch().stream()
                .map(record -> {
                    Alert alert = alertOf(record);
                    return Views.alert(alert, rulesById.get(alert.ruleId()), targetsById.get(alert.targetId()));
                }).toList();
        Json.write(call.response(), found);
    }

    private static Alert alertOf(org.opsconsole.monitoring.internal.schema.tables.records.MonitoringAlertRecord record) {
        return org.opsconsole.monitoring.internal.alerts.AlertEngine.view(record);
    }

    private void acknowledge(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), List.of("ids", "reason"), errors);
        Set<Long> ids = new LinkedHashSet<>();
        JsonNode list = body.get().get("ids");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ACKNOWLEDGE) {
            errors.add(new FieldError("ids", "请选择 1 到 " + MAX_ACKNOWLEDGE + " 条告警", "Choose 1 to " + MAX_ACKNOWLEDGE + " alerts"));
        } else {
            list.forEach(id -> {
                if (id.canConvertToLong() && id.asLong() > 0) {
                    ids.add(id.asLong());
                } else {
                    errors.add(new FieldError("ids", "不是告警编号：" + id, "Not an alert id: " + id));
                }
            });
        }
        String reason = Requests.text(body.get(), "reason", errors);
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            errors.add(new FieldError("reason", "请说明确认原因（最多 500 个字符）", "Say why (at most 500 characters)"));
        }
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        List<Alert> done = alerts.engine().acknowledge(ids, reason.strip(), call.user().name(), call.address());
        Json.write(call.response(), Map.of("acknowledged", done.size(), "ids", done.stream().map(Alert::id).toList()));
    }
}
