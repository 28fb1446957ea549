package org.opsconsole.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The test kit on the built distribution (system property {@code opsconsole.home}; skipped, saying so, when it has no
 * {@code bin/opsconsole}): one console for the class, started before the first test.
 */
class OpsConsoleTest {

    @RegisterExtension
    static OpsConsole console = OpsConsole.fromSystemProperty().skipWhenMissing();

    @Test
    void theConsoleAnswersHealthyOnItsOwnPortWithAFreshDataFolder() throws Exception {
        ConsoleResponse health = console.anonymous().get("/api/health").expect(200);

        assertEquals("UP", health.json().path("status").asText());
        assertTrue(console.isRunning());
        assertTrue(console.dataFolder().startsWith(console.folder()), "the data folder is the kit's temporary folder");
        assertTrue(Files.isRegularFile(console.dataFolder().resolve("log/opsconsole.0.log")), "the console logs into it");
        assertTrue(Files.isRegularFile(console.dataFolder().resolve("state/features.json")));
    }

    @Test
    void theAdminClientIsTheSystemAdministratorWhosePasswordWasChanged() {
        JsonNode session = console.admin().getJson("/api/security/session");

        assertEquals("admin", session.path("user").path("name").asText());
        assertEquals(List.of("sysadmin"), roles(session));
        assertFalse(session.path("mustChangePassword").asBoolean(), "the one-time password was changed at the first sign-in");
        assertSame(console.admin(), console.admin(), "one session for the class");
    }

    @Test
    void changesCarryTheSessionsCsrfTokenAndNeedASession() {
        // the console refuses a change without the token (403) or without a session (401)
        JsonNode marked = console.admin().post("/api/notify/inbox/read-all").expect(200).json();

        assertEquals(0, marked.path("unread").asInt());
        assertEquals(401, console.anonymous().post("/api/notify/inbox/read-all").status());
    }

    @Test
    void theOtherFirstAccountsSignInWithTheirRoles() {
        assertEquals(List.of("auditor"), roles(console.signIn("auditor").getJson("/api/security/session")));
        assertEquals(List.of("secadmin"), roles(console.signIn("secadmin").getJson("/api/security/session")));
        // a second session of the same account signs in with the changed password
        assertEquals(List.of("auditor"), roles(console.signIn("auditor").getJson("/api/security/session")));
        ConsoleResponse login = console.anonymous().post("/api/security/login",
                Map.of("name", "auditor", "password", console.password("auditor")));
        assertEquals(200, login.status(), "password() gives the password the account has now");
        assertFalse(login.json().path("mustChangePassword").asBoolean());
    }

    @Test
    void aJsonBodyArrivesAsWrittenAndARefusalComesBackAsAProblem() {
        ConsoleClient secadmin = console.signIn("secadmin");
        String user = "{\"name\":\"li.na\",\"displayName\":\"李娜\",\"roles\":[\"operator\"]}";

        JsonNode created = secadmin.post("/api/security/users", user).expect(201).json();
        ConsoleResponse again = secadmin.post("/api/security/users", user);

        assertEquals("李娜", created.path("user").path("displayName").asText());
        assertEquals(400, again.status(), again.body());
        assertTrue(again.isProblem());
        assertEquals("name", again.json().path("errors").get(0).path("field").asText(), again.body());
    }

    private static List<String> roles(JsonNode session) {
        List<String> roles = new ArrayList<>();
        session.path("user").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
