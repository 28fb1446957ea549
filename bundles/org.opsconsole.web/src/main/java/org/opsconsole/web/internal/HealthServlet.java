package org.opsconsole.web.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
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
 * {@code GET /api/health}: {@code UP} when every bundle that should run is active, {@code STARTING}
 * (503) while the console is still starting them, {@code DEGRADED} when some failed. Anyone may ask; only a signed-in user also gets the product version, uptime, bundle
 * counts by state and the bundles at fault.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/health")
@ConsoleRoute(open = true)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient HealthChecks checks;

    @Activate
    public HealthServlet(BundleContext context, @Reference HealthChecks checks) {
        this.context = context;
        this.checks = checks;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> health = health();
        int status = "STARTING".equals(health.get("status")) ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK;
        Json.write(response, status, ConsoleUser.of(request).isPresent() ? health : Map.of("status", health.get("status")));
    }

    Map<String, Object> health() {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> notActive = new ArrayList<>();
        boolean starting = false;
        Bundle[] bundles = context.getBundles();
        int level = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class).getStartLevel();
        for (Bundle bundle : bundles) {
            String state = BundleStates.name(bundle.getState());
            counts.merge(state, 1, Integer::sum);
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
                BundleStartLevel start = bundle.adapt(BundleStartLevel.class);
                if (start != null && start.isPersistentlyStarted() && start.getStartLevel() > level) {
                    starting = true; // its start level is not reached yet
                } else {
                    notActive.add(bundle.getSymbolicName());
                }
            }
        }
        // bundles a feature names that the launcher could not install at all (a file missing from system/)
        String missing = System.getProperty("opsconsole.missing");
        if (missing != null && !missing.isBlank()) {
            for (String location : missing.split(",")) {
                notActive.add(location + " (not installed)");
            }
        }
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, Object> health = new LinkedHashMap<>();
        // the launcher says when it has started every bundle; until then a bundle not yet active is not a failure
        boolean launching = context.getProperty("opsconsole.version") != null && System.getProperty("opsconsole.started") == null;
        List<Map<String, Object>> checked = launching || starting ? List.of() : checks.results();
        boolean critical = checked.stream().anyMatch(c -> "CRITICAL".equals(c.get("status")));
        health.put("status", launching || starting ? "STARTING" : notActive.isEmpty() && !critical ? "UP" : "DEGRADED");
        health.put("version", version());
        health.put("startedAt", Instant.ofEpochMilli(started).toString());
        health.put("uptimeSeconds", (System.currentTimeMillis() - started) / 1000);
        Map<String, Object> bundleCounts = new LinkedHashMap<>();
        bundleCounts.put("total", bundles.length);
        bundleCounts.putAll(counts);
        health.put("bundles", bundleCounts);
        if (!notActive.isEmpty()) {
            health.put("notActive", notActive);
        }
        if (!checked.isEmpty()) {
            health.put("checks", checked);
        }
        // the plugin manager installs unverified code in development mode: every page says so
        if ("development".equalsIgnoreCase(String.valueOf(context.getProperty("opsconsole.plugins.trust")).trim())) {
            health.put("developmentMode", true);
        }
        return health;
    }

    private String version() {
        String version = context.getProperty("opsconsole.version");
        return version == null ? context.getBundle().getVersion().toString() : version;
    }
}
