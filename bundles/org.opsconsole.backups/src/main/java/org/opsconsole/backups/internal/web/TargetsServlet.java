package org.opsconsole.backups.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.RestServlet;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.backups.internal.BackupPermissions;
import org.opsconsole.backups.internal.BackupService;
import org.opsconsole.backups.internal.Run;
import org.opsconsole.backups.internal.Target;
import org.opsconsole.backups.internal.TargetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * The targets (备份对象): {@code GET /api/backups/targets} (each with its latest backup), {@code POST} to create one,
 * {@code GET|PUT|DELETE /api/backups/targets/<id>}. A target's body: {@code name}, {@code nameEn} (its name in
 * English, optional; empty for none; a new {@code name} without it clears the English name), {@code kind} (on create),
 * {@code settings} (the kind's fields; a secret left empty keeps the stored one), {@code schedule} (cron, empty for by
 * hand only), {@code keepLast}, {@code keepDaily}, {@code keepWeekly}, {@code keepMonthly}, {@code expectHours} (0 for
 * no dead-man's switch), {@code upgrade}, {@code enabled}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/backups/targets", "/api/backups/targets/*"})
@ConsoleRoute(read = BackupPermissions.READ, write = BackupPermissions.CONFIGURE)
public class TargetsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("name", "nameEn", "kind", "settings", "schedule", "keepLast", "keepDaily",
            "keepWeekly", "keepMonthly", "expectHours", "upgrade", "enabled");

    private final transient BackupService service;
    private final transient AuditLog audit;

    @Activate
    public TargetsServlet(@Reference BackupService service, @Reference AuditLog audit) {
        this.service = service;
        this.audit = audit;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (call.parts().isEmpty()) {
            if (call.allows("GET", "POST")) {
                if (call.method().equals("GET")) {
                    Map<Long, Run> latest = service.runs().latestByTarget();
                    Json.write(call.response(), service.targets().list().stream()
                            .map(target -> Views.target(target, latest.get(target.id()))).toList());
                } else {
                    create(call);
                }
            }
            return;
        }
        if (call.parts().size() != 1) {
            call.notFound();
            return;
        }
        Optional<Long> id = call.id(call.parts().get(0));
        if (id.isEmpty() || !call.allows("GET", "PUT", "DELETE")) {
            return;
        }
        switch (call.method()) {
            case "GET" -> {
                Optional<Target> target = service.targets().find(id.get());
                if (target.isEmpty()) {
                    call.notFound();
                } else {
                    Json.write(call.response(), view(target.get()));
                }
            }
            case "PUT" -> update(call, id.get());
            default -> delete(call, id.get());
        }
    }

    private Map<String, Object> view(Target target) {
        Run latest = service.runs().list(target.id(), List.of(), 1).stream().findFirst().orElse(null);
        return Views.target(target, latest);
    }

    private void create(Call call) throws IOException {
        Optional<TargetStore.Input> input = input(call);
        if (input.isEmpty()) {
            return;
        }
        TargetStore.Checked checked;
        try {
            checked = service.targets().create(input.get());
        } catch (TargetStore.NameTakenException e) {
            nameTaken(call);
            return;
        }
        if (!checked.errors().isEmpty()) {
            call.invalid(checked.errors());
            return;
        }
        Target target = service.targets().find(checked.record().getId()).orElseThrow();
        audit.record(new AuditEvent(call.user().name(), call.address(), "backups.target.create", target.name(), AuditEvent.Outcome.SUCCESS,
                "kind " + target.kind().id() + ", schedule " + target.schedule()));
        service.targetsChanged();
        Json.write(call.response(), 201, view(target));
    }

    private void update(Call call, long id) throws IOException {
        Optional<TargetStore.Input> input = input(call);
        if (input.isEmpty()) {
            return;
        }
        Optional<TargetStore.Checked> checked;
        try {
            checked = service.targets().update(id, input.get());
        } catch (TargetStore.NameTakenException e) {
            nameTaken(call);
            return;
        }
        if (checked.isEmpty()) {
            call.notFound();
            return;
        }
        if (!checked.get().errors().isEmpty()) {
            call.invalid(checked.get().errors());
            return;
        }
        Target target = service.targets().find(id).orElseThrow();
        audit.record(new AuditEvent(call.user().name(), call.address(), "backups.target.update", target.name(), AuditEvent.Outcome.SUCCESS,
                "schedule " + target.schedule() + ", retention last " + target.retention().last() + " daily " + target.retention().daily()
                        + " weekly " + target.retention().weekly() + " monthly " + target.retention().monthly() + ", enabled "
                        + target.enabled()));
        service.targetsChanged();
        Json.write(call.response(), view(target));
    }

    private void delete(Call call, long id) throws IOException {
        Optional<Target> target = service.targets().find(id);
        if (target.isEmpty() || !service.targets().delete(id)) {
            call.notFound();
            return;
        }
        audit.record(new AuditEvent(call.user().name(), call.address(), "backups.target.delete", target.get().name(),
                AuditEvent.Outcome.SUCCESS, "its backups stay in the repository until pruned"));
        service.targetsChanged();
        call.response().setStatus(204);
    }

    private static void nameTaken(Call call) throws IOException {
        Problem.of(409, "Conflict", "已有同名的备份对象 / A target of that name exists").write(call.response());
    }

    private static Optional<TargetStore.Input> input(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json = body.get();
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(json, FIELDS, errors);
        TargetStore.Input input = new TargetStore.Input(Requests.text(json, "name", errors), Requests.text(json, "nameEn", errors),
                Requests.text(json, "kind", errors), SettingValues.read(json, "settings", errors), Requests.text(json, "schedule", errors),
                integer(json, "keepLast", errors), integer(json, "keepDaily", errors), integer(json, "keepWeekly", errors),
                integer(json, "keepMonthly", errors), integer(json, "expectHours", errors), Requests.bool(json, "upgrade", errors),
                Requests.bool(json, "enabled", errors));
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return Optional.empty();
        }
        return Optional.of(input);
    }

    private static Integer integer(JsonNode json, String name, List<FieldError> errors) {
        Long value = Requests.whole(json, name, errors);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            errors.add(new FieldError(name, "数值过大", "Too large"));
            return null;
        }
        return value.intValue();
    }
}
