package org.opsconsole.audit.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * {@code POST /api/audit/verify}: checks the whole audit chain and answers
 * {@code {"ok":..,"checked":N,"brokenId":..,"reason":"record 42 was changed","reasonZh":"..","verifiedAt":".."}}.
 * When the chain is intact but not yet sealed (written before sealing), ok is true and the reasons say so. The
 * verification is recorded in the trail itself ({@code audit.verify}: SUCCESS with "chain intact, N records" and that
 * note if any, or FAILURE naming the broken record).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/audit/verify")
@ConsoleRoute(read = AuditPermissions.READ, write = AuditPermissions.VERIFY)
public class VerifyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The actor of a request without a signed-in user (which the core lets through only on open routes). */
    static final String ANONYMOUS = "anonymous";

    private final transient AuditTrail trail;
    private final transient Clock clock;

    @Activate
    public VerifyServlet(@Reference AuditTrail trail) {
        this(trail, Clock.systemUTC());
    }

    VerifyServlet(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!JsonResponses.allow(request, response, "POST")) {
            return;
        }
        try {
            VerifyResult result = trail.verify();
            String actor = ConsoleUser.of(request).map(ConsoleUser::name).orElse(ANONYMOUS);
            trail.record(new AuditEvent(actor, request.getRemoteAddr(), "audit.verify", "",
                    result.ok() ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                    result.ok() ? "chain intact, " + result.checked() + " records"
                            + (result.reason() == null ? "" : ", " + result.reason()) : result.reason()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", result.ok());
            body.put("checked", result.checked());
            body.put("brokenId", result.brokenId());
            body.put("reason", result.reason());
            body.put("reasonZh", result.reasonZh());
            body.put("verifiedAt", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            JsonResponses.write(response, body);
        } catch (RuntimeException e) {
            JsonResponses.failed(request, response, e);
        }
    }
}
