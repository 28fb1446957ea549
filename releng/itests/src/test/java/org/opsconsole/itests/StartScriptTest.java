package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/opsconsole} as an operator runs it: a port and a data folder, a clean stop on SIGTERM, a warm restart. */
class StartScriptTest {

    @Test
    void startsOnTheGivenPortAndDataFolderAndStopsCleanlyOnSigterm(@TempDir Path data) throws Exception {
        int port = Distribution.freePort();
        for (int run = 1; run <= 2; run++) { // the second run finds the framework cache of the first
            Process process = start(data.resolve("run" + run + ".out"), "--port", Integer.toString(port), "--data", data.toString());
            try {
                assertTrue(Distribution.awaitHealthy(port, Duration.ofSeconds(60)), "run " + run + " answers /api/health");
                assertTrue(Distribution.get(port, "/api/health").body().contains("\"status\":\"UP\""));
            } finally {
                process.destroy(); // SIGTERM
            }
            assertTrue(process.waitFor(5, TimeUnit.SECONDS), "run " + run + " exits within 5 s of SIGTERM");
            Path log = data.resolve("log/opsconsole.0.log");
            assertTrue(Files.isRegularFile(log), "the log file is in the data folder");
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(text.contains("Framework stopped cleanly"), "the log records a clean stop");
            assertTrue(Files.isRegularFile(data.resolve("state/features.json")));
        }
        assertTrue(Files.size(Distribution.home().resolve("lib/opsconsole.jsa")) > 10_000_000,
                "the start script prepared the class data sharing archive, the bundles' classes included");
    }

    @Test
    void aBadPortIsRefusedWithAClearMessage(@TempDir Path data) throws Exception {
        Path out = data.resolve("out.txt");
        Process process = start(out, "--port", "eighty", "--data", data.toString());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(output.contains("port must be a number from 1 to 65535, not 'eighty'"), output);
    }

    @Test
    void anUnknownOptionIsRefused(@TempDir Path data) throws Exception {
        Path out = data.resolve("out.txt");
        Process process = start(out, "--prot", "8080");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(output.contains("unknown option '--prot'"), output);
    }

    /** Runs the start script with its output (standard output and error) going to a file. */
    private static Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Distribution.home().resolve("bin/opsconsole").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .directory(output.getParent().toFile());
        builder.environment().put("OPSCONSOLE_SANDBOX_GENERATE", "off"); // no millions of simulated rows for a test
        return builder.start();
    }
}
