package org.opsconsole.monitoring.probes.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A database (数据库): connects (see {@link DatabaseConnector}), runs a read-only query, and on MySQL/MariaDB reads
 * the server's status and variables. Up when the query runs. The connection is made read-only first, so that a
 * query cannot change data on MySQL/MariaDB.
 *
 * <p>Samples: {@code db_connect_ms}, {@code db_query_ms}; on MySQL/MariaDB also {@code mysql_threads_connected},
 * {@code mysql_threads_running}, {@code mysql_max_connections}, {@code mysql_connections_used_ratio},
 * {@code mysql_slow_queries} and {@code mysql_questions} (counters since the server started) and
 * {@code mysql_uptime_seconds}. A server that refuses its status to the probe's user is still up, without them.
 */
@Component(service = Probe.class)
@ProbeService(kind = "database", title = "数据库", titleEn = "Database")
public class DatabaseProbe implements Probe {

    static final String DEFAULT_QUERY = "select 1";
    /** The most rows of the query's answer read. */
    static final int MAX_ROWS = 1000;
    private static final Pattern READING = Pattern.compile("(?is)\\s*(select|show|values|with)\\b.*");

    private static final List<SettingField> FIELDS;

    static {
        List<SettingField> fields = new ArrayList<>(DatabaseConnector.FIELDS);
        fields.add(new SettingField("query", "探测语句", "Query", Kind.TEXT, false,
                "只读查询，默认 select 1；可填业务表上的轻量查询以确认表可读"
                        + " / A read-only query, select 1 by default; a light query on a business table confirms it can be read"));
        FIELDS = List.copyOf(fields);
    }

    private final DatabaseConnector connector;

    /** @param dataSources the data sources a target may name */
    @Activate
    public DatabaseProbe(@Reference NamedDataSources dataSources) {
        this.connector = new DatabaseConnector(dataSources);
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>(DatabaseConnector.validate(settings));
        String query = ProbeSettings.text(settings, "query");
        if (!query.isEmpty() && !READING.matcher(query).matches()) {
            errors.add(new FieldError("query", "只能是以 SELECT、SHOW、VALUES 或 WITH 开头的只读查询",
                    "Must be a read-only query starting with SELECT, SHOW, VALUES or WITH"));
        }
        if (query.replaceFirst(";\\s*$", "").contains(";")) {
            errors.add(new FieldError("query", "只能是一条语句", "Must be a single statement"));
        }
        return errors;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        String query = target.setting("query").strip().replaceFirst(";\\s*$", "");
        query = query.isEmpty() ? DEFAULT_QUERY : query;
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = connector.open(target);
        } catch (SQLException e) {
            return ProbeResult.down("无法连接数据库：" + DatabaseConnector.reason(e),
                    "Cannot connect to the database: " + DatabaseConnector.reasonEn(e)).build();
        }
        try (connection) {
            double connectMillis = (System.nanoTime() - start) / 1_000_000.0;
            connection.setReadOnly(true);
            long queryStart = System.nanoTime();
            int rows;
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(DatabaseConnector.seconds(target));
                statement.setMaxRows(MAX_ROWS);
                rows = run(statement, query);
            } catch (SQLException e) {
                return ProbeResult.down("探测语句执行失败：" + DatabaseConnector.reason(e),
                        "The probe's query failed: " + DatabaseConnector.reasonEn(e)).sample("db_connect_ms", connectMillis).build();
            }
            double queryMillis = (System.nanoTime() - queryStart) / 1_000_000.0;
            StringBuilder message = new StringBuilder("连接 ").append(Math.round(connectMillis)).append(" 毫秒，查询 ")
                    .append(Math.round(queryMillis)).append(" 毫秒（").append(rows).append(" 行）");
            StringBuilder messageEn = new StringBuilder("Connected in ").append(Math.round(connectMillis)).append(" ms, query in ")
                    .append(Math.round(queryMillis)).append(" ms (").append(rows).append(rows == 1 ? " row)" : " rows)");
            List<Sample> samples = new ArrayList<>();
            samples.add(Sample.of("db_connect_ms", connectMillis));
            samples.add(Sample.of("db_query_ms", queryMillis));
            if (isMysql(connection)) {
                mysqlStatus(connection, target, samples, message, messageEn);
            }
            ProbeResult.Builder result = ProbeResult.up(message.toString(), messageEn.toString());
            samples.forEach(result::sample);
            return result.build();
        }
    }

    private static int run(Statement statement, String query) throws SQLException {
        int rows = 0;
        if (statement.execute(query)) {
            try (ResultSet answer = statement.getResultSet()) {
                while (answer.next()) {
                    rows++;
                }
            }
        }
        return rows;
    }

    private static boolean isMysql(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb");
    }

    /** Adds the MySQL/MariaDB samples to the list, and what they say to the messages. */
    private static void mysqlStatus(Connection connection, ProbeTarget target, List<Sample> result, StringBuilder message,
            StringBuilder messageEn) {
        Map<String, Double> values = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(DatabaseConnector.seconds(target));
            read(statement, "show global status where Variable_name in "
                    + "('Threads_connected', 'Threads_running', 'Slow_queries', 'Questions', 'Uptime')", values);
            read(statement, "show global variables where Variable_name = 'max_connections'", values);
        } catch (SQLException e) {
            message.append("；无法读取服务器状态：").append(DatabaseConnector.reason(e));
            messageEn.append("; cannot read the server's status: ").append(DatabaseConnector.reasonEn(e));
            return;
        }
        sample(result, "mysql_threads_connected", values.get("threads_connected"));
        sample(result, "mysql_threads_running", values.get("threads_running"));
        sample(result, "mysql_max_connections", values.get("max_connections"));
        sample(result, "mysql_slow_queries", values.get("slow_queries"));
        sample(result, "mysql_questions", values.get("questions"));
        sample(result, "mysql_uptime_seconds", values.get("uptime"));
        Double connected = values.get("threads_connected");
        Double max = values.get("max_connections");
        if (connected != null && max != null && max > 0) {
            result.add(Sample.of("mysql_connections_used_ratio", connected / max));
            message.append("；连接数 ").append(Math.round(connected)).append('/').append(Math.round(max));
            messageEn.append("; connections ").append(Math.round(connected)).append('/').append(Math.round(max));
        }
    }

    private static void read(Statement statement, String sql, Map<String, Double> values) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                try {
                    values.put(rows.getString(1).toLowerCase(Locale.ROOT), Double.parseDouble(rows.getString(2).strip()));
                } catch (NumberFormatException e) {
                    // not a number: not one of ours
                }
            }
        }
    }

    private static void sample(List<Sample> result, String metric, Double value) {
        if (value != null && Double.isFinite(value)) {
            result.add(Sample.of(metric, value));
        }
    }
}
