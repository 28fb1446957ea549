package org.opsconsole.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.testkit.FakeConsole.Answer;

/** Installing and uninstalling through the plugin manager's REST API, against a fake console. */
class PluginsTest {

    private static final String FEATURE = "org.opsconsole.examples:opsconsole-example:json:1.0.0";

    @Test
    void installUploadsTheFileThenAppliesItsPlan(@TempDir Path folder) throws Exception {
        Path archive = Files.write(folder.resolve("opsconsole example 1.0.0.zip"), new byte[] {1, 2, 3});
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/api/plugins/uploads?name=opsconsole+example+1.0.0.zip",
                    r -> Answer.json(201, "{\"id\":\"u-17\",\"plan\":{\"install\":[\"org.opsconsole.examples.hello\"]}}"))
                .on("POST", "/api/plugins/uploads/u-17/apply",
                    r -> Answer.json(200, "{\"change\":5,\"outcome\":\"APPLIED\",\"feature\":\"" + FEATURE + "\"}"));

            Installation installed = new Plugins(new ConsoleClient(fake.base(), "admin")).install(archive);

            assertEquals(new Installation("opsconsole example 1.0.0.zip", "u-17", installed.plan(), 5, FEATURE), installed);
            assertEquals("org.opsconsole.examples.hello", installed.plan().path("install").get(0).asText());
            assertArrayEquals(new byte[] {1, 2, 3}, fake.requests.get(0).body());
            assertEquals("application/octet-stream", fake.requests.get(0).headers().getFirst("Content-Type"));
            assertEquals(2, fake.requests.size());
        }
    }

    @Test
    void aRefusedUploadFailsWithTheConsolesReasonsAndIsNotApplied(@TempDir Path folder) throws Exception {
        Path archive = Files.write(folder.resolve("unsigned.zip"), new byte[] {1});
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/api/plugins/uploads?name=unsigned.zip", r -> Answer.problem(422,
                    "{\"title\":\"Unprocessable Content\",\"detail\":\"模块 unsigned.jar 未签名 / unsigned.jar is not signed\","
                    + "\"errors\":[{\"field\":\"file\",\"message\":\"模块 unsigned.jar 未签名\",\"messageEn\":\"unsigned.jar is not signed\"}]}"));

            AssertionError error = assertThrows(AssertionError.class,
                    () -> new Plugins(new ConsoleClient(fake.base(), "admin")).install(archive));

            assertTrue(error.getMessage().startsWith("the console refused the upload of unsigned.zip: POST "), error.getMessage());
            assertTrue(error.getMessage().endsWith("answered 422: Unprocessable Content - 模块 unsigned.jar 未签名 / unsigned.jar is not"
                    + " signed\n  file: unsigned.jar is not signed"), error.getMessage());
            assertEquals(1, fake.requests.size());
        }
    }

    @Test
    void aFailedApplyFailsWithTheCause(@TempDir Path folder) throws Exception {
        Path archive = Files.write(folder.resolve("broken.zip"), new byte[] {1});
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/api/plugins/uploads?name=broken.zip", r -> Answer.json(201, "{\"id\":\"u-2\",\"plan\":{}}"))
                .on("POST", "/api/plugins/uploads/u-2/apply", r -> Answer.problem(409,
                    "{\"title\":\"Conflict\",\"detail\":\"the component of org.example.broken threw\"}"));

            AssertionError error = assertThrows(AssertionError.class,
                    () -> new Plugins(new ConsoleClient(fake.base(), "admin")).install(archive));

            assertTrue(error.getMessage().contains("installing broken.zip failed"), error.getMessage());
            assertTrue(error.getMessage().contains("409: Conflict - the component of org.example.broken threw"), error.getMessage());
        }
    }

    @Test
    void uninstallDeletesTheFeatureByItsId() throws Exception {
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("DELETE", "/api/plugins/features/" + FEATURE, r -> Answer.json(200, "{\"change\":6,\"outcome\":\"APPLIED\"}"));

            assertEquals(6, new Plugins(new ConsoleClient(fake.base(), "admin")).uninstall(FEATURE));
        }
    }

    @Test
    void aMissingFileIsNamedBeforeAnythingIsSent(@TempDir Path folder) throws Exception {
        try (FakeConsole fake = new FakeConsole()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> new Plugins(new ConsoleClient(fake.base(), "admin")).install(folder.resolve("target/x.zip")));

            assertTrue(error.getMessage().contains("x.zip (was it built?)"), error.getMessage());
            assertEquals(0, fake.requests.size());
        }
    }
}
