package org.opsconsole.backups.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.RestServlet;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.backups.internal.BackupPermissions;
import org.opsconsole.backups.internal.BackupService;
import org.opsconsole.backups.internal.Run;
import org.opsconsole.backups.internal.schema.tables.records.BackupRestoreRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * Restores (恢复): {@code GET /api/backups/restores}, the newest first; {@code POST /api/backups/restores}
 * {@code {"backupId":"...","destination":"scratch"|"original","confirm":"<the target's name>"}} starts one (202, the
 * operation). Restoring over the original needs the target's name typed as confirmation (its name or its English name
 * when the backup was taken); a backup of the original is taken first, and put back when the restore fails.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/backups/restores", "/api/backups/restores/*"})
@ConsoleRoute(read = BackupPermissions.READ, write = BackupPermissions.RESTORE)
public class RestoresServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient BackupService service;

    @Activate
    public RestoresServlet(@Reference BackupService service) {
        this.service = service;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (!call.parts().isEmpty()) {
            call.notFound();
        } else if (call.allows("GET", "POST")) {
            if (call.method().equals("GET")) {
                List<FieldError> errors = new ArrayList<>();
                int limit = Requests.integer(call.request(), "limit", 100, 1, 1000, errors);
                if (!errors.isEmpty()) {
                    call.invalid(errors);
                    return;
                }
                Json.write(call.response(), service.runs().restores(limit).stream().map(RestoresServlet::view).toList());
            } else {
                start(call);
            }
        }
    }

    private void start(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), List.of("backupId", "destination", "confirm"), errors);
        String backupId = Requests.text(body.get(), "backupId", errors);
        String destinationText = Requests.text(body.get(), "destination", errors);
        String confirm = Requests.text(body.get(), "confirm", errors);
        if (backupId == null && errors.isEmpty()) {
            errors.add(new FieldError("backupId", "必填", "Required"));
        }
        BackupService.Destination destination = null;
        if (destinationText == null) {
            errors.add(new FieldError("destination", "必填：scratch（临时库）或 original（覆盖原库）", "Required: scratch or original"));
        } else {
            try {
                destination = BackupService.Destination.valueOf(destinationText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("destination", "须为 scratch（临时库）或 original（覆盖原库）", "Must be scratch or original"));
            }
        }
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        Optional<Run> run = service.runs().find(backupId);
        if (run.isEmpty()) {
            call.invalid(List.of(new FieldError("backupId", "没有该备份", "No such backup")));
            return;
        }
        if (destination == BackupService.Destination.ORIGINAL && !confirmed(run.get(), confirm)) {
            call.invalid(List.of(new FieldError("confirm", "覆盖原库前，请输入备份对象的名称“" + run.get().targetName() + "”以确认",
                    "To restore over the original, type the target's name, “" + run.get().englishTargetName() + "”, to confirm")));
            return;
        }
        try {
            Json.write(call.response(), 202, service.startRestore(run.get(), destination, call.user().name(), call.address()).view());
        } catch (BackupService.BusyException | BackupService.RefusedException e) {
            Problem.of(409, "Conflict", e.getMessage()).write(call.response());
        }
    }

    /** @return whether what was typed is the name, or the English name, the backup's target had */
    private static boolean confirmed(Run run, String typed) {
        String name = typed == null ? "" : typed.strip();
        return name.equals(run.targetName()) || name.equals(run.targetNameEn());
    }

    static Map<String, Object> view(BackupRestoreRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", record.getId());
        view.put("backupId", record.getBackupId());
        view.put("targetId", record.getTargetId());
        view.put("destination", record.getDestination());
        view.put("location", record.getLocation());
        view.put("safetyBackupId", record.getSafetyBackupId());
        view.put("state", record.getState());
        view.put("requestedBy", record.getRequestedBy());
        view.put("startedAt", Views.text(record.getStartedAt()));
        view.put("finishedAt", Views.text(record.getFinishedAt()));
        view.put("durationMs", record.getDurationMs());
        view.put("detail", record.getDetail());
        return view;
    }
}
