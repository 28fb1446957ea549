package org.opsconsole.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

/**
 * The simulated platform's data tables: what each holds, how many rows, and a checksum of their content that is the
 * same on H2 and MySQL for the same rows.
 */
final class PlatformTables {

    /** A data table with its title in both console languages. */
    record Table(String name, String title, String titleEn) {
    }

    static final List<Table> TABLES = List.of(
            new Table("region", "行政区划", "Regions"),
            new Table("collecting_unit", "执收单位", "Collecting units"),
            new Table("fee_item", "收费项目", "Fee items"),
            new Table("unit_fee_item", "单位收费项目", "Units' fee items"),
            new Table("agency_bank", "代收银行", "Agency banks"),
            new Table("payment_notice", "缴款书", "Payment notices"),
            new Table("payment_notice_item", "缴款书明细", "Payment notice items"),
            new Table("collection_record", "收缴记录", "Collections"),
            new Table("bank_statement_line", "银行对账单", "Bank statement lines"),
            new Table("ledger_account", "会计科目", "Ledger accounts"),
            new Table("ledger_entry", "明细账", "Ledger entries"),
            new Table("ledger_daily_balance", "总账日余额", "Daily balances"),
            new Table("sys_user", "平台用户", "Platform users"),
            new Table("sys_role", "角色", "Roles"),
            new Table("sys_function", "菜单与功能", "Menus and functions"),
            new Table("sys_role_function", "角色功能权限", "Roles' functions"),
            new Table("sys_user_role", "用户角色", "Users' roles"),
            new Table("sys_job_template", "岗位模板", "Job templates"),
            new Table("sys_job_template_role", "岗位模板角色", "Job templates' roles"),
            new Table("sys_role_conflict", "不相容角色", "Incompatible roles"),
            new Table("sys_data_scope", "数据权限", "Data scopes"),
            new Table("sys_login_log", "登录日志", "Login log"));

    private PlatformTables() {
    }

    /** A table with its row count. */
    record Count(Table table, long rows) {
    }

    /** @return every data table with its row count */
    static List<Count> counts(DataSource dataSource) throws SQLException {
        List<Count> counts = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (Table table : TABLES) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table.name())) {
                    rs.next();
                    counts.add(new Count(table, rs.getLong(1)));
                }
            }
        }
        return counts;
    }

    /**
     * A SHA-256 over every row of every data table, ordered by primary key, each value written the same way whatever
     * the database (decimals as plain numbers, times as ISO text, yes/no as true/false).
     *
     * @return the checksum in hex
     */
    static String checksum(DataSource dataSource) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : PlatformGenerator.TABLES) {
                digest.update(("#" + table + "\n").getBytes(StandardCharsets.UTF_8));
                try (ResultSet rs = s.executeQuery("select * from " + table + " order by " + String.join(", ", primaryKey(c, table)))) {
                    ResultSetMetaData meta = rs.getMetaData();
                    StringBuilder row = new StringBuilder();
                    while (rs.next()) {
                        row.setLength(0);
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(value(rs, i, meta.getColumnType(i))).append('|');
                        }
                        digest.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String value(ResultSet rs, int column, int type) throws SQLException {
        Object value = switch (type) {
            case Types.BOOLEAN, Types.BIT -> rs.getBoolean(column);
            case Types.DECIMAL, Types.NUMERIC -> rs.getBigDecimal(column) == null ? null : rs.getBigDecimal(column).toPlainString();
            case Types.DATE -> rs.getObject(column, LocalDate.class);
            case Types.TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
            default -> rs.getString(column);
        };
        return rs.wasNull() ? "\u2205" : String.valueOf(value);
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Short> positions = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), null, table)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase());
                positions.add(rs.getShort("KEY_SEQ"));
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " has no primary key");
        }
        List<String> ordered = new ArrayList<>(columns);
        for (int i = 0; i < columns.size(); i++) {
            ordered.set(positions.get(i) - 1, columns.get(i));
        }
        return ordered;
    }
}
