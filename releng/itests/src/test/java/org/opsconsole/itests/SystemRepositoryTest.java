package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A feature the distribution ships in {@code system/} but does not start (here the sandbox, with only the core
 * configured) is installed at runtime by its id: its jars are unsigned, and trusted as part of the installation.
 */
class SystemRepositoryTest {

    @Test
    void aShippedFeatureIsInstalledByIdFromSystem(@TempDir Path data) throws Exception {
        String version = "1.0.0-SNAPSHOT";
        Map<String, String> env = Map.of("OPSCONSOLE_FEATURES", "org.opsconsole.features:core:json:" + version,
                "OPSCONSOLE_PLUGINS_DEPLOY", "off");
        try (RunningConsole console = RunningConsole.start(Distribution.home(), data, env)) {
            assertTrue(java.util.Arrays.stream(console.framework.getBundleContext().getBundles())
                    .noneMatch(b -> "org.opsconsole.sandbox".equals(b.getSymbolicName())), "only the core is started");
            ConsoleSession admin = console.admin();
            HttpResponse<String> planned = admin.post("/api/plugins/repository",
                    Map.of("feature", "org.opsconsole.features:sandbox:json:" + version));
            assertEquals(201, planned.statusCode(), planned.body());
            JsonNode prepared = ConsoleSession.JSON.readTree(planned.body());
            assertEquals("ALLOW_LIST", prepared.path("trust").get(0).path("basis").asText(), planned.body());
            assertTrue(prepared.path("feature").path("source").asText().startsWith("repository:system:"), planned.body());
            HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + prepared.path("id").asText() + "/apply", Map.of());
            assertEquals(200, applied.statusCode(), applied.body());
            assertEquals(Bundle.ACTIVE, console.bundle("org.opsconsole.sandbox").getState());
            assertEquals(200, admin.get("/api/sandbox/faults").statusCode());
        }
    }
}
