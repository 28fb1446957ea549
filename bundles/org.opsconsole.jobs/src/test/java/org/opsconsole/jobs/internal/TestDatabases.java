package org.opsconsole.jobs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Assumptions;
import org.opsconsole.api.db.Database;

/**
 * The databases the tests run on: H2 (in memory, MySQL mode, as the console's embedded database) always, and a
 * MySQL/MariaDB server at {@code OPSCONSOLE_TEST_MYSQL} (default {@code jdbc:mysql://127.0.0.1:3306/}, user root,
 * empty password), in a database made for the test and dropped after. Each gets the module's migration script, run
 * statement by statement as the core would, and a {@link Database} like the core's. Without the server the MySQL
 * runs are skipped, with a message that says how to start it; under CI (environment variable CI set) they fail.
 */
final class TestDatabases {

    private static final String MYSQL = System.getenv().getOrDefault("OPSCONSOLE_TEST_MYSQL", "").isBlank()
            ? "jdbc:mysql://127.0.0.1:3306/" : System.getenv("OPSCONSOLE_TEST_MYSQL");

    /** The settings of the console's H2 database (ConnectionPool.H2_MYSQL_MODE in the db bundle). */
    private static final String H2_MYSQL_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

    private static final String SCRIPT = "db/migration/V1__jobs.sql";

    private TestDatabases() {
    }

    /** How a test database is dropped. */
    @FunctionalInterface
    interface Drop {
        void drop() throws SQLException;
    }

    /** A database for one test with the module's table: the module's view of it, and how to drop it. */
    record Target(String name, Database database, Drop drop) implements AutoCloseable {

        DSLContext dsl() {
            return database.dsl();
        }

        @Override
        public void close() throws SQLException {
            drop.drop();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<String> kinds() {
        return List.of("h2", "mysql");
    }

    static Target create(String kind) throws SQLException, IOException {
        String name = "opsconsole_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind.equals("h2")) {
            String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_MYSQL_MODE;
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            migrate(h2);
            return new Target("H2", new TestDatabase(h2, SQLDialect.H2), () -> {
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
        // the server's defaults, not utf8mb4: the script must make its table right on any server
        try (Statement s = server.createStatement()) {
            s.execute("create database " + name + " character set latin1");
        }
        String base = MYSQL.contains("?") ? MYSQL.substring(0, MYSQL.indexOf('?')) : MYSQL;
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL((base.endsWith("/") ? base : base + "/") + name);
        mysql.setUser("root");
        mysql.setPassword("");
        migrate(mysql);
        return new Target("MySQL", new TestDatabase(mysql, SQLDialect.MYSQL), () -> {
            try (server; Statement s = server.createStatement()) {
                s.execute("drop database " + name);
            }
        });
    }

    /** Runs the migration script, statement by statement, as the core's migrations would. */
    private static void migrate(DataSource dataSource) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements()) {
                s.execute(statement);
            }
        }
    }

    static List<String> statements() throws IOException {
        String script;
        try (InputStream in = TestDatabases.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** A {@link Database} as the core's ModuleDatabase makes it: same settings, no pool. */
    static class TestDatabase implements Database {

        private final DSLContext dsl;
        private final SQLDialect dialect;

        /** Another view of the same database, for tests that change how it behaves. */
        TestDatabase(Database other) {
            this.dialect = other.dialect();
            this.dsl = other.dsl();
        }

        TestDatabase(DataSource dataSource, SQLDialect dialect) {
            this.dialect = dialect;
            this.dsl = DSL.using(dataSource, dialect,
                    new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
        }

        @Override
        public String module() {
            return "jobs";
        }

        @Override
        public DSLContext dsl() {
            return dsl;
        }

        @Override
        public <T> T transactionResult(TransactionalCallable<T> work) {
            return dsl().transactionResult(work);
        }

        @Override
        public void transaction(TransactionalRunnable work) {
            dsl().transaction(work);
        }

        @Override
        public SQLDialect dialect() {
            return dialect;
        }
    }
}
