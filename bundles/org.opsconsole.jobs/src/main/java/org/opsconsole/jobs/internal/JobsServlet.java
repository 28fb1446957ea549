package org.opsconsole.jobs.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.jobs.internal.schema.tables.records.JobsRunRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The scheduler's REST API:
 * <ul>
 * <li>{@code GET /api/jobs}: {@code {"jobs":[{"id","title":{"zh-CN","en"},"cron","nextRun","lastRun":{..}|null,
 * "running","error":null|"..","permission","canRun","bundle"}]}}, ordered by id;</li>
 * <li>{@code GET /api/jobs/<id>}: one job, as in the list;</li>
 * <li>{@code GET /api/jobs/<id>/runs?page=0&size=20}: {@code {"total","page","size","runs":[..]}}, newest first
 * ({@code size} 1 to {@value #MAX_SIZE});</li>
 * <li>{@code POST /api/jobs/<id>/run}: runs the job now on this node; 202 {@code {"runId","jobId"}}, 403 without
 * the job's own permission, 404 for no such job, 409 when it runs on this node already or is not scheduled. Recorded
 * in the audit trail as {@code jobs.run} on the job.</li>
 * </ul>
 * Reading needs {@value JobsPermissions#READ}, running {@value JobsPermissions#OPERATE} (checked by the core) and the
 * job's permission (checked here, since it is per job). Errors are {@code application/problem+json}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/jobs", "/api/jobs/*"})
@ConsoleRoute(read = JobsPermissions.READ, write = JobsPermissions.OPERATE)
public class JobsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JobsServlet.class);

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private final transient JobScheduler scheduler;

    @Activate
    public JobsServlet(@Reference JobScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        if (parts.length > 2 || (parts.length > 0 && !JobScheduler.JOB_ID.matcher(parts[0]).matches())) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        String action = parts.length == 2 ? parts[1] : "";
        boolean post = action.equals("run");
        if (!action.isEmpty() && !action.equals("runs") && !post) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        String method = request.getMethod();
        boolean allowed = post ? method.equals("POST") : method.equals("GET") || method.equals("HEAD");
        if (!allowed) {
            String allow = post ? "POST" : "GET, HEAD";
            response.setHeader("Allow", allow);
            Problem.of(405, "Method Not Allowed", "只允许 " + allow + " / Only " + allow + " is allowed here").write(response);
            return;
        }
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        try {
            if (parts.length == 0) {
                Json.write(response, Map.of("jobs", scheduler.jobs().stream().map(v -> jobJson(v, user.get())).toList()));
            } else if (action.isEmpty()) {
                Optional<JobScheduler.JobView> job = scheduler.job(parts[0]);
                if (job.isPresent()) {
                    Json.write(response, jobJson(job.get(), user.get()));
                } else {
                    unknown(response, parts[0]);
                }
            } else if (post) {
                runNow(request, response, parts[0], user.get());
            } else {
                history(request, response, parts[0]);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error",
                        "计划任务暂时不可用，详见服务器日志 / The scheduler is not available now; the server log says why").write(response);
            }
        }
    }

    private void runNow(HttpServletRequest request, HttpServletResponse response, String id, ConsoleUser user) throws IOException {
        JobScheduler.RunNow result = scheduler.runNow(id, user, request.getRemoteAddr());
        if (result instanceof JobScheduler.RunNow.Started started) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runId", started.runId());
            body.put("jobId", id);
            Json.write(response, HttpServletResponse.SC_ACCEPTED, body);
        } else if (result instanceof JobScheduler.RunNow.Forbidden forbidden) {
            Problem.of(403, "Forbidden", "没有权限：" + forbidden.permission() + " / Permission required: " + forbidden.permission())
                    .write(response);
        } else if (result instanceof JobScheduler.RunNow.AlreadyRunning already) {
            Problem.of(409, "Conflict", "任务正在本节点运行（运行 " + already.runId() + "）/ The job is already running on this node (run "
                    + already.runId() + ")").write(response);
        } else if (result instanceof JobScheduler.RunNow.NotScheduled notScheduled) {
            Problem.of(409, "Conflict", notScheduled.why()).write(response);
        } else {
            unknown(response, id);
        }
    }

    private void history(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        List<Problem.FieldError> errors = new ArrayList<>();
        int page = number(request, "page", 0, 0, Integer.MAX_VALUE / MAX_SIZE, "页码须为不小于 0 的整数",
                "must be a whole number, 0 or more", errors);
        int size = number(request, "size", DEFAULT_SIZE, 1, MAX_SIZE, "每页条数须为 1 至 " + MAX_SIZE + " 之间的整数",
                "must be a whole number from 1 to " + MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        Optional<JobRuns.Page> found = scheduler.history(id, page, size);
        if (found.isEmpty()) {
            unknown(response, id);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", found.get().total());
        body.put("page", page);
        body.put("size", size);
        body.put("runs", found.get().runs().stream().map(JobsServlet::runJson).toList());
        Json.write(response, body);
    }

    private static int number(HttpServletRequest request, String name, int fallback, int min, int max, String message,
            String messageEn, List<Problem.FieldError> errors) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0 || (values.length == 1 && values[0].isBlank())) {
            return fallback;
        }
        if (values.length == 1) {
            try {
                int value = Integer.parseInt(values[0].trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(new Problem.FieldError(name, message, messageEn));
        return fallback;
    }

    private static void unknown(HttpServletResponse response, String id) throws IOException {
        Problem.of(404, "Not Found", "没有计划任务 " + id + " / No scheduled job " + id).write(response);
    }

    static Map<String, Object> jobJson(JobScheduler.JobView view, ConsoleUser user) {
        JobScheduler.Registration job = view.registration();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("title", Map.of("zh-CN", job.title(), "en", job.titleEn()));
        json.put("cron", job.cron());
        json.put("nextRun", view.nextRun());
        json.put("lastRun", view.lastRun() == null ? null : runJson(view.lastRun()));
        json.put("running", view.running());
        json.put("error", view.error());
        json.put("permission", job.permission());
        json.put("canRun", view.error() == null && user.has(JobsPermissions.OPERATE) && user.has(job.permission()));
        json.put("bundle", job.bundle());
        return json;
    }

    static Map<String, Object> runJson(JobsRunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.getId());
        json.put("jobId", run.getJobId());
        json.put("scheduledAt", run.getScheduledAt());
        json.put("startedAt", run.getStartedAt());
        json.put("endedAt", run.getEndedAt());
        json.put("outcome", run.getOutcome());
        json.put("message", run.getMessage());
        json.put("progress", run.getProgress());
        json.put("node", run.getNode());
        json.put("requestedBy", run.getRequestedBy());
        return json;
    }
}
