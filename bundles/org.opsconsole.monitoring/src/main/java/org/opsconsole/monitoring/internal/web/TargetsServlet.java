package org.opsconsole.monitoring.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.opsconsole.monitoring.internal.targets.ProbeOutcome;
import org.opsconsole.monitoring.internal.targets.ProbeScheduler;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetInput;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;

/**
 * The targets: {@code GET /api/monitoring/targets}, {@code POST} to create one, {@code GET|PUT|DELETE
 * /api/monitoring/targets/<id>} (the detail adds its series, recent results, up/down events and the rules that apply),
 * {@code POST /api/monitoring/targets/<id>/probe} to probe it now, and {@code POST /api/monitoring/targets/test} to
 * probe settings without storing them. A target's optional English name is {@code nameEn} (null when it has none; an
 * empty one removes it); a {@code PUT} that changes {@code name} without giving {@code nameEn} removes it too.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/targets", "/api/monitoring/targets/*"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.CONFIGURE)
public class TargetsServlet extends RestServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("name", "nameEn", "kind", "settings", "labels", "intervalSeconds",
            "timeoutSeconds", "enabled");

    private final transient TargetStore targets;
    private final transient Views views;
    private final transient LiveStatus status;
    private final transient ProbeScheduler scheduler;
    private final transient SeriesStore series;
    private final transient RuleStore rules;

    @Activate
    public TargetsServlet(@Reference TargetStore targets, @Reference Views views, @Reference LiveStatus status,
            @Reference ProbeScheduler scheduler, @Reference SeriesStore series, @Reference RuleStore rules) {
        this.targets = targets;
        this.views = views;
        this.status = status;
        this.scheduler = scheduler;
        this.series = series;
        this.rules = rules;
    }

    @Override
    protected void handle(Call call) throws IOException {
        List<String> parts = call.parts();
        if (parts.isEmpty()) {
            if (!call.allows("GET", "POST")) {
                return;
            }
            if (call.method().equals("GET")) {
                Json.write(call.response(), views.targets());
            } else {
                save(call, null);
            }
            return;
        }
        if (parts.size() == 1 && parts.get(0).equals("test")) {
            if (call.allows("POST")) {
                test(call);
            }
            return;
        }
        Optional<Long> id = call.id(parts.get(0));
        if (id.isEmpty()) {
            return;
        }
        if (parts.size() == 2 && parts.get(1).equals("probe")) {
            if (call.allows("POST")) {
                probeNow(call, id.get());
            }
        } else if (parts.size() != 1) {
            call.notFound();
        } else if (call.allows("GET", "PUT", "DELETE")) {
            switch (call.method()) {
                case "GET" -> detail(call, id.get());
                case "PUT" -> save(call, id.get());
                default -> delete(call, id.get());
            }
        }
    }

    private void detail(Call call, long id) throws IOException {
        Optional<Target> target = targets.find(id);
        if (target.isEmpty()) {
            call.notFound();
            return;
        }
        Map<String, Object> view = new LinkedHashMap<>(views.target(target.get()));
        var known = series.seriesOf(id);
        java.util.Set<String> metrics = new java.util.HashSet<>();
        known.forEach(s -> metrics.add(s.metric()));
        view.put("series", known.stream().map(s -> Map.of("id", s.id(), "metric", s.metric(), "labels", s.labels())).toList());
        view.put("recent", status.recent(id).stream().map(Views::outcome).toList());
        view.put("events", status.events(id, 50).stream()
                .map(e -> Map.of("at", e.at(), "up", e.up(), "message", e.message(), "messageEn", e.messageEn())).toList());
        // the rules that apply to the target and watch a metric it has (an absence rule watches any)
        view.put("rules", rules.list().stream().filter(rule -> rule.appliesTo(id, target.get().labels()))
                .filter(rule -> rule.kind() == org.opsconsole.monitoring.internal.alerts.Rule.Kind.ABSENT || metrics.contains(rule.metric()))
                .map(rule -> Map.of("id", rule.id(), "name", rule.name(), "nameEn", rule.englishName(), "severity", rule.severity(),
                        "enabled", rule.enabled()))
                .toList());
        Json.write(call.response(), view);
    }

    /** A target's fields from a request, and the stored target a test is of (when it names one). */
    private record Given(TargetInput input, Long id) {
    }

    private Optional<TargetInput> input(Call call) throws IOException {
        return given(call, false).map(Given::input);
    }

    private Optional<Given> given(Call call, boolean test) throws IOException {
        Optional<JsonNode> body = call.body();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode json = body.get();
        List<String> known = new ArrayList<>(FIELDS);
        if (test) {
            known.add("id"); // a stored target's settings fill in the secrets the test leaves empty
        }
        Requests.unknownFields(json, known, errors);
        Long id = test ? Requests.whole(json, "id", errors) : null;
        String name = Requests.text(json, "name", errors);
        String nameEn = Requests.text(json, "nameEn", errors);
        String kind = Requests.text(json, "kind", errors);
        Map<String, String> settings = SettingValues.read(json, "settings", errors);
        Map<String, String> labels = SettingValues.read(json, "labels", errors);
        Long interval = Requests.whole(json, "intervalSeconds", errors);
        Long timeout = Requests.whole(json, "timeoutSeconds", errors);
        Boolean enabled = Requests.bool(json, "enabled", errors);
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return Optional.empty();
        }
        return Optional.of(new Given(new TargetInput(name, nameEn, kind, settings, labels, RequestNumbers.clamp(interval),
                RequestNumbers.clamp(timeout), enabled), id));
    }

    private void save(Call call, Long id) throws IOException {
        Optional<TargetInput> input = input(call);
        if (input.isEmpty()) {
            return;
        }
        TargetStore.Change change = targets.save(id, input.get(), call.user().name(), call.address());
        if (change instanceof TargetStore.Change.Done done) {
            Json.write(call.response(), id == null ? 201 : 200, views.target(done.target()));
        } else if (change instanceof TargetStore.Change.Invalid invalid) {
            call.invalid(invalid.errors());
        } else {
            call.notFound();
        }
    }

    private void delete(Call call, long id) throws IOException {
        if (targets.delete(id, call.user().name(), call.address()).isEmpty()) {
            call.notFound();
        } else {
            status.forget(id);
            call.response().setStatus(204);
        }
    }

    private void test(Call call) throws IOException {
        Optional<Given> given = given(call, true);
        if (given.isEmpty()) {
            return;
        }
        TargetStore.Change change = targets.check(given.get().id(), given.get().input());
        if (change instanceof TargetStore.Checked checked) {
            Json.write(call.response(), Views.outcome(scheduler.probeNow(checked.probeTarget(), false)));
        } else if (change instanceof TargetStore.Change.Invalid invalid) {
            call.invalid(invalid.errors());
        } else {
            call.notFound();
        }
    }

    private void probeNow(Call call, long id) throws IOException {
        Optional<Target> target = targets.find(id);
        if (target.isEmpty()) {
            call.notFound();
            return;
        }
        ProbeOutcome outcome = scheduler.probeNow(targets.probeTarget(target.get()), true);
        Json.write(call.response(), Views.outcome(outcome));
    }
}
