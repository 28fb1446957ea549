package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /** @return the query of the base tables' names and estimated rows in the current database, the largest first */
    String tablesQuery();

    /** @return the query of a table's generated columns (one parameter: the table's name) */
    String generatedColumnsQuery();

    /** @return whether text, decimals, dates and times are kept as the server sends them ({@link ColumnKind#RAW_TEXT}) */
    default boolean rawText() {
        return false;
    }

    /** @return the base tables of the current database, the largest first, with the columns a backup keeps */
    default List<Table> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Long> estimates = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(tablesQuery())) {
            while (rs.next()) {
                names.add(rs.getString(1));
                estimates.add(rs.getLong(2));
            }
        }
        List<Table> tables = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            tables.add(new Table(names.get(i), columns(connection, names.get(i)), estimates.get(i)));
        }
        return tables;
    }

    /** @return a table's columns but the generated ones, with their kinds */
    private List<Table.Column> columns(Connection connection, String table) throws SQLException {
        Set<String> generated = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(generatedColumnsQuery())) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    generated.add(rs.getString(1));
                }
            }
        }
        List<Table.Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select * from " + quote(table) + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnName(i);
                if (!generated.contains(name)) {
                    String type = meta.getColumnTypeName(i);
                    try {
                        columns.add(new Table.Column(name, type, ColumnKind.of(meta.getColumnType(i), type, meta.isSigned(i), rawText())));
                    } catch (SQLException e) {
                        throw new SQLException("table " + table + ", column " + name + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return columns;
    }

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
