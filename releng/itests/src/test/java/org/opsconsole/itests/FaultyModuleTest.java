package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An installation with an extra feature whose bundle cannot start: the failure is reported with its cause,
 * everything else runs, health says DEGRADED, the feature's configuration is applied, and a restart without
 * the feature removes its bundle.
 */
class FaultyModuleTest {

    private static final String CORE = "org.opsconsole.features:core:json:" + version();
    private static final String FAULTY = "org.example:faulty:json:1.0.0";

    @Test
    void aBundleThatFailsToStartIsReportedAndTheRestRuns(@TempDir Path home, @TempDir Path data) throws Exception {
        copy(Distribution.home().resolve("system"), home.resolve("system"));
        // an activator the bundle does not contain: starting it fails with ClassNotFoundException
        FeaturesResolveTest.writeBundle(home.resolve("system/org/example/faulty/1.0.0/faulty-1.0.0.jar"), "org.example.faulty",
                "org.osgi.framework;version=\"[1.8,2)\"");
        addActivator(home.resolve("system/org/example/faulty/1.0.0/faulty-1.0.0.jar"));
        Path feature = home.resolve("system/org/example/faulty/1.0.0/faulty-1.0.0.json");
        Files.writeString(feature, """
                { "feature-resource-version": "1.0", "id": "%s", "name": "faulty",
                  "bundles": [ { "id": "org.example:faulty:1.0.0", "start-order": 7 } ],
                  "configurations": { "org.example.faulty": { "greeting": "你好", "retries:Integer": 3 } },
                  "extensions": { "opsconsole-requires": { "kind": "mandatory", "artifacts": [ { "id": "%s" } ] } } }
                """.formatted(FAULTY, CORE));

        try (RunningConsole console = RunningConsole.start(home, data, Map.of("OPSCONSOLE_FEATURES", FAULTY))) {
            Bundle faulty = console.bundle("org.example.faulty");
            assertEquals(Bundle.RESOLVED, faulty.getState());
            Throwable cause = console.launcher.failures().get(faulty);
            assertTrue(cause != null && String.valueOf(cause).contains("org.example.faulty.Activator"), "the cause is kept: " + cause);

            long notActive = Arrays.stream(console.framework.getBundleContext().getBundles())
                    .filter(b -> b.getState() != Bundle.ACTIVE).count();
            assertEquals(1, notActive, "only the faulty bundle is not running");
            String health = console.admin().get("/api/health").body();
            assertTrue(health.contains("\"status\":\"DEGRADED\"") && health.contains("org.example.faulty"), health);

            BundleContext context = console.framework.getBundleContext();
            ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
            Configuration configuration = context.getService(reference).getConfiguration("org.example.faulty", "?");
            assertEquals("你好", configuration.getProperties().get("greeting"));
            assertEquals(3, configuration.getProperties().get("retries"));
        }

        try (RunningConsole console = RunningConsole.start(home, data, Map.of("OPSCONSOLE_FEATURES", CORE))) {
            assertNull(Arrays.stream(console.framework.getBundleContext().getBundles())
                    .filter(b -> "org.example.faulty".equals(b.getSymbolicName())).findFirst().orElse(null),
                    "a restart without the feature removes its bundle");
            assertTrue(Distribution.get(console.port, "/api/health").body().contains("\"status\":\"UP\""));
        }
    }

    @Test
    void aBundleMissingFromTheRepositoryMakesHealthDegradedNamingIt(@TempDir Path home, @TempDir Path data) throws Exception {
        copy(Distribution.home().resolve("system"), home.resolve("system"));
        String absent = "org.example:absent:json:1.0.0";
        Path feature = home.resolve("system/org/example/absent/1.0.0/absent-1.0.0.json");
        Files.createDirectories(feature.getParent());
        Files.writeString(feature, """
                { "feature-resource-version": "1.0", "id": "%s", "name": "absent",
                  "bundles": [ { "id": "org.example:not-there:1.0.0", "start-order": 7 } ],
                  "extensions": { "opsconsole-requires": { "kind": "mandatory", "artifacts": [ { "id": "%s" } ] } } }
                """.formatted(absent, CORE));

        try (RunningConsole console = RunningConsole.start(home, data, Map.of("OPSCONSOLE_FEATURES", absent))) {
            String health = console.admin().get("/api/health").body();
            assertTrue(health.contains("\"status\":\"DEGRADED\"") && health.contains("mvn:org.example/not-there/1.0.0 (not installed)"),
                    health);
        }
    }

    private static void addActivator(Path jar) throws IOException {
        // rewrite the manifest with a Bundle-Activator header
        java.util.jar.Manifest manifest;
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(jar))) {
            manifest = in.getManifest();
        }
        manifest.getMainAttributes().putValue("Bundle-Activator", "org.example.faulty.Activator");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    private static String version() {
        return org.opsconsole.launcher.LaunchOptions.version();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
