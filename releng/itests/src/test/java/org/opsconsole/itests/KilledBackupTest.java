package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A console killed (SIGKILL) in the middle of a backup, as a power cut or the OOM killer would: at the next start the
 * backup is recorded as interrupted, its partial files are gone, and it never appears as complete; the next backup of
 * the same target completes.
 */
class KilledBackupTest {

    @Test
    void aKilledBackupIsInterruptedNeverComplete(@TempDir Path data, @TempDir Path folder) throws Exception {
        // a large sparse file: seconds to read, compress and seal, no disk space taken
        try (RandomAccessFile big = new RandomAccessFile(folder.resolve("attachments.bin").toFile(), "rw")) {
            big.setLength(20L * 1024 * 1024 * 1024);
        }
        Files.writeString(folder.resolve("readme.txt"), "附件");
        int port = Distribution.freePort();
        Process first = start(data, port);
        String backupId;
        long target;
        try {
            assertTrue(Distribution.awaitHealthy(port, Duration.ofSeconds(90)), "the console answers");
            ConsoleSession admin = ConsoleSession.signIn(port, "admin", RunningConsole.ADMIN_PASSWORD, RunningConsole.CHANGED_PASSWORD);
            HttpResponse<String> created = admin.post("/api/backups/targets", Map.of("name", "大附件", "kind", "files",
                    "settings", Map.of("path", folder.toString()), "schedule", ""));
            assertEquals(201, created.statusCode(), created.body());
            target = ConsoleSession.JSON.readTree(created.body()).path("id").asLong();
            HttpResponse<String> started = admin.post("/api/backups/runs", Map.of("targetId", target));
            assertEquals(202, started.statusCode(), started.body());
            String operation = ConsoleSession.JSON.readTree(started.body()).path("id").asText();
            JsonNode running = BackupsTest.await(() -> admin.json("/api/backups/operations/" + operation),
                    o -> o.path("bytes").asLong() > 0 || !o.path("state").asText().equals("RUNNING"), "the backup is under way");
            backupId = running.path("backupId").asText();
            assertEquals("RUNNING", running.path("state").asText(), "still running when killed");
            assertTrue(Files.isDirectory(data.resolve("backups/repository/" + target + "/" + backupId + ".partial")));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no deactivation
            first.waitFor(10, TimeUnit.SECONDS);
        }

        Process second = start(data, port);
        try {
            assertTrue(Distribution.awaitHealthy(port, Duration.ofSeconds(90)), "the console answers again");
            ConsoleSession admin = ConsoleSession.signIn(port, "admin", RunningConsole.CHANGED_PASSWORD, RunningConsole.CHANGED_PASSWORD);
            JsonNode killed = BackupsTest.await(() -> admin.json("/api/backups/runs/" + backupId),
                    r -> !r.path("state").asText().equals("RUNNING"), "the killed backup is found");
            assertEquals("INTERRUPTED", killed.path("state").asText(), killed.toString());
            assertEquals(0, admin.json("/api/backups/runs?state=complete&target=" + target).size(), "nothing is complete");
            try (Stream<Path> left = Files.list(data.resolve("backups/repository/" + target))) {
                assertEquals(List.of(), left.toList(), "the partial files are deleted");
            }
            Files.delete(folder.resolve("attachments.bin"));
            JsonNode next = BackupsTest.backup(admin, target);
            assertEquals(1, next.path("files").asLong(), next.toString());
        } finally {
            second.destroy();
            assertTrue(second.waitFor(10, TimeUnit.SECONDS));
        }
        String log = Files.readString(data.resolve("log/opsconsole.0.log"));
        assertTrue(log.contains("Backup " + backupId + " of 大附件 was interrupted; its partial files were deleted"),
                "the log says what became of the killed backup");
    }

    private static Process start(Path data, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Distribution.home().resolve("bin/opsconsole").toString(), "--port",
                Integer.toString(port), "--data", data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("console.out").toFile())).directory(data.toFile());
        builder.environment().put("OPSCONSOLE_SANDBOX_GENERATE", "off");
        builder.environment().putAll(RunningConsole.PASSWORDS);
        return builder.start();
    }
}
