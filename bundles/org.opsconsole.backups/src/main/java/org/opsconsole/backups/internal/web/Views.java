package org.opsconsole.backups.internal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.notify.SettingField;
import org.opsconsole.backups.internal.Run;
import org.opsconsole.backups.internal.Target;
import org.opsconsole.backups.internal.TargetKind;

/** The module's objects as its API shows them. */
final class Views {

    private Views() {
    }

    static Map<String, Object> kind(TargetKind kind) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", kind.id());
        view.put("title", kind.title());
        view.put("titleEn", kind.titleEn());
        view.put("fields", kind.fields().stream().map(Views::field).toList());
        return view;
    }

    private static Map<String, Object> field(SettingField field) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", field.name());
        view.put("label", field.label());
        view.put("labelEn", field.labelEn());
        view.put("kind", field.kind().name());
        view.put("required", field.required());
        view.put("hint", field.hint());
        return view;
    }

    static Map<String, Object> target(Target target, Run latest) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", target.id());
        view.put("name", target.name());
        view.put("nameEn", target.nameEn());
        view.put("kind", target.kind().id());
        view.put("settings", target.settings().display());
        view.put("schedule", target.schedule());
        view.put("keepLast", target.retention().last());
        view.put("keepDaily", target.retention().daily());
        view.put("keepWeekly", target.retention().weekly());
        view.put("keepMonthly", target.retention().monthly());
        view.put("expectHours", target.expectHours());
        view.put("upgrade", target.upgrade());
        view.put("enabled", target.enabled());
        view.put("overdueAt", text(target.overdueAt()));
        view.put("createdAt", text(target.createdAt()));
        view.put("updatedAt", text(target.updatedAt()));
        view.put("latest", latest == null ? null : run(latest));
        return view;
    }

    static Map<String, Object> run(Run run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("targetId", run.targetId());
        view.put("targetName", run.targetName());
        view.put("targetNameEn", run.targetNameEn());
        view.put("reason", run.reason().name());
        view.put("state", run.state().name());
        view.put("node", run.node());
        view.put("requestedBy", run.requestedBy());
        view.put("note", run.note());
        view.put("startedAt", text(run.startedAt()));
        view.put("finishedAt", text(run.finishedAt()));
        view.put("sizeBytes", run.sizeBytes());
        view.put("plainBytes", run.plainBytes());
        view.put("tables", run.tables());
        view.put("rows", run.rows());
        view.put("files", run.files());
        view.put("durationMs", run.durationMs());
        view.put("keyId", run.keyId());
        view.put("error", run.error());
        view.put("verifyState", run.verifyState().name());
        view.put("verifiedAt", text(run.verifiedAt()));
        return view;
    }

    static List<Map<String, Object>> runs(List<Run> runs) {
        return runs.stream().map(Views::run).toList();
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
