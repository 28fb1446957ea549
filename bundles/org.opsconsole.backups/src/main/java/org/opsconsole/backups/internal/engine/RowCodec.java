package org.opsconsole.backups.internal.engine;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The rows of a table in a backup, and their checksum. A row is written as a marker byte, then each column's value: a
 * tag (null, or the column's {@link ColumnKind}) and the value (a zig-zag varint for integers, 8 bytes for doubles, a
 * length and the bytes for text, decimals and binary). The table ends with an end marker, so a file cut between rows is
 * noticed.
 *
 * <p>The checksum of a row is 64 bits (CRC-32C and CRC-32 of its encoded bytes); a table's checksum is the sum of its
 * rows' checksums, so it does not depend on the order the rows are read in and a restored table can be checked without
 * sorting it. Two tables with the same rows have the same count and checksum on H2 and on MySQL alike. Not thread-safe:
 * one codec per table and thread.
 */
public final class RowCodec {

    private static final int ROW = 1;
    private static final int END = 0xFF;
    private static final int NULL = 0;

    private final ColumnKind[] kinds;
    private byte[] buffer = new byte[512];
    private int length;
    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();

    /** @param kinds the columns' kinds, in the order they are selected */
    public RowCodec(List<ColumnKind> kinds) {
        this.kinds = kinds.toArray(ColumnKind[]::new);
    }

    /**
     * Encodes the result set's current row into the codec's buffer.
     *
     * @return the row's checksum
     */
    public long encode(ResultSet rows) throws SQLException {
        length = 0;
        put(ROW);
        for (int i = 0; i < kinds.length; i++) {
            int column = i + 1;
            switch (kinds[i]) {
                case LONG -> {
                    long value = rows.getLong(column);
                    if (rows.wasNull()) {
                        put(NULL);
                    } else {
                        put(ColumnKind.LONG.ordinal() + 1);
                        putVarLong((value << 1) ^ (value >> 63));
                    }
                }
                case DOUBLE -> {
                    double value = rows.getDouble(column);
                    if (rows.wasNull()) {
                        put(NULL);
                    } else {
                        put(ColumnKind.DOUBLE.ordinal() + 1);
                        putLong(Double.doubleToLongBits(value));
                    }
                }
                case DECIMAL -> {
                    BigDecimal value = rows.getBigDecimal(column);
                    putBytes(ColumnKind.DECIMAL, value == null ? null : value.toPlainString().getBytes(StandardCharsets.US_ASCII));
                }
                case TEXT -> {
                    String value = rows.getString(column);
                    putBytes(ColumnKind.TEXT, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
                }
                case BYTES -> putBytes(ColumnKind.BYTES, rows.getBytes(column));
                case RAW_TEXT -> putBytes(ColumnKind.RAW_TEXT, rows.getBytes(column));
            }
        }
        return checksum();
    }

    /** @return the checksum of the row in the buffer */
    private long checksum() {
        crc32c.reset();
        crc32c.update(buffer, 0, length);
        crc32.reset();
        crc32.update(buffer, 0, length);
        return (crc32c.getValue() << 32) | crc32.getValue();
    }

    /** Writes the encoded row. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, length);
    }

    /** Writes the end of the table. */
    public static void end(OutputStream out) throws IOException {
        out.write(END);
    }

    /**
     * Reads the next row into the buffer.
     *
     * @return false at the end of the table
     * @throws IOException when the rows are damaged or cut short
     */
    public boolean read(DataInputStream in) throws IOException {
        length = 0;
        int marker = in.read();
        if (marker == END) {
            return false;
        }
        if (marker != ROW) {
            throw new IOException(marker < 0 ? "the table's rows are cut short" : "the table's rows are damaged");
        }
        put(ROW);
        for (ColumnKind kind : kinds) {
            int tag = readByte(in);
            put(tag);
            if (tag == NULL) {
                continue;
            }
            if (tag != kind.ordinal() + 1) {
                throw new IOException("the table's rows are damaged (a value of the wrong kind)");
            }
            switch (kind) {
                case LONG -> {
                    long value = 0;
                    for (int shift = 0;; shift += 7) {
                        int b = readByte(in);
                        put(b);
                        value |= (long) (b & 0x7f) << shift;
                        if ((b & 0x80) == 0) {
                            break;
                        }
                        if (shift > 63) {
                            throw new IOException("the table's rows are damaged (a number is too long)");
                        }
                    }
                }
                case DOUBLE -> {
                    ensure(8);
                    try {
                        in.readFully(buffer, length, 8);
                    } catch (EOFException e) {
                        throw new IOException("the table's rows are cut short");
                    }
                    length += 8;
                }
                case DECIMAL, TEXT, BYTES, RAW_TEXT -> {
                    int size = (int) readVarLength(in);
                    ensure(size);
                    try {
                        in.readFully(buffer, length, size);
                    } catch (EOFException e) {
                        throw new IOException("the table's rows are cut short");
                    }
                    length += size;
                }
            }
        }
        return true;
    }

    /** @return the checksum of the row last read */
    public long checksumOfRead() {
        return checksum();
    }

    /** @return a copy of the row last read or encoded, for {@link #bind(byte[], PreparedStatement, int)} */
    public byte[] row() {
        return Arrays.copyOf(buffer, length);
    }

    /**
     * Binds a row to a statement's parameters.
     *
     * @param row a row as {@link #row()} gave it
     * @param statement the statement
     * @param first the first parameter's index
     */
    public void bind(byte[] row, PreparedStatement statement, int first) throws SQLException {
        int at = 1;
        for (int i = 0; i < kinds.length; i++) {
            int parameter = first + i;
            int tag = row[at++] & 0xff;
            if (tag == NULL) {
                statement.setNull(parameter, nullType(kinds[i]));
                continue;
            }
            switch (kinds[i]) {
                case LONG -> {
                    long raw = varint(row, at);
                    at = next;
                    statement.setLong(parameter, (raw >>> 1) ^ -(raw & 1));
                }
                case DOUBLE -> {
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        bits = (bits << 8) | (row[at++] & 0xff);
                    }
                    statement.setDouble(parameter, Double.longBitsToDouble(bits));
                }
                case DECIMAL, TEXT, BYTES, RAW_TEXT -> {
                    int n = (int) varint(row, at);
                    at = next;
                    switch (kinds[i]) {
                        case DECIMAL -> statement.setBigDecimal(parameter, new BigDecimal(new String(row, at, n, StandardCharsets.US_ASCII)));
                        case TEXT, RAW_TEXT -> statement.setString(parameter, new String(row, at, n, StandardCharsets.UTF_8));
                        default -> statement.setBytes(parameter, Arrays.copyOfRange(row, at, at + n));
                    }
                    at += n;
                }
            }
        }
    }

