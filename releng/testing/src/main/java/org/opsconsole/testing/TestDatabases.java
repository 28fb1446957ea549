package org.opsconsole.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * The databases the modules' tests run on: H2 (in memory, in the console's MySQL mode) always, and a MySQL/MariaDB
 * server at {@code OPSCONSOLE_TEST_MYSQL} (default {@code jdbc:mysql://127.0.0.1:3306/}, user root, empty
 * password), in a database made for the test and dropped after. Without the server the MySQL runs are skipped,
 * with a message that says how to start it; under CI (environment variable {@code CI} set) they fail instead.
 *
 * <pre>{@code
 * static List<String> kinds() { return TestDatabases.kinds(); }
 *
 * @ParameterizedTest @MethodSource("kinds")
 * void keepsWhatItStores(String kind) throws Exception {
 *     try (TestDatabases.Target target = TestDatabases.create(kind, "jobs")) {
 *         ... target.database() ...
 *     }
 * }
 * }</pre>
 */
public final class TestDatabases {

    private static final String MYSQL = System.getenv().getOrDefault("OPSCONSOLE_TEST_MYSQL", "").isBlank()
            ? "jdbc:mysql://127.0.0.1:3306/" : System.getenv("OPSCONSOLE_TEST_MYSQL");

    /** The settings of the console's H2 database (ConnectionPool.H2_MYSQL_MODE in the db bundle). */
    public static final String H2_MYSQL_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

    /** Where a module keeps its migration scripts, as its {@code Opsconsole-Migrations} header usually says. */
    public static final String MIGRATIONS = "db/migration";

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    private TestDatabases() {
    }

    /** How a test database is dropped. */
    @FunctionalInterface
    public interface Drop {
        /** @throws SQLException when the database cannot be dropped */
        void drop() throws SQLException;
    }

    /**
     * A database for one test: how to reach it, the module's view of it, and how to drop it.
     *
     * @param name {@code H2} or {@code MySQL}, for test names
     * @param url the JDBC URL
     * @param user the user name
     * @param password the password
     * @param dataSource a data source without a pool
     * @param database the module's view, as the core's ModuleDatabase makes it
     * @param drop drops the database
     */
    public record Target(String name, String url, String user, String password, DataSource dataSource,
            TestDatabase database, Drop drop) implements AutoCloseable {

        /** @return the module's jOOQ context */
        public DSLContext dsl() {
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

    /** @return the kinds of database every test runs on, for {@code @MethodSource} */
    public static List<String> kinds() {
        return List.of("h2", "mysql");
    }

    /**
     * A database with the module's tables: the migration scripts under {@value #MIGRATIONS} on the test's class
     * path, in version order, statement by statement as the core would apply them. On MySQL the database gets the
     * server's default character set (latin1), so a script must make its tables right on any server.
     *
     * @param kind {@code h2} or {@code mysql}
     * @param module the module's id, as {@link Database#module()} says it
     * @return the database
     * @throws SQLException when the database cannot be made or a script fails
     * @throws IOException when the scripts cannot be read
     */
    public static Target create(String kind, String module) throws SQLException, IOException {
        Target target = make(kind, module, "character set latin1");
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements(MIGRATIONS)) {
                s.execute(statement);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /**
     * An empty database in {@code utf8mb4} on MySQL, for tests of the core's own migrations.
     *
     * @param kind {@code h2} or {@code mysql}
     * @return the database
     * @throws SQLException when the database cannot be made
     */
    public static Target empty(String kind) throws SQLException {
        return make(kind, "test", "character set utf8mb4 collate utf8mb4_bin");
    }

    private static Target make(String kind, String module, String charset) throws SQLException {
        String name = "opsconsole_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind.equals("h2")) {
            String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_MYSQL_MODE;
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            return new Target("H2", url, "", "", h2, new TestDatabase(module, h2, SQLDialect.H2), () -> {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("shutdown");
                }
            });
        }
        if (!kind.equals("mysql")) {
            throw new IllegalArgumentException("no test database of kind " + kind);
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
            s.execute("create database " + name + " " + charset);
        }
        String base = MYSQL.contains("?") ? MYSQL.substring(0, MYSQL.indexOf('?')) : MYSQL;
        String url = (base.endsWith("/") ? base : base + "/") + name;
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL(url);
        mysql.setUser("root");
        mysql.setPassword("");
        return new Target("MySQL", url, "root", "", mysql, new TestDatabase(module, mysql, SQLDialect.MYSQL), () -> {
            try (server; Statement s = server.createStatement()) {
                s.execute("drop database " + name);
            }
        });
    }

    /**
     * The statements of the migration scripts in a class-path folder, scripts in version order, comments left out.
     *
     * @param folder a folder on the class path, such as {@value #MIGRATIONS}
     * @return the statements without their semicolons
     * @throws IOException when the folder or a script cannot be read
     */
    public static List<String> statements(String folder) throws IOException {
        List<String> statements = new ArrayList<>();
        for (Path script : scripts(folder)) {
            StringBuilder sql = new StringBuilder();
            for (String line : Files.readString(script, StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            for (String statement : sql.toString().split(";\\s*\n")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
        }
        return statements;
    }

    private static List<Path> scripts(String folder) throws IOException {
        URL url = Thread.currentThread().getContextClassLoader().getResource(folder);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IOException(folder + " is not a folder on the test's class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> SCRIPT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(TestDatabases::version, TestDatabases::compareVersions)).toList();
        } catch (URISyntaxException e) {
            throw new IOException(url + " is not a file address", e);
        }
    }

    private static int[] version(Path script) {
        Matcher m = SCRIPT.matcher(script.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(script.toString());
        }
        return Stream.of(m.group(1).split("[._]")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * The tables of a database, in lower case.
     *
     * @param dataSource the database
     * @return its tables' names
     * @throws SQLException when the catalog cannot be read
     */
    public static List<String> tablesOf(DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return tables;
    }

    /** A {@link Database} as the core's ModuleDatabase makes it: same settings, no pool. Extend it to make it misbehave. */
    public static class TestDatabase implements Database {

        private final String module;
        private final DSLContext dsl;
        private final SQLDialect dialect;

        /**
         * Another view of the same database, for tests that change how it behaves.
         *
         * @param other the database to view
         */
        public TestDatabase(Database other) {
            this.module = other.module();
            this.dialect = other.dialect();
            this.dsl = other.dsl();
        }

        /**
         * @param module the module's id
         * @param dataSource the database
         * @param dialect its dialect
         */
        public TestDatabase(String module, DataSource dataSource, SQLDialect dialect) {
            this.module = module;
            this.dialect = dialect;
            this.dsl = DSL.using(dataSource, dialect,
                    new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
        }

        @Override
        public String module() {
            return module;
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
