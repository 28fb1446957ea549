package org.opsconsole.backups.internal.engine;

import java.sql.JDBCType;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How a column's values are read, written into a backup and bound again on restore: the few representations that keep
 * every value of the column's SQL type exactly.
 */
public enum ColumnKind {
    /** Integers and booleans, read as {@code long}. */
    LONG,
    /** Exact numbers (DECIMAL, NUMERIC, unsigned BIGINT), as their plain decimal text. */
    DECIMAL,
    /** Approximate numbers, as the bits of a {@code double}. */
    DOUBLE,
    /** Text, and dates and times in the database's own text form. */
    TEXT,
    /** Binary strings and BLOBs. */
    BYTES,
    /**
     * Text, exact numbers, dates and times as the server sent them (MySQL's text protocol, in the connection's UTF-8):
     * read with {@code getBytes}, so the driver neither decodes nor formats them, and bound again as text.
     */
    RAW_TEXT;

    /**
     * The kind of a column.
     *
     * @param jdbcType the JDBC type ({@link java.sql.Types})
     * @param typeName the database's own type name
     * @param signed whether an integer column is signed
     * @param raw whether the database sends text, decimals, dates and times as text the backup can keep as it is
     *        ({@link #RAW_TEXT})
     * @throws SQLException when the type cannot be backed up faithfully
     */
    public static ColumnKind of(int jdbcType, String typeName, boolean signed, boolean raw) throws SQLException {
        ColumnKind kind = of(jdbcType, typeName, signed);
        return raw && (kind == TEXT || kind == DECIMAL) ? RAW_TEXT : kind;
    }

    private static ColumnKind of(int jdbcType, String typeName, boolean signed) throws SQLException {
        String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        switch (jdbcType) {
            case java.sql.Types.BIT, java.sql.Types.BOOLEAN, java.sql.Types.TINYINT, java.sql.Types.SMALLINT,
                    java.sql.Types.INTEGER:
                return LONG;
            case java.sql.Types.BIGINT:
                return signed ? LONG : DECIMAL;
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC:
                return DECIMAL;
            case java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE:
                return DOUBLE;
            case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB:
                return BYTES;
            case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NCHAR,
                    java.sql.Types.NVARCHAR, java.sql.Types.LONGNVARCHAR, java.sql.Types.CLOB, java.sql.Types.NCLOB,
                    java.sql.Types.DATE, java.sql.Types.TIME, java.sql.Types.TIMESTAMP, java.sql.Types.TIME_WITH_TIMEZONE,
                    java.sql.Types.TIMESTAMP_WITH_TIMEZONE:
                return TEXT;
            case java.sql.Types.OTHER:
                if (name.equals("UUID") || name.equals("ENUM") || name.equals("SET")) {
                    return TEXT;
                }
                break;
            default:
                break;
        }
        String jdbc;
        try {
            jdbc = JDBCType.valueOf(jdbcType).getName();
        } catch (IllegalArgumentException e) {
            jdbc = Integer.toString(jdbcType);
        }
        throw new SQLException("column type " + typeName + " (" + jdbc + ") cannot be backed up");
    }
}
