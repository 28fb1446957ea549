package org.opsconsole.backups.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.backups.internal.BackupService;
import org.opsconsole.backups.internal.TestBackupServices;
import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestRequests;
import org.opsconsole.testing.TestUsers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The targets' English names through {@code /api/backups/targets}, on H2 and MySQL: given on create and update, returned
 * wherever a target is, cleared by a rename without one, and bad ones refused naming the field with nothing changed.
 */
class TargetsServletTest {

    static final ConsoleUser ADMIN = TestUsers.user("admin", "系统管理员", Set.of("sysadmin"), "backup.read", "backup.operate",
            "backup.restore", "backup.configure");

    @TempDir
    Path data;

    private TestDatabases.Target db;
    private BackupService service;
    private final TestAuditLog audit = new TestAuditLog();
    private TargetsServlet servlet;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private void open(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        service = TestBackupServices.open(db, data, audit);
        servlet = new TargetsServlet(service, audit);
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

    private ServletAnswer call(String method, String path, String body) throws Exception {
        ServletAnswer answer = new ServletAnswer();
        servlet.service(TestRequests.request(method, path, ADMIN, body), answer.response);
        return answer;
    }

    private JsonNode list() throws Exception {
        ServletAnswer listed = call("GET", null, null);
        assertEquals(200, listed.status, listed.text());
        return listed.json();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theEnglishNameIsGivenReturnedEverywhereAndClearedByARenameWithoutOne(String kind) throws Exception {
        open(kind);
        ServletAnswer created = call("POST", null, """
                {"name":"控制台数据库","nameEn":"Console database","kind":"console","schedule":"0 0 2 * * ?"}""");
        assertEquals(201, created.status, created.text());
        long id = created.json().path("id").asLong();
        assertEquals("Console database", created.json().path("nameEn").asText());
        assertEquals("Console database", call("GET", "/" + id, null).json().path("nameEn").asText());
        assertEquals("Console database", list().get(0).path("nameEn").asText());

        ServletAnswer retention = call("PUT", "/" + id, "{\"keepLast\":5}");
        assertEquals(200, retention.status, retention.text());
        assertEquals("Console database", retention.json().path("nameEn").asText(), "kept when the name is not changed");

        ServletAnswer renamed = call("PUT", "/" + id, "{\"name\":\"主控制台库\"}");
        assertEquals(200, renamed.status, renamed.text());
        assertTrue(renamed.json().path("nameEn").isNull(), renamed.text());
        assertTrue(list().get(0).path("nameEn").isNull(), "the old English name does not outlive the name it translated");

        ServletAnswer named = call("PUT", "/" + id, "{\"name\":\"主控制台库\",\"nameEn\":\"Main console database\"}");
        assertEquals("Main console database", named.json().path("nameEn").asText(), named.text());
        ServletAnswer cleared = call("PUT", "/" + id, "{\"nameEn\":\"\"}");
        assertTrue(cleared.json().path("nameEn").isNull(), cleared.text());

        ServletAnswer without = call("POST", null, "{\"name\":\"备用控制台库\",\"kind\":\"console\"}");
        assertEquals(201, without.status, without.text());
        assertTrue(without.json().has("nameEn") && without.json().path("nameEn").isNull(), "optional, and returned as null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aBadEnglishNameIsRefusedNamingTheFieldAndChangesNothing(String kind) throws Exception {
        open(kind);
        long id = call("POST", null, "{\"name\":\"控制台数据库\",\"nameEn\":\"Console database\",\"kind\":\"console\"}").json().path("id")
                .asLong();
        call("POST", null, "{\"name\":\"备用控制台库\",\"nameEn\":\"Spare console database\",\"kind\":\"console\"}");
        List<AuditEvent> before = List.copyOf(audit.events);

        for (String body : List.of("{\"name\":\"新对象\",\"nameEn\":7,\"kind\":\"console\"}",
                "{\"name\":\"新对象\",\"nameEn\":\"" + "x".repeat(101) + "\",\"kind\":\"console\"}",
                "{\"name\":\"新对象\",\"nameEn\":\"Spare console database\",\"kind\":\"console\"}")) {
            ServletAnswer refused = call("POST", null, body);
            assertEquals(400, refused.status, refused.text());
            assertTrue(refused.contentType.startsWith("application/problem+json"), refused.contentType);
            assertEquals(List.of("nameEn"), refused.fields(), body);
        }
        for (String body : List.of("{\"name\":\"改名\",\"nameEn\":[\"x\"]}", "{\"name\":\"改名\",\"nameEn\":\"" + "x".repeat(101) + "\"}",
                "{\"name\":\"改名\",\"nameEn\":\"Spare console database\"}")) {
            ServletAnswer refused = call("PUT", "/" + id, body);
            assertEquals(400, refused.status, refused.text());
            assertEquals(List.of("nameEn"), refused.fields(), body);
        }

        JsonNode targets = list();
        assertEquals(2, targets.size(), "nothing was created");
        JsonNode target = call("GET", "/" + id, null).json();
        assertEquals("控制台数据库", target.path("name").asText(), "nothing was changed");
        assertEquals("Console database", target.path("nameEn").asText());
        assertEquals(before, audit.events, "nothing was audited");
    }
}