    /** Where the last {@link #varint} ended. */
    private int next;

    /** Reads a varint of an encoded row at a position; {@link #next} is set to the position after it. */
    private long varint(byte[] row, int at) {
        long value = 0;
        for (int shift = 0;; shift += 7) {
            int b = row[at++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                next = at;
                return value;
            }
        }
    }

    private static int nullType(ColumnKind kind) {
        return switch (kind) {
            case LONG -> Types.BIGINT;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.DECIMAL;
            case TEXT, RAW_TEXT -> Types.VARCHAR;
            case BYTES -> Types.VARBINARY;
        };
    }

    /** @return the encoded row's size in bytes */
    public int size() {
        return length;
    }

    private static int readByte(DataInputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("the table's rows are cut short");
        }
        return b;
    }

    private long readVarLength(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0;; shift += 7) {
            int b = readByte(in);
            put(b);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift > 28) {
                throw new IOException("the table's rows are damaged (a value is too long)");
            }
        }
        if (value > Integer.MAX_VALUE - 64) {
            throw new IOException("the table's rows are damaged (a value is too long)");
        }
        return value;
    }

    private void putBytes(ColumnKind kind, byte[] value) {
        if (value == null) {
            put(NULL);
            return;
        }
        put(kind.ordinal() + 1);
        putVarLong(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
    }

    private void putVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[length++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void put(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
