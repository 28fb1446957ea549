package org.opsconsole.notify.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
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
 * The signed-in user's inbox, for every signed-in user:
 * <ul>
 * <li>{@code GET /api/notify/inbox?unread=false&limit=20&before=<id>}: {@code {"messages":[{"id","severity","title",
 * "body","link","source","createdAt","read"}],"more","unread"}}, newest first ({@code limit} 1 to {@value #MAX_LIMIT};
 * {@code before} pages back: the last id of the page before);</li>
 * <li>{@code GET /api/notify/inbox/count}: {@code {"unread"}};</li>
 * <li>{@code POST /api/notify/inbox/<id>/read}: marks one read, {@code {"unread"}}; 404 when the user has no such
 * message;</li>
 * <li>{@code POST /api/notify/inbox/read-all}: marks every one read, {@code {"marked","unread"}}.</li>
 * </ul>
 * Errors are {@code application/problem+json}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/notify/inbox", "/api/notify/inbox/*"})
@ConsoleRoute
public class InboxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InboxServlet.class);

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final transient Inbox inbox;

    @Activate
    public InboxServlet(@Reference Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> parts = Requests.parts(request);
        String method = request.getMethod();
        boolean list = parts.isEmpty();
        boolean count = parts.equals(List.of("count"));
        boolean readAll = parts.equals(List.of("read-all"));
        boolean readOne = parts.size() == 2 && parts.get(1).equals("read") && Requests.id(parts.get(0)).isPresent();
        if (!list && !count && !readAll && !readOne) {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        boolean post = readAll || readOne;
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
            if (list) {
                list(request, response, user.get());
            } else if (count) {
                Json.write(response, Map.of("unread", inbox.unread(user.get())));
            } else if (readAll) {
                int marked = inbox.markAllRead(user.get());
                Json.write(response, Map.of("marked", marked, "unread", inbox.unread(user.get())));
            } else {
                long id = Requests.id(parts.get(0)).orElseThrow();
                int unread = inbox.markRead(user.get(), id);
                if (unread < 0) {
                    Problem.of(404, "Not Found", "没有编号为 " + id + " 的通知 / No notification " + id).write(response);
                } else {
                    Json.write(response, Map.of("unread", unread));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error",
                        "通知暂时不可用，详见服务器日志 / Notifications are not available now; the server log says why").write(response);
            }
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response, ConsoleUser user) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        boolean unread = Requests.bool(request, "unread", false, errors);
        int limit = Requests.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        Long before = Requests.id(request, "before", errors);
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return;
        }
        Inbox.Page page = inbox.page(user, unread, limit, before);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", page.items().stream().map(item -> messageJson(item.message(), item.read())).toList());
        body.put("more", page.more());
        body.put("unread", page.unread());
        Json.write(response, body);
    }

    static Map<String, Object> messageJson(NotifyMessageRecord message, boolean read) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.getId());
        json.put("severity", message.getSeverity());
        json.put("title", message.getTitle());
        json.put("body", message.getBody());
        json.put("link", message.getLink());
        json.put("source", message.getSource());
        json.put("createdAt", message.getCreatedAt());
        json.put("read", read);
        return json;
    }
}
