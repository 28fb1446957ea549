package org.opsconsole.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

class HealthServletTest {

    private final BundleContext context = mock(BundleContext.class);

    HealthServletTest() {
        System.setProperty("opsconsole.started", "1"); // as the launcher does once it has started every bundle
        Bundle system = mock(Bundle.class);
        FrameworkStartLevel level = mock(FrameworkStartLevel.class);
        when(level.getStartLevel()).thenReturn(5);
        when(system.adapt(FrameworkStartLevel.class)).thenReturn(level);
        when(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)).thenReturn(system);
        when(context.getProperty("opsconsole.version")).thenReturn("1.2.3");
    }

    @Test
    void startingUntilTheLauncherHasStartedEveryBundle() {
        Bundle[] bundles = {bundle("a", Bundle.ACTIVE, false), bundle("b", Bundle.RESOLVED, false)};
        when(context.getBundles()).thenReturn(bundles);
        when(context.getProperty("opsconsole.version")).thenReturn("1.2.3");
        System.clearProperty("opsconsole.started");
        try {
            assertEquals("STARTING", new HealthServlet(context, new HealthChecks()).health().get("status"));
        } finally {
            System.setProperty("opsconsole.started", "1");
        }
        assertEquals("DEGRADED", new HealthServlet(context, new HealthChecks()).health().get("status"));
    }

    @Test
    void startingWhileABundleWaitsForAStartLevelNotReachedYet() {
        Bundle later = bundle("later", Bundle.RESOLVED, false);
        BundleStartLevel start = mock(BundleStartLevel.class);
        when(start.isPersistentlyStarted()).thenReturn(true);
        when(start.getStartLevel()).thenReturn(6);
        when(later.adapt(BundleStartLevel.class)).thenReturn(start);
        Bundle[] bundles = {bundle("a", Bundle.ACTIVE, false), later};
        when(context.getBundles()).thenReturn(bundles);

        assertEquals("STARTING", new HealthServlet(context, new HealthChecks()).health().get("status"));

        when(start.getStartLevel()).thenReturn(5);
        assertEquals("DEGRADED", new HealthServlet(context, new HealthChecks()).health().get("status"), "at its level and not active: it failed");
    }

    @Test
    void upWhenEveryBundleRunsFragmentsExcepted() {
        Bundle[] bundles = {bundle("a", Bundle.ACTIVE, false), bundle("f", Bundle.RESOLVED, true)};
        when(context.getBundles()).thenReturn(bundles);
        when(context.getProperty("opsconsole.version")).thenReturn("1.2.3");

        Map<String, Object> health = new HealthServlet(context, new HealthChecks()).health();

        assertEquals("UP", health.get("status"));
        assertEquals("1.2.3", health.get("version"));
        assertEquals(Map.of("total", 2, "ACTIVE", 1, "RESOLVED", 1), health.get("bundles"));
    }

    @Test
    void degradedWithTheBundlesAtFaultWhenOneDoesNotRun() {
        Bundle[] bundles = {bundle("a", Bundle.ACTIVE, false), bundle("broken", Bundle.INSTALLED, false)};
        when(context.getBundles()).thenReturn(bundles);
        when(context.getProperty("opsconsole.version")).thenReturn("1.2.3");

        Map<String, Object> health = new HealthServlet(context, new HealthChecks()).health();

        assertEquals("DEGRADED", health.get("status"));
        assertEquals(List.of("broken"), health.get("notActive"));
    }

    private static Bundle bundle(String name, int state, boolean fragment) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(name);
        when(bundle.getState()).thenReturn(state);
        Hashtable<String, String> headers = new Hashtable<>();
        if (fragment) {
            headers.put(Constants.FRAGMENT_HOST, "a");
        }
        when(bundle.getHeaders("")).thenReturn(headers);
        return bundle;
    }

    @Test
    void aCriticalCheckDegradesAndAFailingOrSlowOneCountsAsCritical() {
        HealthChecks checks = new HealthChecks();
        checks.addCheck(() -> org.opsconsole.api.health.HealthCheck.Result.ok("可用", "Available"),
                java.util.Map.of("opsconsole.health.id", "demo.ok", "opsconsole.health.title", "正常", "opsconsole.health.titleEn", "Fine"));
        checks.addCheck(() -> {
            throw new IllegalStateException("表不存在");
        }, java.util.Map.of("opsconsole.health.id", "demo.broken"));
        java.util.List<java.util.Map<String, Object>> results = checks.results();
        assertEquals(2, results.size(), results::toString);
        assertEquals("CRITICAL", results.get(0).get("status"), results::toString);
        assertTrue(String.valueOf(results.get(0).get("message")).contains("表不存在"), results::toString);
        assertEquals("OK", results.get(1).get("status"));
        checks.deactivate();
    }
}
