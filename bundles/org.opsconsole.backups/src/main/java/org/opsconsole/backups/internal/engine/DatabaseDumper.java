package org.opsconsole.backups.internal.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Takes a logical backup of a database into a backup folder: the tables' definitions ({@code schema.json}) and each
 * table's rows ({@code data/NNNN.rows}), read in one consistent snapshot, streamed (constant memory whatever a table's
 * size), several tables at once on MySQL/MariaDB, each table's rows counted and checksummed for the manifest.
 */
public final class DatabaseDumper {

    /** The name of the definitions' file in a backup. */
    public static final String SCHEMA_FILE = "schema.json";
    static final ObjectMapper JSON = new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    private static final int REPORT_EVERY = 2000;

    private final int threads;
    private final int level;

    /**
     * @param threads the most connections read at once
     * @param level the compression level, 0 to 9
     */
    public DatabaseDumper(int threads, int level) {
        this.threads = Math.max(1, threads);
        this.level = level;
    }

    /**
     * What a dump wrote.
     *
     * @param source the database
     * @param tables the tables' entries
     * @param files the files written
     */
    public record Result(Manifest.Source source, List<Manifest.TableEntry> tables, List<Manifest.FileEntry> files) {
    }

    /**
     * Dumps a database.
     *
     * @param source its connections
     * @param folder the backup's folder, empty
     * @param sealing the key
     * @param progress where to report
     */
    public Result dump(ConnectionSource source, java.nio.file.Path folder, Sealing sealing, Progress progress)
            throws SQLException, IOException {
        try (Connections connections = Connections.open(source, threads, false, false)) {
            SqlDialect dialect = connections.dialect();
            progress.phase("建立一致性快照", "Taking a consistent snapshot");
            List<Connection> snapshot = dialect.snapshot(connections.all());
            Connection first = snapshot.get(0);
            List<Table> tables = dialect.tables(first);
            SqlDialect.Schema schema = dialect.schema(first, tables);
            Manifest.Source described = new Manifest.Source(dialect.name(), dialect.version(first), dialect.database(first),
                    dialect.settings(first), Manifest.CHECKSUM);
            List<Manifest.FileEntry> files = new ArrayList<>();
            files.add(BackupFiles.write(folder, SCHEMA_FILE, sealing, level, out -> JSON.writeValue(out, schema)));
            progress.total(tables.size(), tables.stream().mapToLong(Table::estimatedRows).sum());
            progress.phase("导出数据表", "Dumping the tables");
            Manifest.TableEntry[] entries = new Manifest.TableEntry[tables.size()];
            Manifest.FileEntry[] written = new Manifest.FileEntry[tables.size()];
            Workers.run("dump", snapshot, tables, (connection, index, table) -> {
                String file = String.format("data/%04d.rows", index);
                long[] counted = new long[2];
                written[index] = BackupFiles.write(folder, file, sealing, level,
                        out -> rows(dialect, connection, table, out, counted, progress));
                entries[index] = new Manifest.TableEntry(table.name(), file, counted[0], hex(counted[1]), table.columns());
                progress.done(table.name());
            });
            files.addAll(Arrays.asList(written));
            return new Result(described, List.of(entries), files);
        }
    }

    /** Streams a table's rows into its file; counted[0] gets the rows, counted[1] the checksum. */
    private static void rows(SqlDialect dialect, Connection connection, Table table, java.io.OutputStream out, long[] counted,
            Progress progress) throws IOException {
        if (table.columns().isEmpty()) {
            RowCodec.end(out);
            return;
        }
        RowCodec codec = new RowCodec(table.kinds());
        String sql = "select " + table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "))
                + " from " + dialect.quote(table.name());
        long rows = 0;
        long sum = 0;
        long bytes = 0;
        try (Statement statement = dialect.streaming(connection); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                sum += codec.encode(rs);
                codec.writeTo(out);
                rows++;
                bytes += codec.size();
                if (rows % REPORT_EVERY == 0) {
                    progress.advance(REPORT_EVERY, bytes);
                    bytes = 0;
                    if (progress.cancelled()) {
                        throw new InterruptedIOException("the backup was cancelled");
                    }
                }
            }
        } catch (SQLException e) {
            throw new SqlFailure(new SQLException("table " + table.name() + ": " + e.getMessage(), e.getSQLState(), e));
        }
        progress.advance(rows % REPORT_EVERY, bytes);
        RowCodec.end(out);
        counted[0] = rows;
        counted[1] = sum;
    }

    /** @return a checksum as 16 hex digits */
    public static String hex(long checksum) {
        return HexFormat.of().toHexDigits(checksum);
    }
}
