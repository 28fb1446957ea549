package org.opsconsole.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping, the console's environment, and what happens without a distribution. */
class OpsConsoleLifecycleTest {

    @Test
    void stopEndsTheConsoleWithSigtermAndItStopsCleanly() throws Exception {
        OpsConsole console = OpsConsole.fromSystemProperty().keepData();
        assumeTrue(Files.isRegularFile(console.home().resolve("bin/opsconsole")), "no opsconsole distribution at " + console.home());
        console.start();
        Path folder = console.folder();
        try {
            int port = console.port();
            assertEquals(200, console.anonymous().get("/api/health").status());

            console.stop();

            assertFalse(console.isRunning());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens on the port any more");
            String log = Files.readString(console.dataFolder().resolve("log/opsconsole.0.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("Framework stopped cleanly"), "the console stopped as on SIGTERM");
            assertThrows(IllegalStateException.class, console::port);
        } finally {
            console.stop();
            delete(folder);
        }
    }

    @Test
    void withoutKeepDataTheTemporaryFolderGoesWithTheStop() throws Exception {
        OpsConsole console = OpsConsole.fromSystemProperty();
        assumeTrue(Files.isRegularFile(console.home().resolve("bin/opsconsole")), "no opsconsole distribution at " + console.home());
        try (console) {
            console.start();
            Path folder = console.folder();
            assertTrue(Files.isDirectory(folder));

            console.stop();

            assertFalse(Files.exists(folder));
        }
    }

    @Test
    void aMissingDistributionIsNamedWithWhatToDo(@TempDir Path empty) {
        OpsConsole console = OpsConsole.fromHome(empty);

        IllegalStateException error = assertThrows(IllegalStateException.class, console::start);

        assertTrue(error.getMessage().contains(empty.resolve("bin/opsconsole") + " is missing"), error.getMessage());
        assertFalse(console.isRunning());
    }

    @Test
    void skipWhenMissingTurnsAMissingDistributionIntoSkippedTestsSayingWhy(@TempDir Path empty) {
        ConditionEvaluationResult skipped = OpsConsole.fromHome(empty).skipWhenMissing().evaluateExecutionCondition(null);
        ConditionEvaluationResult failing = OpsConsole.fromHome(empty).evaluateExecutionCondition(null);

        assertTrue(skipped.isDisabled());
        assertTrue(skipped.getReason().orElseThrow().contains("no opsconsole distribution at " + empty), skipped.getReason().orElseThrow());
        assertFalse(failing.isDisabled(), "without skipWhenMissing the start fails instead");
    }

    @Test
    void theTrustIsGivenToTheConsoleInsteadOfTheInheritedOne(@TempDir Path folder) {
        Map<String, String> inherited = Map.of("PATH", "/usr/bin", "OPSCONSOLE_PLUGINS_TRUST", "development",
                "OPSCONSOLE_PLUGINS_TRUSTSTORE", "/elsewhere.p12");
        Path truststore = folder.resolve("plugins-truststore.p12");

        Map<String, String> development = OpsConsole.fromHome(folder).environment(inherited);
        Map<String, String> signed = OpsConsole.fromHome(folder).withTrust(Trust.truststore(truststore, "changeit")).environment(inherited);
        Map<String, String> strict = OpsConsole.fromHome(folder).withTrust(Trust.signedOnly()).environment(inherited);
        Map<String, String> overridden = OpsConsole.fromHome(folder).withEnvironment("OPSCONSOLE_LOG_LEVEL", "DEBUG").environment(inherited);

        assertEquals("development", development.get("OPSCONSOLE_PLUGINS_TRUST"));
        assertNull(development.get("OPSCONSOLE_PLUGINS_TRUSTSTORE"));
        assertNull(signed.get("OPSCONSOLE_PLUGINS_TRUST"), "the console's strict default");
        assertEquals(truststore.toAbsolutePath().toString(), signed.get("OPSCONSOLE_PLUGINS_TRUSTSTORE"));
        assertEquals("changeit", signed.get("OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD"));
        assertNull(strict.get("OPSCONSOLE_PLUGINS_TRUST"));
        assertNull(strict.get("OPSCONSOLE_PLUGINS_TRUSTSTORE"));
        assertEquals("DEBUG", overridden.get("OPSCONSOLE_LOG_LEVEL"));
        assertEquals("/usr/bin", overridden.get("PATH"));
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
