package org.opsconsole.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.trust.TrustDecision;
import org.opsconsole.modules.internal.trust.UntrustedUploadException;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The plugin manager's REST API:
 * <ul>
 * <li>{@code GET /api/plugins}: {@code {"trust":{"mode","developmentMode"},"maxUploadBytes","features":[{"id","key","name",
 * "version","description","source","installedAt","installedBy","change","bundles":[{"symbolicName","version","sha256",
 * "state"}]}]}};</li>
 * <li>{@code POST /api/plugins/uploads?name=<file>} with the file's bytes as the body: reads it safely, checks every
 * bundle's trust and plans installing it; 201 {@code {"id","fileName","feature":{...},"action","trust":[...],"plan":{...},
 * "expiresAt"}}; 400 without a {@code .zip} or {@code .jar} name, 413 when larger than the limit, 422 when the file is
 * damaged, unsafe or not trusted (problem+json naming the file and why), 409 when the plan refuses it (already
 * installed, conflicting, incompatible, not resolvable) with the plan;</li>
 * <li>{@code POST /api/plugins/repository} {@code {"feature": "group:artifact:version"}}: fetches the feature and its
 * bundles from the configured repositories and plans it like an upload (201 as above; 404 naming {@code feature} when
 * no repository has it);</li>
 * <li>{@code GET /api/plugins/uploads/<id>}, {@code DELETE /api/plugins/uploads/<id>}: the planned upload, or
 * discard it;</li>
 * <li>{@code POST /api/plugins/uploads/<id>/apply}: applies it; 200 {@code {"change","outcome":"APPLIED","feature",
 * "plan"}}; 409 problem+json when it failed and was rolled back (nothing changed) or is refused now;</li>
 * <li>{@code DELETE /api/plugins/features/<key or id>?dryRun=true}: the plan of removing a module;
 * without {@code dryRun}, removes it; 409 when another module needs it;</li>
 * <li>{@code GET /api/plugins/changes?limit=&before=}: the change history, newest first: {@code {"changes":[{"id","at",
 * "actor","action","feature","summary","outcome","error","backupId","backupLink","featuresBefore","featuresAfter",
 * "artifacts"}]}}, {@code backupId} and {@code backupLink} (a console path) naming the backup that protected the
 * change, null when none did;</li>
 * <li>{@code POST /api/plugins/changes/<n>/revert?dryRun=true}: the plan of going back to the state before change
 * {@code n}; without {@code dryRun}, does it.</li>
 * </ul>
 * When a backup module is installed and the backup before a change (apply, remove, revert) fails, the change is refused
 * with 503 problem+json and the plan naming the problem: nothing changed. The notes of a plan that can be applied say
 * whether a backup is taken first.
 * Reading needs {@value PluginPermissions#READ}; changing {@value PluginPermissions#INSTALL} (checked by the core).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/plugins", "/api/plugins/*"})
@ConsoleRoute(read = PluginPermissions.READ, write = PluginPermissions.INSTALL)
public class PluginsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PluginsServlet.class);

    private final transient PluginManager manager;

    @Activate
    public PluginsServlet(@Reference PluginManager manager) {
        this.manager = manager;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        List<String> parts = Requests.parts(request);
        String method = request.getMethod();
        String actor = user.get().name();
        String from = request.getRemoteAddr();
        try {
            if (parts.isEmpty() && isGet(method)) {
                Json.write(response, overview());
            } else if (parts.equals(List.of("uploads")) && method.equals("POST")) {
                upload(request, response, actor);
            } else if (parts.equals(List.of("repository")) && method.equals("POST")) {
                fromRepository(request, response, actor);
            } else if (parts.size() == 2 && parts.get(0).equals("uploads") && isGet(method)) {
                Optional<PluginManager.Prepared> ready = manager.prepared(parts.get(1));
                if (ready.isEmpty()) {
                    notFound(response);
                } else {
                    Json.write(response, preparedJson(ready.get()));
                }
            } else if (parts.size() == 2 && parts.get(0).equals("uploads") && method.equals("DELETE")) {
                if (manager.discard(parts.get(1))) {
                    response.setStatus(204);
                } else {
                    notFound(response);
                }
            } else if (parts.size() == 3 && parts.get(0).equals("uploads") && parts.get(2).equals("apply") && method.equals("POST")) {
                applied(response, manager.apply(parts.get(1), actor, from));
            } else if (parts.size() == 2 && parts.get(0).equals("features") && method.equals("DELETE")) {
                String key = parts.get(1);
                if (dryRun(request)) {
                    Json.write(response, Map.of("plan", planJson(manager.planUninstall(key))));
                } else {
                    applied(response, manager.uninstall(key, actor, from));
                }
            } else if (parts.equals(List.of("changes")) && isGet(method)) {
                history(request, response);
            } else if (parts.size() == 3 && parts.get(0).equals("changes") && parts.get(2).equals("revert") && method.equals("POST")) {
                Optional<Long> id = Requests.id(parts.get(1));
                if (id.isEmpty()) {
                    notFound(response);
                } else if (dryRun(request)) {
                    Json.write(response, Map.of("plan", planJson(manager.planRevert(id.get()))));
                } else {
                    applied(response, manager.revert(id.get(), actor, from));
                }
            } else {
                notFound(response);
            }
        } catch (PluginManager.RefusedException e) {
            refused(response, e.status, e.plan);
        } catch (PluginManager.FailedException e) {
            Map<String, Object> body = problem(409, "Conflict", "变更失败，已回滚，控制台保持原状：" + e.reason.zh()
                    + " / The change failed and was rolled back; nothing changed: " + e.reason.en());
            body.put("change", e.change);
            body.put("outcome", PluginStore.Outcome.ROLLED_BACK.name());
            writeProblem(response, 409, body);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error", "模块管理暂时不可用，详见服务器日志 / The plugin manager is not available now; "
                        + "the server log says why").write(response);
            }
        }
    }

    private static boolean isGet(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean dryRun(HttpServletRequest request) {
        return "true".equals(request.getParameter("dryRun"));
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
    }

    private void upload(HttpServletRequest request, HttpServletResponse response, String actor) throws IOException {
        String name = request.getParameter("name");
        if (name == null || name.isBlank() || !(name.endsWith(".zip") || name.endsWith(".jar")) || name.length() > 255
                || name.contains("/") || name.contains("\\")) {
            Problem.badRequest(List.of(new FieldError("name", "须为 .zip（功能包）或 .jar（模块）文件名",
                    "Must be the name of a .zip (feature archive) or .jar (bundle) file"))).write(response);
            return;
        }
        long max = manager.limits().maxUploadBytes();
        if (request.getContentLengthLong() > max) {
            tooLarge(response, max);
            return;
        }
        Path incoming = manager.workFolder().resolve("incoming");
        Files.createDirectories(incoming);
        Path file = incoming.resolve(UUID.randomUUID() + (name.endsWith(".zip") ? ".zip" : ".jar"));
        try {
            if (!copy(request.getInputStream(), file, max)) {
                tooLarge(response, max);
                return;
            }
            PluginManager.Prepared ready = manager.prepare(file, name, "upload:" + name, actor);
            Json.write(response, 201, preparedJson(ready));
        } catch (ArchiveException e) {
            Map<String, Object> body = problem(422, "Unprocessable Content", e.messageZh() + " / " + e.messageEn());
            body.put("errors", List.of(new FieldError("file", e.messageZh(), e.messageEn())));
            body.put("kind", e.kind().name());
            writeProblem(response, 422, body);
        } catch (UntrustedUploadException e) {
            Map<String, Object> body = problem(422, "Unprocessable Content", e.messageZh() + " / " + e.messageEn());
            body.put("errors", e.refused().stream().map(d -> new FieldError("file", d.reasonZh(), d.reasonEn())).toList());
            body.put("trust", e.decisions().stream().map(PluginsServlet::trustJson).toList());
            writeProblem(response, 422, body);
        } catch (PluginManager.RefusedException e) {
            refused(response, e.status, e.plan);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {@code POST /api/plugins/repository {"feature": "group:artifact:version"}}: fetch, trust-check and plan. */
    private void fromRepository(HttpServletRequest request, HttpServletResponse response, String actor) throws IOException {
        Optional<JsonNode> json = Requests.object(request, response, 16 * 1024);
        if (json.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        String text = Requests.text(json.get(), "feature", errors);
        Requests.unknownFields(json.get(), List.of("feature"), errors);
        String feature = text == null ? null : text.trim();
        org.opsconsole.modules.internal.archive.ArtifactId id = null;
        try {
            id = feature == null || feature.isEmpty() ? null : org.opsconsole.modules.internal.archive.ArtifactId.parse(feature);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null && errors.stream().noneMatch(e -> e.field().equals("feature"))) {
            errors.add(new FieldError("feature", "须为功能的编号，如 org.example:reports:1.0.0",
                    "Must be a feature id, such as org.example:reports:1.0.0"));
        }
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        try {
            PluginManager.Prepared ready = manager.prepareFromRepository(id, actor);
            Json.write(response, 201, preparedJson(ready));
        } catch (Repositories.NotFoundException e) {
            Map<String, Object> body = problem(404, "Not Found", "仓库中没有该功能 / Not found in the repositories: " + e.getMessage());
            body.put("errors", List.of(new FieldError("feature", "仓库中没有该功能", e.getMessage())));
            writeProblem(response, 404, body);
        } catch (ArchiveException e) {
            Map<String, Object> body = problem(422, "Unprocessable Content", e.messageZh() + " / " + e.messageEn());
            body.put("errors", List.of(new FieldError("feature", e.messageZh(), e.messageEn())));
            writeProblem(response, 422, body);
        } catch (UntrustedUploadException e) {
            Map<String, Object> body = problem(422, "Unprocessable Content", e.messageZh() + " / " + e.messageEn());
            body.put("errors", e.refused().stream().map(d -> new FieldError("feature", d.reasonZh(), d.reasonEn())).toList());
            body.put("trust", e.decisions().stream().map(PluginsServlet::trustJson).toList());
            writeProblem(response, 422, body);
        } catch (PluginManager.RefusedException e) {
            refused(response, e.status, e.plan);
        }
    }

    /** Copies at most max bytes; false when the body is longer. */
    private static boolean copy(InputStream in, Path file, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > max) {
                    return false;
                }
                out.write(buffer, 0, read);
            }
        }
        return true;
    }

    private static void tooLarge(HttpServletResponse response, long max) throws IOException {
        Map<String, Object> body = problem(413, "Content Too Large", "文件超过上传上限 " + max + " 字节 / The file is larger than the upload "
                + "limit of " + max + " bytes");
        body.put("errors", List.of(new FieldError("file", "文件超过上传上限 " + max + " 字节", "Larger than the limit of " + max + " bytes")));
        writeProblem(response, 413, body);
    }

    private static void refused(HttpServletResponse response, int status, Plan plan) throws IOException {
        String title = switch (status) {
            case 404 -> "Not Found";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> "Conflict";
        };
        Map<String, Object> body = problem(status, title,
                "无法执行此变更，控制台保持原状 / The change cannot be made; nothing changed: "
                        + plan.problems().stream().map(Plan.Message::toString).reduce((a, b) -> a + "; " + b).orElse(""));
        body.put("errors", plan.problems().stream().map(p -> new FieldError("plan", p.zh(), p.en())).toList());
        body.put("plan", planJson(plan));
        writeProblem(response, status, body);
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }

    private static void writeProblem(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Json.MAPPER.writeValue(response.getOutputStream(), body);
    }

    private static void applied(HttpServletResponse response, PluginManager.Applied applied) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("change", applied.change());
        body.put("outcome", PluginStore.Outcome.APPLIED.name());
        body.put("action", applied.action().name());
        body.put("feature", applied.featureId());
        body.put("plan", planJson(applied.plan()));
        Json.write(response, body);
    }

    private Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trust", Map.of("mode", manager.developmentMode() ? "development" : "signed",
                "developmentMode", manager.developmentMode()));
        body.put("maxUploadBytes", manager.limits().maxUploadBytes());
        body.put("repositories", manager.repositories());
        Map<String, Bundle> bundles = manager.bundles();
        Map<String, PluginStore.Installed> records = new LinkedHashMap<>();
        manager.installedRecords().forEach(r -> records.put(r.featureId(), r));
        List<Map<String, Object>> features = new ArrayList<>();
        for (PluginState.Feature feature : manager.state().features()) {
            Map<String, Object> json = featureJson(feature);
            PluginStore.Installed record = records.get(feature.id());
            if (record != null) {
                json.put("installedAt", record.at().toString());
                json.put("installedBy", record.by());
                json.put("change", record.changeId());
            }
            json.put("bundles", feature.bundles().stream().map(b -> {
                Map<String, Object> bundle = new LinkedHashMap<>();
                bundle.put("symbolicName", b.symbolicName());
                bundle.put("version", b.version());
                bundle.put("sha256", b.sha256());
                Bundle running = bundles.get(b.symbolicName());
                bundle.put("state", running == null ? "MISSING" : state(running));
                return bundle;
            }).toList());
            features.add(json);
        }
        body.put("features", features);
        return body;
    }

    static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    private static Map<String, Object> featureJson(PluginState.Feature feature) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", feature.id());
        json.put("key", feature.key());
        json.put("name", feature.name());
        json.put("version", feature.version());
        json.put("description", feature.description());
        json.put("descriptionEn", descriptionEn(feature.descriptor()));
        json.put("source", feature.source());
        return json;
    }

    /** The English description a feature gives in its {@code opsconsole-description-en} text extension, else null. */
    static String descriptionEn(String descriptor) {
        if (descriptor == null) {
            return null;
        }
        try {
            JsonNode text = Json.MAPPER.readTree(descriptor).path("extensions").path("opsconsole-description-en").path("text");
            List<String> lines = new ArrayList<>();
            (text.isArray() ? text : Json.MAPPER.createArrayNode().add(text)).forEach(line -> lines.add(line.asText("")));
            String joined = String.join(" ", lines).strip();
            return joined.isEmpty() ? null : joined;
        } catch (IOException e) {
            return null; // the descriptor was checked when it was installed; an unreadable one just has no English text
        }
    }

    private static Map<String, Object> preparedJson(PluginManager.Prepared ready) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", ready.id());
        json.put("fileName", ready.fileName());
        Map<String, Object> feature = featureJson(ready.feature());
        feature.put("bundles", ready.feature().bundles());
        json.put("feature", feature);
        json.put("action", ready.action().name());
        json.put("trust", ready.decisions().stream().map(PluginsServlet::trustJson).toList());
        json.put("plan", planJson(ready.plan()));
        json.put("expiresAt", ready.expires().toString());
        return json;
    }

    private static Map<String, Object> trustJson(TrustDecision decision) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("artifact", decision.artifact());
        json.put("sha256", decision.sha256());
        json.put("trusted", decision.trusted());
        json.put("basis", decision.basis().name());
        json.put("signature", decision.signature().name());
        json.put("signer", decision.signerSubject());
        json.put("signerFingerprint", decision.signerFingerprint());
        json.put("reasonZh", decision.reasonZh());
        json.put("reasonEn", decision.reasonEn());
        return json;
    }

    static Map<String, Object> planJson(Plan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("feasible", plan.feasible());
        json.put("install", plan.install());
        json.put("update", plan.update());
        json.put("remove", plan.remove());
        json.put("start", plan.start());
        json.put("refresh", plan.refresh());
        json.put("problems", plan.problems());
        json.put("notes", plan.notes());
        return json;
    }

    private void history(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        int limit = Requests.integer(request, "limit", 50, 1, 200, errors);
        Long before = Requests.id(request, "before", errors);
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        for (PluginStore.Change change : manager.history(limit, before)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", change.id());
            json.put("at", change.at().toString());
            json.put("actor", change.actor());
            json.put("action", change.action().name());
            json.put("feature", change.featureId());
            json.put("summary", change.summary());
            json.put("outcome", change.outcome().name());
            json.put("error", change.error());
            json.put("backupId", change.backupId());
            json.put("backupLink", change.backupLink());
            json.put("featuresBefore", change.before().features().stream().map(PluginState.Feature::id).toList());
            json.put("featuresAfter", change.after().features().stream().map(PluginState.Feature::id).toList());
            json.put("artifacts", change.after().bundles().values().stream()
                    .map(b -> Map.of("symbolicName", b.symbolicName(), "version", b.version(), "sha256", b.sha256())).toList());
            changes.add(json);
        }
        Json.write(response, Map.of("changes", changes));
    }


}
