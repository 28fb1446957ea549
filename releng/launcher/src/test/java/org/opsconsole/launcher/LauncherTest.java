package org.opsconsole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/** The launcher's reconciliation of the framework with the features, across restarts on one data folder. */
class LauncherTest {

    @TempDir
    Path home;

    @Test
    void aBundleRebuiltUnderTheSameIdIsUpdatedAtTheNextStart() throws Exception {
        Path jar = home.resolve("system/org/example/thing/1.0.0-SNAPSHOT/thing-1.0.0-SNAPSHOT.jar");
        Path feature = home.resolve("system/g/f/1/f-1.json");
        Files.createDirectories(feature.getParent());
        Files.writeString(feature, """
                { "feature-resource-version": "1.0", "id": "g:f:json:1",
                  "bundles": [ { "id": "org.example:thing:1.0.0-SNAPSHOT", "start-order": 2 } ] }
                """);
        FileTime buildTime = FileTime.fromMillis(1_700_000_000_000L); // reproducible builds fix every file's date

        bundle(jar, "first build");
        Files.setLastModifiedTime(jar, buildTime);
        assertEquals("first build", descriptionAfterStart());
        assertEquals("first build", descriptionAfterStart(), "an unchanged bundle stays as installed");

        bundle(jar, "second build");
        Files.setLastModifiedTime(jar, buildTime);
        assertEquals("second build", descriptionAfterStart(), "the same id and file date, other content: updated");
    }

    @Test
    void theChecksumTellsContentApart() throws Exception {
        Path a = home.resolve("a.jar");
        Path b = home.resolve("b.jar");
        bundle(a, "one");
        bundle(b, "two");
        assertEquals(Launcher.checksum(a), Launcher.checksum(a));
        assertNotEquals(Launcher.checksum(a), Launcher.checksum(b));
    }

    private String descriptionAfterStart() throws Exception {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "1", "--data", "data"},
                Map.of("OPSCONSOLE_FEATURES", "g:f:json:1", "OPSCONSOLE_LOG_LEVEL", "ERROR"), home);
        Launcher launcher = new Launcher(options);
        Framework framework = launcher.start();
        try {
            for (Bundle bundle : framework.getBundleContext().getBundles()) {
                if ("org.example.thing".equals(bundle.getSymbolicName())) {
                    return bundle.getHeaders("").get("Bundle-Description");
                }
            }
            return null;
        } finally {
            launcher.stop();
        }
    }

    private static void bundle(Path jar, String description) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.example.thing");
        main.putValue("Bundle-Version", "1.0.0.SNAPSHOT");
        main.putValue("Bundle-Description", description);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
    }
}
