package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between the databases a backup reads and writes: MySQL/MariaDB and H2. Each method works on the
 * connection's current database (MySQL) or schema (H2).
 */
public sealed interface SqlDialect permits MySqlDialect, H2Dialect {

    /**
     * @param connection an open connection
     * @return the dialect of the database it is connected to
     * @throws SQLException when it is neither MySQL/MariaDB nor H2
     */
    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("mysql") || product.contains("mariadb")) {
            return new MySqlDialect();
        }
        if (product.contains("h2")) {
            return new H2Dialect();
        }
        throw new SQLException("backups support MySQL, MariaDB and H2, not " + product);
    }

    /** @return {@code MYSQL} or {@code H2}, as the manifest records it */
    String name();

    /** @return the database product and version, for the manifest */
    default String version(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion();
    }

    /**
     * @return what a new database needs to hold the tables alike: H2's compatibility settings, MySQL's default
     *         character set and collation
     */
    Map<String, String> settings(Connection connection) throws SQLException;

    /** @return the name of the connection's current database (MySQL) or schema (H2) */
    String database(Connection connection) throws SQLException;

    /** @return an identifier quoted for this database */
    String quote(String identifier);

    /** @return the base tables of the current database, the largest first, with the columns a backup keeps */
    List<Table> tables(Connection connection) throws SQLException;

    /**
     * The definitions needed to make the tables again.
     *
     * @param connection a connection in the backup's snapshot
     * @param tables the tables being backed up
     * @return the statements to run before the rows are loaded (tables, sequences) and after (indexes, constraints,
     *         views, triggers)
     */
    Schema schema(Connection connection, List<Table> tables) throws SQLException;

    /**
     * Puts connections into one consistent snapshot of the database, each in a read-only transaction that sees the
     * same committed data. With more than one connection this may need a brief global read lock; when the database
     * refuses it, only the first connection is put into a snapshot and the caller gets back a list of one.
     *
     * @param connections open connections to the same database, auto-commit off
     * @return the connections that are in the snapshot
     */
    List<Connection> snapshot(List<Connection> connections) throws SQLException;

    /** @return a statement that streams a large result without holding it in memory */
    Statement streaming(Connection connection) throws SQLException;

    /**
     * Sets a connection's session up for reading rows ({@code load} false) or loading them fast ({@code load} true):
     * the same time zone for reading and loading, streaming results, no foreign-key checks while loading. Closing the
     * session puts the settings back, so a pooled connection goes back as it came.
     */
    Session session(Connection connection, boolean load) throws SQLException;

    /** Session settings that are put back when closed. */
    interface Session extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /**
     * @param tables the tables to drop before a restore over them
     * @param views the views to drop
     * @return the statements that drop them, if they exist
     */
    List<String> drops(List<String> tables, List<String> views);

    /** @return the largest number of parameters one statement may have */
    default int maxParameters() {
        return 30_000;
    }

    /**
     * The definitions of a database's tables.
     *
     * @param before run before the rows are loaded
     * @param after run after the rows are loaded
     * @param views the views the definitions make (dropped before a restore over the database)
     */
    record Schema(List<String> before, List<String> after, List<String> views) {

        public Schema {
            before = List.copyOf(before);
            after = List.copyOf(after);
            views = List.copyOf(views);
        }
    }
}
