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
import org.opsconsole.backups.internal.Operation;
import org.opsconsole.backups.internal.Run;
import org.opsconsole.backups.internal.Target;
import org.opsconsole.backups.internal.engine.Manifest;
import org.opsconsole.backups.internal.schema.tables.records.BackupVerificationRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * The backups (备份记录):
 * <ul>
 * <li>{@code GET /api/backups/runs?target=&state=&limit=}: the newest first;</li>
 * <li>{@code GET /api/backups/runs/<id>}: one, with its manifest's tables and its verifications;</li>
 * <li>{@code POST /api/backups/runs} {@code {"targetId":1,"note":"..."}}: start a backup (202, the operation);</li>
 * <li>{@code POST /api/backups/runs/pre-upgrade} {@code {"note":"..."}}: back up every target marked for upgrades
 * (the platform's pre-upgrade backup; 202, the operations, and the names of the targets busy with other work, {@code busy}
 * and in English {@code busyEn});</li>
 * <li>{@code POST /api/backups/runs/<id>/verify}: verify one by a restore into a scratch database (202).</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/backups/runs", "/api/backups/runs/*"})
@ConsoleRoute(read = BackupPermissions.READ, write = BackupPermissions.OPERATE)
public class BackupsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;

    private final transient BackupService service;

    @Activate
    public BackupsServlet(@Reference BackupService service) {
        this.service = service;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (call.allows("GET", "POST")) {
                if (call.method().equals("GET")) {
                    list(call);
                } else {
                    start(call);
                }
            }
        } else if (parts.size() == 1 && parts.get(0).equals("pre-upgrade")) {
            if (call.allows("POST")) {
                preUpgrade(call);
            }
        } else if (parts.size() == 1) {
            if (call.allows("GET")) {
                one(call, parts.get(0));
            }
        } else if (parts.size() == 2 && parts.get(1).equals("verify")) {
            if (call.allows("POST")) {
                verify(call, parts.get(0));
            }
        } else {
            call.notFound();
        }
    }

    private void list(Call call) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Long target = Requests.id(call.request(), "target", errors);
        int limit = Requests.integer(call.request(), "limit", 200, 1, 1000, errors);
        String state = Requests.single(call.request(), "state", errors);
        List<Run.State> states = new ArrayList<>();
        if (state != null && !state.isBlank() && !state.equals("all")) {
            try {
                states.add(Run.State.valueOf(state.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "没有这种状态", "No such state"));
            }
        }
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        Json.write(call.response(), Views.runs(service.runs().list(target, states, limit)));
    }

    private void one(Call call, String id) throws IOException {
        Optional<Run> run = service.runs().find(id);
        if (run.isEmpty()) {
            call.notFound();
            return;
        }
        Map<String, Object> view = Views.run(run.get());
        if (run.get().state() == Run.State.COMPLETE) {
            try {
                Manifest manifest = service.manifest(run.get());
                view.put("source", manifest.source());
                view.put("tableList", manifest.tables() == null ? null : manifest.tables().stream().map(t -> {
                    Map<String, Object> table = new LinkedHashMap<>();
                    table.put("name", t.name());
                    table.put("rows", t.rows());
                    table.put("checksum", t.checksum());
                    table.put("columns", t.columns().size());
                    return table;
                }).toList());
                view.put("folder", manifest.folder());
                view.put("fileList", manifest.files());
                view.put("cipher", manifest.cipher());
            } catch (IOException e) {
                view.put("manifestError", e.getMessage());
            }
        }
        view.put("verifications", service.runs().verifications(id, 20).stream().map(BackupsServlet::verification).toList());
        Json.write(call.response(), view);
    }

    static Map<String, Object> verification(BackupVerificationRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", record.getId());
        view.put("backupId", record.getBackupId());
        view.put("startedAt", Views.text(record.getStartedAt()));
        view.put("finishedAt", Views.text(record.getFinishedAt()));
        view.put("durationMs", record.getDurationMs());
        view.put("outcome", record.getOutcome());
        view.put("requestedBy", record.getRequestedBy());
        view.put("detail", record.getDetail());
        return view;
    }

    private void start(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), List.of("targetId", "note"), errors);
        Long targetId = Requests.whole(body.get(), "targetId", errors);
        String note = note(body.get(), errors);
        if (targetId == null && errors.isEmpty()) {
            errors.add(new FieldError("targetId", "必填", "Required"));
        }
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        Optional<Target> target = service.targets().find(targetId);
        if (target.isEmpty()) {
            call.invalid(List.of(new FieldError("targetId", "没有该备份对象", "No such target")));
            return;
        }
        try {
            Operation operation = service.startBackup(target.get(), Run.Reason.MANUAL, call.user().name(), call.address(), note);
            Json.write(call.response(), 202, operation.view());
        } catch (BackupService.BusyException e) {
            Problem.of(409, "Conflict", e.getMessage()).write(call.response());
        }
    }

    private void preUpgrade(Call call) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(body.get(), List.of("note"), errors);
        String note = note(body.get(), errors);
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        List<Target> targets = service.targets().list().stream().filter(Target::upgrade).toList();
        if (targets.isEmpty()) {
            Problem.of(409, "Conflict", "没有标记为“升级前备份”的备份对象 / No target is marked for pre-upgrade backups").write(call.response());
            return;
        }
        List<Map<String, Object>> started = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        List<String> busyEn = new ArrayList<>();
        String text = "平台升级前备份 / Pre-upgrade backup" + (note == null || note.isBlank() ? "" : ": " + note);
        for (Target target : targets) {
            try {
                started.add(service.startBackup(target, Run.Reason.PRE_UPGRADE, call.user().name(), call.address(), text).view());
            } catch (BackupService.BusyException e) {
                busy.add(target.name());
                busyEn.add(target.englishName());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("operations", started);
        answer.put("busy", busy);
        answer.put("busyEn", busyEn);
        Json.write(call.response(), 202, answer);
    }

    private void verify(Call call, String id) throws IOException {
        Optional<Run> run = service.runs().find(id);
        if (run.isEmpty()) {
            call.notFound();
            return;
        }
        try {
            Json.write(call.response(), 202, service.startVerify(run.get(), call.user().name(), call.address()).view());
        } catch (BackupService.BusyException | BackupService.RefusedException e) {
            Problem.of(409, "Conflict", e.getMessage()).write(call.response());
        }
    }

    private static String note(JsonNode body, List<FieldError> errors) {
        String note = Requests.text(body, "note", errors);
        if (note != null && note.length() > 300) {
            errors.add(new FieldError("note", "最多 300 个字符", "At most 300 characters"));
        }
        return note == null ? null : note.strip();
    }
}
