package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Notifier;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
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
 * {@code POST /api/notify/messages} {@code {"severity","title","body"?,"link"?,"roles"?:[..],"users"?:[..],
 * "channels"?:[..]}}: an operator publishes a notice (发布通知), sent like any module's notification (source
 * {@code console}); without roles and users it goes to the operations team (sysadmin, operator). 201 {@code {"id"}}.
 * Needs {@value NotifyPermissions#OPERATE}; recorded in the audit trail as {@code notify.message.send}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/notify/messages")
@ConsoleRoute(read = NotifyPermissions.READ, write = NotifyPermissions.OPERATE)
public class MessagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MessagesServlet.class);
    private static final List<String> FIELDS = List.of("severity", "title", "body", "link", "roles", "users", "channels");

    private final transient Notifier notifier;
    private final transient AuditLog audit;

    @Activate
    public MessagesServlet(@Reference Notifier notifier, @Reference AuditLog audit) {
        this.notifier = notifier;
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            Problem.of(405, "Method Not Allowed", "只允许 POST / Only POST is allowed here").write(response);
            return;
        }
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Optional<Notification> notification = notification(body.get(), errors);
        if (notification.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        try {
            long id = notifier.send(notification.get());
            Notification sent = notification.get();
            audit.record(new AuditEvent(user.get().name(), request.getRemoteAddr(), "notify.message.send", Long.toString(id),
                    AuditEvent.Outcome.SUCCESS, "severity=" + sent.severity() + ", title=" + sent.title() + ", roles="
                            + sent.audience().roles() + ", users=" + sent.audience().users()
                            + (sent.channels().isEmpty() ? "" : ", channels=" + sent.channels())));
            Json.write(response, HttpServletResponse.SC_CREATED, Map.of("id", id));
        } catch (RuntimeException e) {
            LOG.error("POST {} failed: {}", request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error",
                        "通知暂时无法发送，详见服务器日志 / The notice cannot be sent now; the server log says why").write(response);
            }
        }
    }

    /** The notice a request asks for; empty with the fields at fault. */
    static Optional<Notification> notification(JsonNode json, List<FieldError> errors) {
        Requests.unknownFields(json, FIELDS, errors);
        String severityText = Requests.text(json, "severity", errors);
        Optional<Severity> severity = Channels.severity(severityText);
        if (severity.isEmpty()) {
            errors.add(new FieldError("severity", "请选择级别：INFO、WARNING 或 CRITICAL", "Choose the severity: INFO, WARNING or CRITICAL"));
        }
        String title = Requests.text(json, "title", errors);
        title = title == null ? "" : title.strip();
        if (title.isEmpty() || title.length() > Notification.MAX_TITLE) {
            errors.add(new FieldError("title", "标题须为 1 至 " + Notification.MAX_TITLE + " 个字符",
                    "The title has 1 to " + Notification.MAX_TITLE + " characters"));
        }
        String text = Requests.text(json, "body", errors);
        text = text == null ? "" : text.strip();
        if (text.length() > Notification.MAX_BODY) {
            errors.add(new FieldError("body", "正文最多 " + Notification.MAX_BODY + " 个字符",
                    "The text has at most " + Notification.MAX_BODY + " characters"));
        }
        String link = Requests.text(json, "link", errors);
        link = link == null || link.isBlank() ? null : link.strip();
        if (link != null && (link.length() > 500 || !(link.startsWith("/") || SettingValues.isHttpUrl(link)))) {
            errors.add(new FieldError("link", "链接须为控制台路径（如 /#/jobs）或 http(s) 地址",
                    "The link is a console path (such as /#/jobs) or an http(s) address"));
        }
        List<String> roles = names(json, "roles", errors);
        List<String> users = names(json, "users", errors);
        List<String> channels = Requests.texts(json, "channels", errors);
        if (channels != null && channels.stream().anyMatch(id -> !Channels.ID.matcher(id).matches())) {
            errors.add(new FieldError("channels", "不是有效的渠道编号", "Not a channel id"));
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        Audience audience = roles.isEmpty() && users.isEmpty() ? Audience.OPERATIONS : new Audience(Set.copyOf(roles), Set.copyOf(users));
        return Optional.of(Notification.builder(severity.orElseThrow(), title).body(text).link(link).source("console")
                .audience(audience).channels(channels == null ? new String[0] : channels.stream().distinct().toArray(String[]::new))
                .build());
    }

    private static List<String> names(JsonNode json, String field, List<FieldError> errors) {
        List<String> names = Requests.texts(json, field, errors);
        if (names == null) {
            return List.of();
        }
        List<String> cleaned = names.stream().map(String::strip).distinct().toList();
        if (cleaned.stream().anyMatch(name -> name.isEmpty() || name.length() > Messages.NAME_LENGTH)) {
            errors.add(new FieldError(field, "每个名称须为 1 至 " + Messages.NAME_LENGTH + " 个字符",
                    "Each name has 1 to " + Messages.NAME_LENGTH + " characters"));
        }
        return cleaned;
    }
}
