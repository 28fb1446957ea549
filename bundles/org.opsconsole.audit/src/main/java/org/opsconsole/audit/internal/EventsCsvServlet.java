package org.opsconsole.audit.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
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
 * {@code GET /api/audit/events.csv?from=&to=&user=&action=&outcome=}: every audit record that matches, newest first,
 * as a CSV file ({@code audit-YYYYMMDD-HHmmss.csv}) that Excel opens with its Chinese intact: UTF-8 with a byte
 * order mark, headers in Chinese and English, times in the console's time zone with their offset, and the records'
 * hashes so that they can be checked elsewhere. Records are read and written a batch at a time, never all at once.
 *
 * <p>Taking the audit trail out of the console is itself recorded ({@code audit.export}, with the filters and the
 * number of records).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/audit/events.csv")
@ConsoleRoute(read = AuditPermissions.READ, write = AuditPermissions.VERIFY)
public class EventsCsvServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String[] HEADER = {"编号 ID", "时间 Time", "用户 User", "来源 Source", "操作 Action", "对象 Target",
        "结果 Outcome", "详情 Detail", "前一记录哈希 Previous hash", "哈希 Hash"};

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss");

    private final transient AuditTrail trail;
    private final transient ZoneId zone;
    private final transient Clock clock;

    @Activate
    public EventsCsvServlet(@Reference AuditTrail trail) {
        this(trail, ZoneId.systemDefault(), Clock.systemUTC());
    }

    EventsCsvServlet(AuditTrail trail, ZoneId zone, Clock clock) {
        this.trail = trail;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!JsonResponses.allow(request, response, "GET")) {
            return;
        }
        EventQuery query;
        try {
            query = EventQuery.parse(request.getParameterMap(), zone);
        } catch (EventQuery.InvalidQueryException e) {
            JsonResponses.badRequest(response, e.errors());
            return;
        }
        String file = "audit-" + FILE_TIME.format(clock.instant().atZone(zone)) + ".csv";
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/csv;charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        response.setHeader("Cache-Control", "no-store");
        long count;
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
            writer.write('\uFEFF');
            CsvWriter csv = new CsvWriter(writer);
            csv.row(HEADER);
            count = trail.export(query, record -> {
                try {
                    csv.row(String.valueOf(record.getId()), TIME.format(record.getOccurredAt().atZone(zone)),
                            record.getActor(), record.getSource(), record.getAction(), record.getTarget(),
                            record.getOutcome(), record.getDetail(), record.getPrevHash(), record.getHash());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away
        } catch (RuntimeException e) {
            JsonResponses.failed(request, response, e);
            return;
        }
        String actor = ConsoleUser.of(request).map(ConsoleUser::name).orElse(VerifyServlet.ANONYMOUS);
        AuditEvent export = new AuditEvent(actor, request.getRemoteAddr(), "audit.export", file, AuditEvent.Outcome.SUCCESS,
                count + " records; " + query.describe());
        try {
            trail.record(export);
        } catch (RuntimeException e) {
            // the file is out already; the failure must not go unnoticed
            JsonResponses.failed(request, response, e);
        }
    }
}
