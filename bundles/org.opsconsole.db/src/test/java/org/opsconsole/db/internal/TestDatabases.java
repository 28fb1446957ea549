package org.opsconsole.db.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The databases the tests run on: H2 (in memory, MySQL mode) always, and a MySQL/MariaDB server at
 * {@code OPSCONSOLE_TEST_MYSQL} (default {@code jdbc:mysql://127.0.0.1:3306/}, user root, empty password),
 * in a database made for the run and dropped after. Without the server the MySQL runs are skipped, with a
 * message that says how to start it; under CI (environment variable CI set) they fail instead.
 */
final class TestDatabases {

    private static final String MYSQL = System.getenv().getOrDefault("OPSCONSOLE_TEST_MYSQL", "").isBlank()
            ? "jdbc:mysql://127.0.0.1:3306/" : System.getenv("OPSCONSOLE_TEST_MYSQL");

    private TestDatabases() {
    }

    /** A database for one test: its settings, and how to drop it. */
    record Target(String name, ConnectionPool.Settings settings, AutoCloseable drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<String> kinds() {
        return List.of("h2", "mysql");
    }

    static Target create(String kind) throws SQLException {
        String name = "opsconsole_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind.equals("h2")) {
            String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + ConnectionPool.H2_MYSQL_MODE;
            return new Target("H2", ConnectionPool.settings(url, "", "", ""), () -> {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("shutdown");
                }
            });
        }
        Connection server;
        try {
            server = DriverManager.getConnection(MYSQL, "root", "");
        } catch (SQLException e) {
            String how = "MySQL/MariaDB is not reachable at " + MYSQL + " as root with an empty password (" + e.getMessage()
                    + "). Start it, e.g. start-stop-daemon --start --background --exec /usr/sbin/mariadbd, or point "
                    + "OPSCONSOLE_TEST_MYSQL at a server, to run the tests on MySQL too.";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(how, e);
            }
            Assumptions.abort(how);
            throw e;
        }
        try (Statement s = server.createStatement()) {
            s.execute("create database " + name + " character set utf8mb4 collate utf8mb4_bin");
        }
        String base = MYSQL.contains("?") ? MYSQL.substring(0, MYSQL.indexOf('?')) : MYSQL;
        String url = (base.endsWith("/") ? base : base + "/") + name;
        return new Target("MySQL", ConnectionPool.settings(url, "root", "", ""), () -> {
            try (server; Statement s = server.createStatement()) {
                s.execute("drop database " + name);
            }
        });
    }

    static List<String> tablesOf(javax.sql.DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return tables;
    }
}
