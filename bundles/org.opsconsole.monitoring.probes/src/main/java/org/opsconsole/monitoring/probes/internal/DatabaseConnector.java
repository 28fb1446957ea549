package org.opsconsole.monitoring.probes.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.opsconsole.api.db.JdbcUrls;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;

/**
 * How the database and login-log probes reach a database: a {@code jdbc:mysql:} or {@code jdbc:h2:} URL with a user
 * and password, connected anew for each probe (no pool) through the driver's own {@link DataSource} class (in OSGi,
 * {@code DriverManager} does not see the drivers), or the name of a {@link NamedDataSources data source service}.
 * Connecting, and every read on the connection, is bounded by the target's time-out. Thread-safe.
 */
final class DatabaseConnector {

    /** The connection settings, in the order the form shows them. */
    static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "JDBC 地址", "JDBC URL", Kind.TEXT, false,
                    "jdbc:mysql://主机:3306/库名 或 jdbc:h2:...；与“数据源”二选一"
                            + " / jdbc:mysql://host:3306/database or jdbc:h2:...; either this or the data source"),
            new SettingField("user", "用户名", "User", Kind.TEXT, false,
                    "连接数据库的用户，建议只读账号 / The database user; a read-only account is advised"),
            new SettingField("password", "密码", "Password", Kind.SECRET, false,
                    "连接数据库的密码 / The database password"),
            new SettingField("dataSource", "数据源", "Data source", Kind.TEXT, false,
                    "控制台中已注册的数据源名称（如沙箱平台库 sandbox-platform），代替 JDBC 地址"
                            + " / The name of a data source registered in the console (such as the sandbox platform database"
                            + " sandbox-platform), instead of a JDBC URL"));

    /** A connection the connector itself refuses to make, with its reason in both languages. */
    static final class Refused extends SQLException {
        private static final long serialVersionUID = 1L;
        private final String messageEn;

        Refused(String message, String messageEn) {
            super(message);
            this.messageEn = messageEn;
        }
    }

    private final NamedDataSources dataSources;

    DatabaseConnector(NamedDataSources dataSources) {
        this.dataSources = dataSources;
    }

    /** @return what is wrong with the connection settings */
    static List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        String url = ProbeSettings.text(settings, "url");
        String name = ProbeSettings.text(settings, "dataSource");
        if (url.isEmpty() == name.isEmpty()) {
            String zh = "JDBC 地址与数据源须填且只填一项";
            String en = "Give either a JDBC URL or a data source, not both";
            errors.add(new FieldError(url.isEmpty() ? "url" : "dataSource", zh, en));
            if (!url.isEmpty()) {
                errors.add(new FieldError("url", zh, en));
            }
        }
        if (!url.isEmpty()) {
            JdbcUrls.check("url", url).ifPresent(errors::add);
        }
        return errors;
    }

    /**
     * @return a new connection; the caller closes it
     * @throws SQLException when it cannot be made; a {@link Refused} when the data source is not registered or the URL
     *         is not allowed
     */
    Connection open(ProbeTarget target) throws SQLException {
        int millis = millis(target);
        String name = target.setting("dataSource").strip();
        if (!name.isEmpty()) {
            DataSource dataSource = dataSources.find(name)
                    .orElseThrow(() -> new Refused("没有名为 " + name + " 的数据源（提供它的模块未启动？）",
                            "There is no data source named " + name + " (is the module that offers it stopped?)"));
            Connection connection = dataSource.getConnection();
            try {
                connection.setNetworkTimeout(Runnable::run, millis);
            } catch (SQLException | UnsupportedOperationException e) {
                // a driver without network time-outs (embedded H2): the statement's query time-out still applies
            }
            return connection;
        }
        String url = target.setting("url").strip();
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(target.setting("user"));
            h2.setPassword(target.setting("password"));
            return h2.getConnection();
        }
        if (!url.startsWith("jdbc:mysql:") || !JdbcUrls.safe(url)) {
            throw new Refused("JDBC 地址须以 jdbc:mysql: 或 jdbc:h2: 开头，且不含不安全的设置",
                    "The JDBC URL must start with jdbc:mysql: or jdbc:h2: and have no unsafe settings");
        }
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL(url);
        mysql.setUser(target.setting("user"));
        mysql.setPassword(target.setting("password"));
        mysql.setConnectTimeout(millis);
        mysql.setSocketTimeout(millis);
        return mysql.getConnection();
    }

    /** @return the target's time-out in whole seconds, at least 1, for {@code Statement.setQueryTimeout} */
    static int seconds(ProbeTarget target) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (target.timeout().toMillis() + 999) / 1000));
    }

    /** @return a driver's message on one line, with any password in it masked; the Chinese one for a refusal */
    static String reason(SQLException e) {
        return ProbeSettings.reason(e).replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }

    /** @return the same in English: a driver's message is the driver's, in the language it speaks */
    static String reasonEn(SQLException e) {
        return e instanceof Refused refused ? refused.messageEn : reason(e);
    }

    private static int millis(ProbeTarget target) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, target.timeout().toMillis()));
    }
}
