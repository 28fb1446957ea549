package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The console on MySQL/MariaDB (127.0.0.1:3306, root, empty password; a database made for the run and
 * dropped after): migrations, first accounts, sign-in, the forced password change, user management and
 * sessions in the database. Skipped outside CI when no server answers; CI must have one.
 */
class MariaDbConsoleTest {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

    @Test
    void theConsoleKeepsItsAccountsAndSessionsInMariaDb() throws Exception {
        String database = "opsconsole_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Connection server;
        try {
            server = DriverManager.getConnection(SERVER, "root", "");
        } catch (SQLException e) {
            String how = "no MySQL/MariaDB at 127.0.0.1:3306 (root, empty password): " + e.getMessage()
                    + "; start it with start-stop-daemon --start --background --exec /usr/sbin/mariadbd";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(how, e);
            }
            Assumptions.abort(how);
            return;
        }
        try (server; Statement sql = server.createStatement()) {
            sql.execute("create database " + database + " character set utf8mb4 collate utf8mb4_bin");
            try {
                Path data = Files.createTempDirectory("opsconsole-mariadb-");
                try (RunningConsole console = RunningConsole.start(Distribution.home(), data, Map.of(
                        "OPSCONSOLE_DB_URL", SERVER + database, "OPSCONSOLE_DB_USER", "root", "OPSCONSOLE_DB_PASSWORD", ""))) {
                    ConsoleSession secadmin = console.signIn("secadmin");
                    assertEquals(201, secadmin.post("/api/security/users",
                            Map.of("name", "wang.fang", "displayName", "王芳", "roles", List.of("viewer"))).statusCode());
                    assertTrue(secadmin.json("/api/security/users").toString().contains("王芳"));
                }
                try (ResultSet rows = sql.executeQuery("select count(*) from " + database + ".security_user")) {
                    rows.next();
                    assertEquals(4, rows.getInt(1), "admin, secadmin, auditor and the new user are in MariaDB");
                }
                try (ResultSet rows = sql.executeQuery("select count(*) from " + database + ".security_session")) {
                    rows.next();
                    assertEquals(1, rows.getInt(1), "the session is in MariaDB");
                }
                try (ResultSet rows = sql.executeQuery("select count(*) from " + database + ".security_schema_history where success = 1")) {
                    rows.next();
                    assertTrue(rows.getInt(1) >= 1, "the module's migrations are recorded");
                }
            } finally {
                sql.execute("drop database " + database);
            }
        }
    }
}
