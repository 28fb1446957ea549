package org.opsconsole.backups.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.backups.internal.BackupService;
import org.opsconsole.backups.internal.Run;
import org.opsconsole.backups.internal.Target;
import org.opsconsole.backups.internal.TargetStore;
import org.opsconsole.backups.internal.TestBackupServices;
import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestRequests;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A backup carries the names its target had when it was taken, in Chinese and English ({@code targetName},
 * {@code targetNameEn}), in {@code /api/backups/runs} and the operations; a restore over the original is confirmed with
 * either. On H2 and MySQL.
 */
class BackupsServletTest {

    @TempDir
    Path data;

    private TestDatabases.Target db;
    private BackupService service;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void close() throws Exception {
        if (service != null) {
            TestBackupServices.close(service);
        }
        if (db != null) {
            db.close();
        }
    }

    private Target target(String name, String nameEn) {
        TargetStore.Checked made = service.targets().create(new TargetStore.Input(name, nameEn, "console", Map.of(), null, null, null,
                null, null, null, null, null));
        assertEquals(List.of(), made.errors());
        return service.targets().find(made.record().getId()).orElseThrow();
    }

    private static ServletAnswer call(jakarta.servlet.Servlet servlet, String method, String path, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, path, TargetsServletTest.ADMIN, body), answer.response);
        return answer;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aBackupKeepsTheEnglishNameItsTargetHadAndARestoreIsConfirmedWithEitherName(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        service = TestBackupServices.open(db, data, new TestAuditLog());
        BackupsServlet backups = new BackupsServlet(service);
        RestoresServlet restores = new RestoresServlet(service);
        Target console = target("控制台数据库", "Console database");
        Run run = TestBackupServices.backUp(service, console);
        assertEquals(Run.State.COMPLETE, run.state());
        Target plain = target("备用控制台库", null);
        Run plainRun = TestBackupServices.backUp(service, plain);

        JsonNode listed = call(backups, "GET", null, null).json();
        assertEquals(2, listed.size());
        for (JsonNode view : listed) {
            boolean named = view.path("id").asText().equals(run.id());
            assertEquals(named ? "控制台数据库" : "备用控制台库", view.path("targetName").asText());
            assertTrue(named ? view.path("targetNameEn").asText().equals("Console database") : view.path("targetNameEn").isNull(),
                    view.toString());
        }
        assertEquals("Console database", call(backups, "GET", "/" + run.id(), null).json().path("targetNameEn").asText());

        // renamed since: the backup keeps the names of when it was taken
        assertEquals(List.of(), service.targets().update(console.id(), new TargetStore.Input("主控制台库", null, null, null, null, null,
                null, null, null, null, null, null)).orElseThrow().errors());
        JsonNode kept = call(backups, "GET", "/" + run.id(), null).json();
        assertEquals("控制台数据库", kept.path("targetName").asText());
        assertEquals("Console database", kept.path("targetNameEn").asText());

        ServletAnswer wrong = call(restores, "POST", null, "{\"backupId\":\"" + run.id()
                + "\",\"destination\":\"original\",\"confirm\":\"Console\"}");
        assertEquals(400, wrong.status, wrong.text());
        assertEquals(List.of("confirm"), wrong.fields());
        assertTrue(wrong.json().path("errors").get(0).path("messageEn").asText().contains("“Console database”"), wrong.text());
        assertTrue(wrong.json().path("errors").get(0).path("message").asText().contains("“控制台数据库”"), wrong.text());
        // confirmed with either name, then refused for what it is: the console's own database is never restored over
        for (String typed : List.of("Console database", " 控制台数据库 ")) {
            ServletAnswer confirmed = call(restores, "POST", null, "{\"backupId\":\"" + run.id()
                    + "\",\"destination\":\"original\",\"confirm\":\"" + typed + "\"}");
            assertEquals(409, confirmed.status, typed + ": " + confirmed.text());
        }
        ServletAnswer noEnglish = call(restores, "POST", null, "{\"backupId\":\"" + plainRun.id()
                + "\",\"destination\":\"original\",\"confirm\":\"Spare\"}");
        assertEquals(400, noEnglish.status, noEnglish.text());
        assertTrue(noEnglish.json().path("errors").get(0).path("messageEn").asText().contains("“备用控制台库”"),
                "a target without an English name is confirmed with its one name: " + noEnglish.text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aStartedBackupShowsItsTargetsEnglishName(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        service = TestBackupServices.open(db, data, new TestAuditLog());
        Target console = target("控制台数据库", "Console database");
        ServletAnswer started = call(new BackupsServlet(service), "POST", null, "{\"targetId\":" + console.id() + "}");
        assertEquals(202, started.status, started.text());
        assertEquals("控制台数据库", started.json().path("targetName").asText());
        assertEquals("Console database", started.json().path("targetNameEn").asText());
    }
}
