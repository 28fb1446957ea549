package org.opsconsole.backups.internal.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.RestServlet;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.backups.internal.BackupPermissions;
import org.opsconsole.backups.internal.BackupService;
import org.opsconsole.backups.internal.Operation;
import org.opsconsole.backups.internal.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/**
 * What runs on this node, with its progress: {@code GET /api/backups/operations} (the newest first), {@code GET
 * /api/backups/operations/<id>}, {@code POST /api/backups/operations/<id>/cancel}. Also the overview the page's header
 * shows: {@code GET /api/backups/operations/overview} (the complete backups' size, the repository's free space, and its
 * usage by day).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/backups/operations", "/api/backups/operations/*"})
@ConsoleRoute(read = BackupPermissions.READ, write = BackupPermissions.OPERATE)
public class OperationsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient BackupService service;
    private final transient AuditLog audit;

    @Activate
    public OperationsServlet(@Reference BackupService service, @Reference AuditLog audit) {
        this.service = service;
        this.audit = audit;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (call.allows("GET")) {
                Json.write(call.response(), service.operations().stream().map(Operation::view).toList());
            }
        } else if (parts.size() == 1 && parts.get(0).equals("overview")) {
            if (call.allows("GET")) {
                overview(call);
            }
        } else if (parts.size() == 1) {
            if (call.allows("GET")) {
                Optional<Operation> operation = service.operation(parts.get(0));
                if (operation.isEmpty()) {
                    call.notFound();
                } else {
                    Json.write(call.response(), operation.get().view());
                }
            }
        } else if (parts.size() == 2 && parts.get(1).equals("cancel")) {
            if (call.allows("POST")) {
                Optional<Operation> operation = service.operation(parts.get(0));
                if (operation.isEmpty()) {
                    call.notFound();
                    return;
                }
                operation.get().cancel();
                audit.record(new AuditEvent(call.user().name(), call.address(), "backups.cancel", operation.get().targetName,
                        AuditEvent.Outcome.SUCCESS, operation.get().kind + " " + operation.get().backupId()));
                Json.write(call.response(), 202, operation.get().view());
            }
        } else {
            call.notFound();
        }
    }

    private void overview(Call call) throws IOException {
        Map<String, Object> view = new LinkedHashMap<>();
        RunStore.Totals totals = service.runs().totals();
        view.put("repository", service.repository().root().toAbsolutePath().toString());
        view.put("sizeBytes", totals.sizeBytes());
        view.put("freeBytes", service.freeSpace());
        view.put("complete", totals.backups());
        view.put("usage", service.runs().usage(90, service.zone()).stream().map(r -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("day", r.value1().toString());
            day.put("sizeBytes", r.value2());
            day.put("backups", r.value3());
            return day;
        }).toList());
        Json.write(call.response(), view);
    }
}
