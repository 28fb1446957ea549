package org.opsconsole.backups.internal.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;

/**
 * Restores a database backup into a database: the tables are made from the backup's definitions, the rows loaded with
 * multi-row inserts (several tables at once), then the indexes, constraints, views and triggers made. Every table's
 * rows are counted and checksummed while they are read from the backup and must match the manifest, and every file's
 * SHA-256 too; a mismatch stops the restore with the table named.
 */
public final class DatabaseLoader {

    /** Rows per commit. */
    private static final int COMMIT_EVERY = 20_000;
    private static final int ROWS_PER_INSERT = 1000;

    private final int threads;

    /** @param threads the most connections written at once */
    public DatabaseLoader(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * Loads a backup.
     *
     * @param manifest the backup's manifest
     * @param folder the backup's folder
     * @param sealing the manifest's key
     * @param target the database to load into
     * @param replace true to drop the backup's tables and views in the database first (a restore over the original);
     *        false for an empty database
     * @param progress where to report
     */
    public void load(Manifest manifest, Path folder, Sealing sealing, ConnectionSource target, boolean replace, Progress progress)
            throws SQLException, IOException {
        Map<String, Manifest.FileEntry> files = manifest.files().stream()
                .collect(Collectors.toMap(Manifest.FileEntry::name, f -> f));
        Manifest.FileEntry schemaFile = files.get(DatabaseDumper.SCHEMA_FILE);
        if (schemaFile == null) {
            throw new IOException("the backup has no " + DatabaseDumper.SCHEMA_FILE);
        }
        SqlDialect.Schema schema = BackupFiles.read(folder, schemaFile, sealing,
                in -> DatabaseDumper.JSON.copy().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false)
                        .readValue(in, SqlDialect.Schema.class));
        try (Connections connections = Connections.open(target, threads, true, true)) {
            Connection first = connections.all().get(0);
            SqlDialect dialect = connections.dialect();
            if (!dialect.name().equals(manifest.source().dialect())) {
                throw new SQLException("a " + manifest.source().dialect() + " backup cannot be restored into " + dialect.name());
            }
            progress.phase("建立表结构", "Making the tables");
            try (Statement statement = first.createStatement()) {
                if (replace) {
                    List<String> tables = manifest.tables().stream().map(Manifest.TableEntry::name).toList();
                    for (String sql : dialect.drops(tables, schema.views())) {
                        statement.execute(sql);
                    }
                }
                for (String sql : schema.before()) {
                    execute(statement, sql);
                }
            }
            progress.total(manifest.tables().size(), manifest.rows());
            progress.phase("载入数据", "Loading the rows");
            connections.autoCommit(false);
            List<Manifest.TableEntry> largestFirst = new ArrayList<>(manifest.tables());
            Collections.sort(largestFirst, (a, b) -> Long.compare(b.rows(), a.rows()));
            Workers.run("restore", connections.all(), largestFirst, (connection, index, table) -> {
                Manifest.FileEntry file = files.get(table.file());
                if (file == null) {
                    throw new IOException("the backup has no file for table " + table.name());
                }
                long[] counted = BackupFiles.read(folder, file, sealing, in -> insert(dialect, connection, table, in, progress));
                if (counted[0] != table.rows() || !DatabaseDumper.hex(counted[1]).equals(table.checksum())) {
                    throw new IOException("table " + table.name() + ": the backup's rows do not match its manifest ("
                            + counted[0] + " rows read, " + table.rows() + " recorded)");
                }
                connection.commit();
                progress.done(table.name());
            });
            connections.autoCommit(true);
            progress.phase("建立索引、约束与视图", "Making the indexes, constraints and views");
            try (Statement statement = first.createStatement()) {
                for (String sql : schema.after()) {
                    execute(statement, sql);
                }
            }
        }
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            String shown = sql.length() > 300 ? sql.substring(0, 300) + "…" : sql;
            throw new SQLException(e.getMessage() + " — in: " + shown, e.getSQLState(), e);
        }
    }

    /** Inserts a table's rows from its file; returns the rows read and their checksum. */
    private static long[] insert(SqlDialect dialect, Connection connection, Manifest.TableEntry table, java.io.InputStream in,
            Progress progress) throws IOException {
        RowCodec codec = new RowCodec(table.columns().stream().map(Table.Column::kind).toList());
        DataInputStream data = new DataInputStream(in);
        int columns = table.columns().size();
        long rows = 0;
        long sum = 0;
        if (columns == 0) {
            if (codec.read(data)) {
                throw new IOException("table " + table.name() + ": rows where no column was backed up");
            }
            return new long[] {0, 0};
        }
        int perInsert = Math.max(1, Math.min(ROWS_PER_INSERT, dialect.maxParameters() / columns));
        String columnList = table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "));
        String head = "insert into " + dialect.quote(table.name()) + " (" + columnList + ") values ";
        String one = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        List<byte[]> pending = new ArrayList<>(perInsert);
        long bytes = 0;
        try (PreparedStatement full = connection.prepareStatement(head + String.join(", ", Collections.nCopies(perInsert, one)))) {
            long sinceCommit = 0;
            while (codec.read(data)) {
                sum += codec.checksumOfRead();
                rows++;
                bytes += codec.size();
                pending.add(codec.row());
                if (pending.size() == perInsert) {
                    flush(codec, full, pending, columns);
                    sinceCommit += perInsert;
                    progress.advance(perInsert, bytes);
                    bytes = 0;
                    if (sinceCommit >= COMMIT_EVERY) {
                        connection.commit();
                        sinceCommit = 0;
                    }
                    if (progress.cancelled()) {
                        throw new InterruptedIOException("the restore was cancelled");
                    }
                }
            }
            if (!pending.isEmpty()) {
                int left = pending.size();
                try (PreparedStatement last = connection.prepareStatement(head + String.join(", ", Collections.nCopies(left, one)))) {
                    flush(codec, last, pending, columns);
                }
                progress.advance(left, bytes);
            }
        } catch (SQLException e) {
            throw new SqlFailure(new SQLException("table " + table.name() + ": " + e.getMessage(), e.getSQLState(), e));
        }
        return new long[] {rows, sum};
    }

    private static void flush(RowCodec codec, PreparedStatement statement, List<byte[]> rows, int columns) throws SQLException {
        int parameter = 1;
        for (byte[] row : rows) {
            codec.bind(row, statement, parameter);
            parameter += columns;
        }
        statement.executeUpdate();
        rows.clear();
    }
}
