package org.opsconsole.audit.internal;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.audit.internal.schema.tables.records.AuditEventRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/audit/events?from=&to=&user=&action=&outcome=&page=&size=}: a page of the audit records that
 * match, newest first, and how many match in all:
 * {@code {"total":N,"page":0,"size":50,"events":[{"id":..,"occurredAt":"ISO-8601",...}]}}. The parameters are
 * those of {@link EventQuery}; bad ones are answered with 400 naming each, and nothing is looked up.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/audit/events")
@ConsoleRoute(read = AuditPermissions.READ, write = AuditPermissions.VERIFY)
public class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient AuditTrail trail;
    private final transient ZoneId zone;

    @Activate
    public EventsServlet(@Reference AuditTrail trail) {
        this(trail, ZoneId.systemDefault());
    }

    EventsServlet(AuditTrail trail, ZoneId zone) {
        this.trail = trail;
        this.zone = zone;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!JsonResponses.allow(request, response, "GET", "HEAD")) {
            return;
        }
        EventQuery query;
        try {
            query = EventQuery.parse(request.getParameterMap(), zone);
        } catch (EventQuery.InvalidQueryException e) {
            JsonResponses.badRequest(response, e.errors());
            return;
        }
        try {
            AuditTrail.EventPage page = trail.find(query);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", page.total());
            body.put("page", page.page());
            body.put("size", page.size());
            body.put("events", page.events().stream().map(EventsServlet::toJson).toList());
            JsonResponses.write(response, body);
        } catch (RuntimeException e) {
            JsonResponses.failed(request, response, e);
        }
    }

    static Map<String, Object> toJson(AuditEventRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.getId());
        json.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(record.getOccurredAt()));
        json.put("actor", record.getActor());
        json.put("source", record.getSource());
        json.put("action", record.getAction());
        json.put("target", record.getTarget());
        json.put("outcome", record.getOutcome());
        json.put("detail", record.getDetail());
        return json;
    }
}
