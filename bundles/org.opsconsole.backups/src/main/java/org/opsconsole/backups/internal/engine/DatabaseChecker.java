package org.opsconsole.backups.internal.engine;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts and checksums the rows of a database's tables the way a backup recorded them, and says which tables differ
 * from a manifest: the proof that a restored database holds exactly what was backed up.
 */
public final class DatabaseChecker {

    private final int threads;

    /** @param threads the most connections read at once */
    public DatabaseChecker(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * @param source the database to check
     * @param tables the manifest's tables
     * @param progress where to report
     * @return what differs, one line per table (Chinese and English); empty when every table matches
     */
    public List<String> check(ConnectionSource source, List<Manifest.TableEntry> tables, Progress progress)
            throws SQLException, IOException {
        List<String> differences = Collections.synchronizedList(new ArrayList<>());
        try (Connections connections = Connections.open(source, threads, false, false)) {
            SqlDialect dialect = connections.dialect();
            progress.total(tables.size(), tables.stream().mapToLong(Manifest.TableEntry::rows).sum());
            progress.phase("核对行数与校验和", "Comparing row counts and checksums");
            Workers.run("check", connections.all(), tables, (connection, index, table) -> {
                long[] counted = count(dialect, connection, table, progress);
                if (counted == null) {
                    differences.add("表 " + table.name() + " 不存在 / table " + table.name() + " is missing");
                } else if (counted[0] != table.rows() || !DatabaseDumper.hex(counted[1]).equals(table.checksum())) {
                    differences.add("表 " + table.name() + "：" + counted[0] + " 行（备份中 " + table.rows() + " 行），校验和 "
                            + DatabaseDumper.hex(counted[1]) + "（备份中 " + table.checksum() + "） / table " + table.name() + ": "
                            + counted[0] + " rows (" + table.rows() + " backed up), checksum " + DatabaseDumper.hex(counted[1])
                            + " (" + table.checksum() + " backed up)");
                }
                progress.done(table.name());
            });
        }
        List<String> sorted = new ArrayList<>(differences);
        Collections.sort(sorted);
        return sorted;
    }

    /** @return the rows and checksum of a table; null when it does not exist */
    private static long[] count(SqlDialect dialect, Connection connection, Manifest.TableEntry table, Progress progress)
            throws SQLException {
        if (table.columns().isEmpty()) {
            return new long[] {0, 0};
        }
        RowCodec codec = new RowCodec(table.columns().stream().map(Table.Column::kind).toList());
        String sql = "select " + table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "))
                + " from " + dialect.quote(table.name());
        long rows = 0;
        long sum = 0;
        try (Statement statement = dialect.streaming(connection)) {
            ResultSet rs;
            try {
                rs = statement.executeQuery(sql);
            } catch (SQLException e) {
                if (tableMissing(e)) {
                    return null;
                }
                throw e;
            }
            try (rs) {
                while (rs.next()) {
                    sum += codec.encode(rs);
                    rows++;
                    if (rows % 5000 == 0) {
                        progress.advance(5000, 0);
                    }
                }
            }
        }
        progress.advance(rows % 5000, 0);
        return new long[] {rows, sum};
    }

    /** MySQL 42S02 / 1146, H2 42S02 / 42102 and 42104. */
    private static boolean tableMissing(SQLException e) {
        return "42S02".equals(e.getSQLState()) || "42S04".equals(e.getSQLState()) || e.getErrorCode() == 1146
                || e.getErrorCode() == 42102 || e.getErrorCode() == 42104;
    }
}
