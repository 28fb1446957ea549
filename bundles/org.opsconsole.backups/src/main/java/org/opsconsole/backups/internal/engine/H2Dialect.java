package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * H2 (2.x, the console's embedded database and the sandbox's): definitions from H2's own {@code SCRIPT NODATA}, the
 * rows read in one {@code SNAPSHOT} transaction on one connection (H2 cannot share a snapshot between connections),
 * with lazy query execution so that large tables are streamed.
 */
final class H2Dialect implements SqlDialect {

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String database(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select current_schema")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The settings that decide how H2 reads a table's definition: the compatibility mode and the names' case. */
    static final List<String> SETTINGS = List.of("MODE", "DATABASE_TO_LOWER", "DATABASE_TO_UPPER", "CASE_INSENSITIVE_IDENTIFIERS");

    @Override
    public Map<String, String> settings(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select setting_name, setting_value from information_schema.settings")) {
            while (rs.next()) {
                String name = rs.getString(1).toUpperCase(Locale.ROOT);
                if (SETTINGS.contains(name)) {
                    settings.put(name, rs.getString(2));
                }
            }
        }
        return settings;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String tablesQuery() {
        return "select table_name, coalesce(row_count_estimate, 0) from information_schema.tables"
                + " where table_schema = current_schema and table_type = 'BASE TABLE'"
                + " order by coalesce(row_count_estimate, 0) desc, table_name";
    }

    @Override
    public String generatedColumnsQuery() {
        return "select column_name from information_schema.columns"
                + " where table_schema = current_schema and table_name = ? and is_generated = 'ALWAYS'";
    }

    @Override
    public Schema schema(Connection connection, List<Table> tables) throws SQLException {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        List<String> views = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select table_name from information_schema.views"
                    + " where table_schema = current_schema order by table_name")) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("script nodata nopasswords nosettings schema " + quote(database(connection)))) {
                while (rs.next()) {
                    String sql = rs.getString(1).strip();
                    switch (place(sql)) {
                        case BEFORE -> before.add(sql);
                        case AFTER -> after.add(sql);
                        case SKIP -> {
                            // users, rights, schemas and settings belong to the database, not to its tables
                        }
                    }
                }
            }
        }
        return new Schema(before, after, views);
    }

    private enum Place {
        BEFORE, AFTER, SKIP
    }

    /** Where a statement of H2's script goes: tables before the rows; constraints, indexes, views and triggers after. */
    private static Place place(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        if (upper.startsWith("--") || upper.startsWith("SET ") || upper.startsWith("CREATE USER") || upper.startsWith("ALTER USER")
                || upper.startsWith("CREATE ROLE") || upper.startsWith("GRANT ") || upper.startsWith("CREATE SCHEMA")
                || upper.startsWith("COMMENT ON SCHEMA")) {
            return Place.SKIP;
        }
        if (upper.startsWith("ALTER TABLE") && upper.contains(" ADD CONSTRAINT ") || upper.startsWith("CREATE INDEX")
                || upper.startsWith("CREATE UNIQUE INDEX") || upper.startsWith("CREATE SPATIAL INDEX")
                || upper.startsWith("CREATE HASH INDEX") || upper.startsWith("CREATE UNIQUE HASH INDEX")
                || upper.startsWith("CREATE VIEW") || upper.startsWith("CREATE FORCE VIEW")
                || upper.startsWith("CREATE MATERIALIZED VIEW") || upper.startsWith("CREATE TRIGGER")
                || upper.startsWith("CREATE FORCE TRIGGER")) {
            return Place.AFTER;
        }
        return Place.BEFORE;
    }

    @Override
    public List<Connection> snapshot(List<Connection> connections) throws SQLException {
        Connection first = connections.get(0);
        try (Statement statement = first.createStatement()) {
            statement.execute("set session characteristics as transaction isolation level snapshot");
            // the snapshot is taken by the transaction's first read
            statement.executeQuery("select 1").close();
        }
        return List.of(first);
    }

    @Override
    public Statement streaming(Connection connection) throws SQLException {
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(1000);
        return statement;
    }

    @Override
    public Session session(Connection connection, boolean load) throws SQLException {
        int isolation = connection.getTransactionIsolation();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set lazy_query_execution true");
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set lazy_query_execution false");
            }
            connection.setTransactionIsolation(isolation);
        };
    }

    @Override
    public List<String> drops(List<String> tables, List<String> views) {
        List<String> drops = new ArrayList<>();
        views.forEach(v -> drops.add("drop view if exists " + quote(v) + " cascade"));
        tables.forEach(t -> drops.add("drop table if exists " + quote(t) + " cascade"));
        return drops;
    }
}
