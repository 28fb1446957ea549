package org.opsconsole.backups.internal.engine;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;

import org.opsconsole.api.db.JdbcUrls;

/**
 * A new, empty database to restore a backup into, next to the original: on a MySQL/MariaDB server, a database created on
 * the same server; for H2, a database file in the scratch folder made with the original's compatibility settings.
 *
 * @param location where it is, for the operator: {@code mysql:<database>} or the H2 file's path
 * @param connections its connections
 * @param dropper removes it
 */
public record ScratchDatabase(String location, ConnectionSource connections, Dropper dropper) {

    /** Removes a scratch database. */
    @FunctionalInterface
    public interface Dropper {
        void drop() throws SQLException, IOException;
    }

    /** Removes it. */
    public void drop() throws SQLException, IOException {
        dropper.drop();
    }

    /**
     * Creates a database on the server the source's connections go to.
     *
     * @param server connections to the server (their current database does not matter)
     * @param name the new database's name (letters, digits and underscores)
     * @param settings the backup's source settings (character set and collation)
     */
    public static ScratchDatabase mysql(ConnectionSource server, String name, Map<String, String> settings) throws SQLException {
        if (!name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("a scratch database's name is letters, digits and underscores");
        }
        String create = "create database `" + name + "`";
        String characterSet = settings.getOrDefault("characterSet", "");
        String collation = settings.getOrDefault("collation", "");
        if (characterSet.matches("[A-Za-z0-9_]+")) {
            create += " character set " + characterSet;
        }
        if (collation.matches("[A-Za-z0-9_]+")) {
            create += " collate " + collation;
        }
        try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
            statement.execute(create);
        }
        ConnectionSource connections = () -> inCatalog(server.open(), name);
        return new ScratchDatabase("mysql:" + name, connections, () -> {
            try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists `" + name + "`");
            }
        });
    }

    /**
     * A connection switched to another database, switched back when closed: a pool (HikariCP without a configured
     * catalog) would otherwise hand it to the console still pointing at the scratch database.
     */
    static Connection inCatalog(Connection connection, String catalog) throws SQLException {
        String original;
        try {
            original = connection.getCatalog();
            connection.setCatalog(catalog);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(ScratchDatabase.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            if (!connection.isClosed() && original != null) {
                                connection.setCatalog(original);
                            }
                        } finally {
                            connection.close();
                        }
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Creates an H2 database file.
     *
     * @param folder the scratch folder
     * @param name the file's name, without extension
     * @param source the backup's source (its schema and compatibility settings)
     */
    public static ScratchDatabase h2(Path folder, String name, Manifest.Source source) throws SQLException, IOException {
        if (!name.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalArgumentException("a scratch database's name is letters, digits, '-' and '_'");
        }
        Files.createDirectories(folder);
        Path base = folder.resolve(name).toAbsolutePath();
        if (Files.exists(Path.of(base + ".mv.db"))) {
            throw new IOException("the scratch database " + base + " exists already");
        }
        StringBuilder url = new StringBuilder(JdbcUrls.h2File(base));
        for (String setting : H2Dialect.SETTINGS) {
            String value = source.settings().get(setting);
            if (value != null && value.matches("[A-Za-z0-9_]+")) {
                url.append(';').append(setting).append('=').append(value);
            }
        }
        String schema = source.database();
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(url.toString());
        h2.setUser("sa");
        h2.setPassword("");
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + quoted);
        }
        ConnectionSource connections = () -> {
            Connection connection = h2.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("set schema " + quoted);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        };
        return new ScratchDatabase(base.toString(), connections, () -> {
            try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        });
    }
}
