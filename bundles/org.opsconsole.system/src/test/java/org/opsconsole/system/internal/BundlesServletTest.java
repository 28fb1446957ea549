package org.opsconsole.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.FrameworkStartLevel;

class BundlesServletTest {

    @TempDir
    Path data;

    @Test
    void everyBundleIsListedWithTheFeaturesTheLauncherRecordedForIt() throws Exception {
        Files.createDirectories(data.resolve("state"));
        Files.writeString(data.resolve("state/features.json"), """
                {"features":[{"id":"g:core:json:1","name":"core","description":"核心","descriptionEn":"Core","bundles":["mvn:g/web/1"]},
                  {"id":"g:old:json:1","name":"old","description":"旧记录","bundles":[]}]}
                """);
        BundleContext context = mock(BundleContext.class);
        Bundle system = bundle(0, "org.apache.felix.framework", "System Bundle", Bundle.ACTIVE);
        FrameworkStartLevel level = mock(FrameworkStartLevel.class);
        when(level.getStartLevel()).thenReturn(6);
        when(system.adapt(FrameworkStartLevel.class)).thenReturn(level);
        Bundle web = bundle(5, "g.web", "mvn:g/web/1", Bundle.RESOLVED);
        Bundle[] bundles = {system, web};
        when(context.getBundles()).thenReturn(bundles);
        when(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)).thenReturn(system);
        when(context.getProperty("opsconsole.data")).thenReturn(data.toString());

        Map<String, Object> result = new BundlesServlet(context).describe();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) result.get("bundles");
        assertEquals(2, listed.size());
        assertEquals("RESOLVED", listed.get(1).get("state"));
        assertEquals(List.of("core"), listed.get(1).get("features"));
        assertEquals(List.of(), listed.get(0).get("features"));
        @SuppressWarnings("unchecked")
        Map<String, Object> framework = (Map<String, Object>) result.get("framework");
        assertEquals(6, framework.get("startLevel"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features = (List<Map<String, Object>>) result.get("features");
        assertEquals("核心", features.get(0).get("title"));
        assertEquals("Core", features.get(0).get("titleEn"));
        assertEquals("旧记录", features.get(1).get("titleEn"), "a record written before English descriptions: the one text");
    }

    @Test
    void withoutARecordOfFeaturesTheBundlesAreStillListed() throws Exception {
        BundleContext context = mock(BundleContext.class);
        Bundle system = bundle(0, "org.apache.felix.framework", "System Bundle", Bundle.ACTIVE);
        when(system.adapt(FrameworkStartLevel.class)).thenReturn(mock(FrameworkStartLevel.class));
        Bundle[] bundles = {system};
        when(context.getBundles()).thenReturn(bundles);
        when(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)).thenReturn(system);
        when(context.getProperty("opsconsole.data")).thenReturn(data.toString());

        Map<String, Object> result = new BundlesServlet(context).describe();

        assertEquals(List.of(), result.get("features"));
        assertEquals(1, ((List<?>) result.get("bundles")).size());
    }

    private static Bundle bundle(long id, String name, String location, int state) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getBundleId()).thenReturn(id);
        when(bundle.getSymbolicName()).thenReturn(name);
        when(bundle.getLocation()).thenReturn(location);
        when(bundle.getState()).thenReturn(state);
        when(bundle.getVersion()).thenReturn(new Version(1, 0, 0));
        when(bundle.getHeaders("")).thenReturn(new Hashtable<>());
        return bundle;
    }
}
