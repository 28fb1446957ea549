package org.opsconsole.notify.internal;

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
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.notify.internal.schema.tables.records.NotifyDeliveryRecord;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;
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
 * The delivery log:
 * <ul>
 * <li>{@code GET /api/notify/deliveries?state=&channel=&limit=50&before=<id>}: {@code {"deliveries":[{"id","state",
 * "attempts","maxAttempts","nextAttemptAt","lastAttemptAt","deliveredAt","lastError","claimedBy","message":{"id","title",
 * "severity","source","createdAt","test"},"channel":{"id","name","type","exists"}}],"more","counts":{"PENDING","SENT",
 * "FAILED"}}}, newest first ({@code state} PENDING, SENT or FAILED; {@code limit} 1 to {@value #MAX_LIMIT});</li>
 * <li>{@code POST /api/notify/deliveries/<id>/retry}: sends a failed delivery again (pending, due now, attempts from
 * zero), {@code {"id","state":"PENDING"}}; 404 for no such delivery; 409 when it is not failed or its channel was
 * removed.</li>
 * </ul>
 * Reading needs {@value NotifyPermissions#READ}, retrying {@value NotifyPermissions#OPERATE} (checked by the core).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/notify/deliveries", "/api/notify/deliveries/*"})
@ConsoleRoute(read = NotifyPermissions.READ, write = NotifyPermissions.OPERATE)
public class DeliveriesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveriesServlet.class);

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final transient DeliveryLog log;

    @Activate
    public DeliveriesServlet(@Reference DeliveryLog log) {
        this.log = log;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> parts = Requests.parts(request);
        String method = request.getMethod();
        boolean list = parts.isEmpty();
        boolean retry = parts.size() == 2 && parts.get(1).equals("retry") && Requests.id(parts.get(0)).isPresent();
        if (!list && !retry) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        boolean allowed = retry ? method.equals("POST") : method.equals("GET") || method.equals("HEAD");
        if (!allowed) {
            String allow = retry ? "POST" : "GET, HEAD";
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
            if (list) {
                list(request, response);
            } else {
                retry(request, response, Requests.id(parts.get(0)).orElseThrow(), user.get());
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error",
                        "投递记录暂时不可用，详见服务器日志 / The delivery log is not available now; the server log says why").write(response);
            }
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        String stateText = Requests.single(request, "state", errors);
        Deliveries.State state = null;
        if (stateText != null) {
            try {
                state = Deliveries.State.valueOf(stateText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "须为 PENDING、SENT 或 FAILED", "Must be PENDING, SENT or FAILED"));
            }
        }
        String channel = Requests.single(request, "channel", errors);
        if (channel != null && !Channels.ID.matcher(channel).matches()) {
            errors.add(new FieldError("channel", "不是有效的渠道编号", "Not a channel id"));
        }
        int limit = Requests.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        Long before = Requests.id(request, "before", errors);
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        DeliveryLog.Page page = log.page(state, channel, limit, before);
        int maxAttempts = log.maxAttempts();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveries", page.entries().stream().map(entry -> entryJson(entry, maxAttempts)).toList());
        body.put("more", page.more());
        Map<String, Object> counts = new LinkedHashMap<>();
        page.counts().forEach((s, n) -> counts.put(s.name(), n));
        body.put("counts", counts);
        Json.write(response, body);
    }

    private void retry(HttpServletRequest request, HttpServletResponse response, long id, ConsoleUser user) throws IOException {
        switch (log.retry(id, user, request.getRemoteAddr())) {
            case QUEUED -> Json.write(response, Map.of("id", id, "state", Deliveries.State.PENDING.name()));
            case NOT_FAILED -> Problem.of(409, "Conflict", "只有失败的投递可以重试 / Only a failed delivery can be retried")
                    .write(response);
            case NO_CHANNEL -> Problem.of(409, "Conflict", "该投递的渠道已删除，无法重试 / The delivery's channel was removed; it "
                    + "cannot be retried").write(response);
            default -> Problem.of(404, "Not Found", "没有编号为 " + id + " 的投递 / No delivery " + id).write(response);
        }
    }

    static Map<String, Object> entryJson(Deliveries.Entry entry, int maxAttempts) {
        NotifyDeliveryRecord delivery = entry.delivery();
        NotifyMessageRecord message = entry.message();
        boolean pending = Deliveries.State.PENDING.name().equals(delivery.getState());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", delivery.getId());
        json.put("state", delivery.getState());
        json.put("attempts", delivery.getAttempts());
        json.put("maxAttempts", maxAttempts);
        json.put("nextAttemptAt", pending ? delivery.getNextAttemptAt() : null);
        json.put("lastAttemptAt", delivery.getLastAttemptAt());
        json.put("deliveredAt", delivery.getDeliveredAt());
        json.put("lastError", delivery.getLastError());
        json.put("claimedBy", delivery.getClaimedBy());
        Map<String, Object> messageJson = new LinkedHashMap<>();
        messageJson.put("id", message.getId());
        messageJson.put("title", message.getTitle());
        messageJson.put("severity", message.getSeverity());
        messageJson.put("source", message.getSource());
        messageJson.put("createdAt", message.getCreatedAt());
        messageJson.put("test", Boolean.TRUE.equals(message.getTest()));
        json.put("message", messageJson);
        Map<String, Object> channelJson = new LinkedHashMap<>();
        channelJson.put("id", delivery.getChannelId());
        channelJson.put("name", entry.channel() == null ? null : entry.channel().getName());
        channelJson.put("type", entry.channel() == null ? null : entry.channel().getType());
        channelJson.put("exists", entry.channel() != null);
        json.put("channel", channelJson);
        return json;
    }
}
