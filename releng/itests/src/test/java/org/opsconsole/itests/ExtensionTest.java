package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The example extension the CI generates from the archetype and builds outside the reactor (signed with the archetype's
 * test key), installed at runtime through the plugin manager: its page appears, its REST endpoint works behind its
 * permission, its table was migrated, its health check is in the console's health; removed, it is gone and the
 * console keeps running.
 */
class ExtensionTest {

    private static final Path SIGNED = Path.of("../archetype/target/test-classes/projects/signed");

    @Test
    void theExampleExtensionInstallsRunsAndGoes(@TempDir Path data) throws Exception {
        Path archive = SIGNED.resolve("project/opsconsole-example-signed/target/opsconsole-example-signed-1.0.0.zip");
        Path truststore = Path.of("../archetype/src/test/resources/projects/signed/test-signing.p12");
        assertTrue(Files.isRegularFile(archive), "the archetype's integration test built the example: " + archive.toAbsolutePath());
        Map<String, String> env = Map.of("OPSCONSOLE_PLUGINS_TRUSTSTORE", truststore.toAbsolutePath().toString(),
                "OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD", "changeit", "OPSCONSOLE_PLUGINS_DEPLOY", "off");
        try (RunningConsole console = RunningConsole.start(Distribution.home(), data, env)) {
            ConsoleSession admin = console.admin();
            assertEquals(404, admin.get("/api/signed/greetings").statusCode());

            HttpResponse<String> planned = admin.upload("/api/plugins/uploads?name=" + archive.getFileName(), Files.readAllBytes(archive));
            assertEquals(201, planned.statusCode(), planned.body());
            JsonNode prepared = ConsoleSession.JSON.readTree(planned.body());
            assertEquals("SIGNATURE", prepared.path("trust").get(0).path("basis").asText(), planned.body());
            HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + prepared.path("id").asText() + "/apply", Map.of());
            assertEquals(200, applied.statusCode(), applied.body());

            HttpResponse<String> greetings = admin.get("/api/signed/greetings");
            assertEquals(200, greetings.statusCode(), greetings.body());
            assertTrue(admin.get("/api/console/pages").body().contains("\"signed\""), "the extension's page is in the navigation");
            assertEquals(401, Distribution.get(console.port, "/api/signed/greetings").statusCode(), "the core checks sign-in");
            JsonNode health = admin.json("/api/health");
            assertEquals("UP", health.path("status").asText(), health.toString());
            assertTrue(health.path("checks").toString().contains("\"id\":\"signed.greetings\"")
                    && health.path("checks").get(0).path("status").asText().equals("OK"), "the extension's health check: " + health);

            String key = prepared.path("feature").path("key").asText();
            assertEquals(200, admin.delete("/api/plugins/features/" + key).statusCode());
            assertEquals(404, admin.get("/api/signed/greetings").statusCode());
            assertFalse(admin.get("/api/console/pages").body().contains("\"signed\""), "the page left the navigation");
            assertEquals(200, admin.get("/api/health").statusCode());
            assertFalse(admin.json("/api/health").toString().contains("signed.greetings"), "its health check left with it");
        }
    }
}
