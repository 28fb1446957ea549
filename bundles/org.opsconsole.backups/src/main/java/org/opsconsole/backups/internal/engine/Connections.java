package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A few connections to one database, each with its session set up for reading or loading rows
 * ({@link SqlDialect#session}); closing puts every session back, ends any transaction and closes the connections, so
 * that pooled ones go back to their pool as they came.
 */
final class Connections implements AutoCloseable {

    private final SqlDialect dialect;
    private final List<Connection> connections;
    private final List<SqlDialect.Session> sessions;

    private Connections(SqlDialect dialect, List<Connection> connections, List<SqlDialect.Session> sessions) {
        this.dialect = dialect;
        this.connections = connections;
        this.sessions = sessions;
    }

    /**
     * Opens connections.
     *
     * @param source the database
     * @param count how many
     * @param autoCommit their auto-commit mode to start with
     * @param load true to set them up for loading rows, false for reading them
     */
    static Connections open(ConnectionSource source, int count, boolean autoCommit, boolean load) throws SQLException {
        List<Connection> opened = new ArrayList<>();
        List<SqlDialect.Session> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(1, count); i++) {
                Connection connection = source.open();
                opened.add(connection);
                connection.setAutoCommit(autoCommit);
            }
            SqlDialect dialect = SqlDialect.of(opened.get(0));
            for (Connection connection : opened) {
                sessions.add(dialect.session(connection, load));
            }
            return new Connections(dialect, opened, sessions);
        } catch (SQLException | RuntimeException e) {
            new Connections(null, opened, sessions).close();
            throw e;
        }
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** @return the connections, the first one first */
    List<Connection> all() {
        return connections;
    }

    /** Sets every connection's auto-commit mode. */
    void autoCommit(boolean on) throws SQLException {
        for (Connection connection : connections) {
            connection.setAutoCommit(on);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.get(i);
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                if (i < sessions.size()) {
                    sessions.get(i).close();
                }
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // closed below whatever state it is in
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // nothing more to do with it
                }
            }
        }
    }
}
