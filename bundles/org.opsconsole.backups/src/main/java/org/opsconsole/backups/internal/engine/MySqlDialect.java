package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MySQL 8 and MariaDB 10.11: tables from {@code information_schema}, definitions from {@code SHOW CREATE}, a consistent
 * snapshot for several connections by {@code FLUSH TABLES WITH READ LOCK} held only while each connection starts its
 * snapshot transaction (as mydumper does), rows streamed row by row by Connector/J.
 */
final class MySqlDialect implements SqlDialect {

    private static final Pattern DEFINER = Pattern.compile("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\\s*");

    @Override
    public String name() {
        return "MYSQL";
    }

    @Override
    public String database(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select database()")) {
            rs.next();
            String name = rs.getString(1);
            if (name == null) {
                throw new SQLException("the connection has no current database");
            }
            return name;
        }
    }

    @Override
    public Map<String, String> settings(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select default_character_set_name, default_collation_name"
                        + " from information_schema.schemata where schema_name = database()")) {
            Map<String, String> settings = new LinkedHashMap<>();
            if (rs.next()) {
                settings.put("characterSet", rs.getString(1));
                settings.put("collation", rs.getString(2));
            }
            return settings;
        }
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String tablesQuery() {
        return "select table_name, coalesce(table_rows, 0) from information_schema.tables"
                + " where table_schema = database() and table_type = 'BASE TABLE'"
                + " order by coalesce(data_length, 0) desc, table_name";
    }

    /** Connector/J hands text-protocol values over as the server sent them: formatting dates costs most of a dump. */
    @Override
    public boolean rawText() {
        return true;
    }

    @Override
    public String generatedColumnsQuery() {
        return "select column_name from information_schema.columns"
                + " where table_schema = database() and table_name = ?"
                + " and (extra like '%VIRTUAL GENERATED%' or extra like '%STORED GENERATED%' or extra like '%PERSISTENT%')";
    }

    @Override
    public Schema schema(Connection connection, List<Table> tables) throws SQLException {
        String database = database(connection);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        List<String> views = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (Table table : tables) {
                try (ResultSet rs = statement.executeQuery("show create table " + quote(table.name()))) {
                    rs.next();
                    before.add(rs.getString(2));
                }
            }
            for (String view : names(connection, "select table_name from information_schema.views where table_schema = database()"
                    + " order by table_name")) {
                try (ResultSet rs = statement.executeQuery("show create view " + quote(view))) {
                    rs.next();
                    after.add(portable(rs.getString(2), database));
                    views.add(view);
                }
            }
            for (String trigger : names(connection, "select trigger_name from information_schema.triggers"
                    + " where trigger_schema = database() order by trigger_name")) {
                try (ResultSet rs = statement.executeQuery("show create trigger " + quote(trigger))) {
                    rs.next();
                    after.add(portable(rs.getString(3), database));
                }
            }
        }
        return new Schema(before, after, views);
    }

    /** A view's or trigger's definition without its definer and without the database's name, to be made elsewhere. */
    static String portable(String definition, String database) {
        String text = DEFINER.matcher(definition).replaceAll("");
        return text.replace("`" + database.replace("`", "``") + "`.", "");
    }

    private static List<String> names(Connection connection, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Override
    public List<Connection> snapshot(List<Connection> connections) throws SQLException {
        Connection first = connections.get(0);
        boolean locked = false;
        if (connections.size() > 1) {
            try (Statement statement = first.createStatement()) {
                statement.execute("set session lock_wait_timeout = 30");
                statement.execute("flush tables with read lock");
                locked = true;
            } catch (SQLException e) {
                // no RELOAD privilege, or a long query in the way: one connection, still one snapshot
                connections = List.of(first);
            }
        }
        try {
            for (Connection connection : connections) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("start transaction with consistent snapshot");
                }
            }
        } finally {
            if (locked) {
                try (Statement statement = first.createStatement()) {
                    statement.execute("unlock tables");
                }
            }
        }
        return connections;
    }

    @Override
    public Statement streaming(Connection connection) throws SQLException {
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Integer.MIN_VALUE);
        return statement;
    }

    @Override
    public Session session(Connection connection, boolean load) throws SQLException {
        String timeZone;
        String sqlMode;
        long foreignKeys;
        long uniqueChecks;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select @@session.time_zone, @@session.sql_mode,"
                        + " @@session.foreign_key_checks, @@session.unique_checks")) {
            rs.next();
            timeZone = rs.getString(1);
            sqlMode = rs.getString(2);
            foreignKeys = rs.getLong(3);
            uniqueChecks = rs.getLong(4);
        }
        try (Statement statement = connection.createStatement()) {
            // TIMESTAMP values read and written as UTC text, whatever the server's or the pool's time zone
            statement.execute("set session time_zone = '+00:00'");
            if (load) {
                statement.execute("set session foreign_key_checks = 0, unique_checks = 0,"
                        + " sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
            }
        }
        return () -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "set session time_zone = ?, sql_mode = ?, foreign_key_checks = ?, unique_checks = ?")) {
                statement.setString(1, timeZone);
                statement.setString(2, sqlMode);
                statement.setLong(3, foreignKeys);
                statement.setLong(4, uniqueChecks);
                statement.execute();
            }
        };
    }

    @Override
    public List<String> drops(List<String> tables, List<String> views) {
        List<String> drops = new ArrayList<>();
        views.forEach(v -> drops.add("drop view if exists " + quote(v)));
        tables.forEach(t -> drops.add("drop table if exists " + quote(t)));
        return drops;
    }
}
