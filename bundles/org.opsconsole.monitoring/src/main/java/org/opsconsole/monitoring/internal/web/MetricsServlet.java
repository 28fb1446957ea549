package org.opsconsole.monitoring.internal.web;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_ALERT;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jooq.impl.DSL;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.MonitoringSettings;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.opsconsole.monitoring.internal.targets.ProbeScheduler;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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
 * {@code GET /metrics}: the console's own metrics in the Prometheus text format 0.0.4 (JVM, bundles, the probe
 * scheduler, the time-series store, alerts, and each target's state), so that a bureau running Prometheus can scrape
 * the console. A Prometheus server authenticates with the bearer token of {@code opsconsole.monitoring.metrics.token};
 * without one configured, only a signed-in user with {@code monitoring.read} may read it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/metrics")
@ConsoleRoute(open = true)
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient byte[] token;
    private final transient ProbeScheduler scheduler;
    private final transient SeriesStore series;
    private final transient TargetStore targets;
    private final transient LiveStatus status;
    private final transient Database database;

    @Activate
    public MetricsServlet(BundleContext context, @Reference ProbeScheduler scheduler, @Reference SeriesStore series,
            @Reference TargetStore targets, @Reference LiveStatus status, @Reference Database database) {
        this.context = context;
        String configured = MonitoringSettings.of(context).metricsToken();
        this.token = configured.isEmpty() ? null : configured.getBytes(StandardCharsets.UTF_8);
        this.scheduler = scheduler;
        this.series = series;
        this.targets = targets;
        this.status = status;
        this.database = database;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowed(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"opsconsole\"");
            Problem.of(401, "Unauthorized", "需要 Bearer 令牌或有监控查看权限的登录用户 / A bearer token, or a signed-in user with "
                    + "monitoring.read, is needed").write(response);
            return;
        }
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(text());
    }

    private boolean allowed(HttpServletRequest request) {
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isPresent() && user.get().has(MonitoringPermissions.READ)) {
            return true;
        }
        String header = request.getHeader("Authorization");
        return token != null && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the metrics as text */
    String text() {
        Exposition out = new Exposition();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.gauge("opsconsole_uptime_seconds", "Seconds since the console's JVM started",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        out.gauge("opsconsole_jvm_heap_used_bytes", "Heap in use", heap.getUsed());
        out.gauge("opsconsole_jvm_heap_max_bytes", "Largest heap", heap.getMax());
        out.gauge("opsconsole_jvm_threads", "Live threads", ManagementFactory.getThreadMXBean().getThreadCount());
        Map<String, Integer> states = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            states.merge(state(bundle.getState()), 1, Integer::sum);
        }
        out.header("opsconsole_bundles", "gauge", "Bundles by state");
        states.forEach((state, count) -> out.sample("opsconsole_bundles", Map.of("state", state), count));
        ProbeScheduler.Stats probes = scheduler.stats();
        out.gauge("opsconsole_monitoring_targets", "Enabled targets scheduled", probes.targets());
        out.counter("opsconsole_monitoring_probes_total", "Probes run", probes.probes());
        out.counter("opsconsole_monitoring_probes_down_total", "Probes that found their target down", probes.down());
        out.counter("opsconsole_monitoring_probe_timeouts_total", "Probes interrupted at their timeout", probes.timeouts());
        out.counter("opsconsole_monitoring_probe_skipped_total", "Probe runs skipped (previous still running, or behind)", probes.skipped());
        out.gauge("opsconsole_monitoring_probes_running", "Probes running now", probes.running());
        out.gauge("opsconsole_monitoring_scheduler_max_lag_ms", "Longest delay of a probe after it was due", probes.maxLagMillis());
        SeriesStore.Stats store = series.stats();
        out.counter("opsconsole_monitoring_samples_written_total", "Samples stored", store.written());
        out.counter("opsconsole_monitoring_samples_dropped_total", "Samples dropped (queue full or writes failing)", store.dropped());
        out.counter("opsconsole_monitoring_sample_batches_total", "Batches written", store.batches());
        out.gauge("opsconsole_monitoring_samples_queued", "Samples waiting to be stored", store.queued());
        out.gauge("opsconsole_monitoring_series", "Time series known", store.series());
        Map<String, Integer> firing = new HashMap<>(Map.of("INFO", 0, "WARNING", 0, "CRITICAL", 0));
        database.dsl().select(MONITORING_ALERT.SEVERITY, DSL.count()).from(MONITORING_ALERT).where(MONITORING_ALERT.STATE.eq("FIRING"))
                .groupBy(MONITORING_ALERT.SEVERITY).forEach(r -> firing.put(r.value1(), r.value2()));
        out.header("opsconsole_monitoring_alerts_firing", "gauge", "Firing alerts by severity");
        new TreeMap<>(firing).forEach((severity, count) -> out.sample("opsconsole_monitoring_alerts_firing", Map.of("severity", severity), count));
        out.header("opsconsole_monitoring_target_up", "gauge", "1 when the target's last probe found it up, 0 when down");
        Map<LiveStatus.State, Integer> byState = new EnumMap<>(LiveStatus.State.class);
        for (Target target : targets.list()) {
            LiveStatus.State state = status.status(target.id()).state();
            byState.merge(state, 1, Integer::sum);
            if (state != LiveStatus.State.UNKNOWN) {
                out.sample("opsconsole_monitoring_target_up", Map.of("target", target.name(), "kind", target.kind()),
                        state == LiveStatus.State.UP ? 1 : 0);
            }
        }
        return out.toString();
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "other";
        };
    }

    /** Writes the text exposition format. */
    static final class Exposition {
        private final StringBuilder text = new StringBuilder(4096);

        void header(String name, String type, String help) {
            text.append("# HELP ").append(name).append(' ').append(help).append('\n');
            text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void gauge(String name, String help, double value) {
            header(name, "gauge", help);
            sample(name, Map.of(), value);
        }

        void counter(String name, String help, double value) {
            header(name, "counter", help);
            sample(name, Map.of(), value);
        }

        void sample(String name, Map<String, String> labels, double value) {
            text.append(name);
            if (!labels.isEmpty()) {
                text.append('{');
                boolean first = true;
                for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                    text.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
                    first = false;
                }
                text.append('}');
            }
            text.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value)).append('\n');
        }

        static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
