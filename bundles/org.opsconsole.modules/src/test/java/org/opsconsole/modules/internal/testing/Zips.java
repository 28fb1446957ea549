package org.opsconsole.modules.internal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips for tests: built from entries, and changed byte by byte where a zip tool would refuse to write them. */
public final class Zips {

    /** Offsets in a central directory header. */
    public static final int CENTRAL_VERSION_MADE_BY = 4;
    /** @see #CENTRAL_VERSION_MADE_BY */
    public static final int CENTRAL_COMPRESSED_SIZE = 20;
    /** @see #CENTRAL_VERSION_MADE_BY */
    public static final int CENTRAL_UNCOMPRESSED_SIZE = 24;
    /** @see #CENTRAL_VERSION_MADE_BY */
    public static final int CENTRAL_EXTERNAL_ATTRIBUTES = 38;

    private Zips() {
    }

    /** @return a new zip builder */
    public static Builder zip() {
        return new Builder();
    }

    /** Builds a zip. */
    public static final class Builder {

        private record Entry(String name, byte[] content, boolean stored) {
        }

        private final List<Entry> entries = new ArrayList<>();

        /** Adds a compressed entry. */
        public Builder add(String name, byte[] content) {
            entries.add(new Entry(name, content, false));
            return this;
        }

        /** Adds a compressed text entry. */
        public Builder add(String name, String content) {
            return add(name, content.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds an uncompressed entry. */
        public Builder stored(String name, byte[] content) {
            entries.add(new Entry(name, content, true));
            return this;
        }

        /** @return the zip's bytes */
        public byte[] bytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (Entry entry : entries) {
                    ZipEntry zipEntry = new ZipEntry(entry.name);
                    if (entry.stored) {
                        CRC32 crc = new CRC32();
                        crc.update(entry.content);
                        zipEntry.setMethod(ZipEntry.STORED);
                        zipEntry.setSize(entry.content.length);
                        zipEntry.setCompressedSize(entry.content.length);
                        zipEntry.setCrc(crc.getValue());
                    }
                    out.putNextEntry(zipEntry);
                    out.write(entry.content);
                    out.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** Writes the zip to a file. */
        public Path write(Path file) {
            return Zips.write(file, bytes());
        }
    }

    /** Writes bytes to a file. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the SHA-256 of the bytes, lower-case hex */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code n} zero bytes (they compress about a thousand times) */
    public static byte[] zeros(int n) {
        return new byte[n];
    }

    /**
     * The position of an entry's central directory header.
     *
     * @throws IllegalArgumentException when the zip has no such entry
     */
    public static int central(byte[] zip, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        while (buffer.getInt(end) != 0x06054b50) {
            end--;
        }
        int count = Short.toUnsignedInt(buffer.getShort(end + 10));
        int position = buffer.getInt(end + 16);
        for (int i = 0; i < count; i++) {
            int nameLength = Short.toUnsignedInt(buffer.getShort(position + 28));
            int extraLength = Short.toUnsignedInt(buffer.getShort(position + 30));
            int commentLength = Short.toUnsignedInt(buffer.getShort(position + 32));
            if (new String(zip, position + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                return position;
            }
            position += 46 + nameLength + extraLength + commentLength;
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /** @return the position of an entry's local header */
    public static int local(byte[] zip, String name) {
        return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(central(zip, name) + 42);
    }

    /** Sets a 16-bit field of an entry's central directory header, in place. */
    public static byte[] setCentral16(byte[] zip, String name, int offset, int value) {
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(central(zip, name) + offset, (short) value);
        return zip;
    }

    /** Sets a 32-bit field of an entry's central directory header, in place. */
    public static byte[] setCentral32(byte[] zip, String name, int offset, long value) {
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(central(zip, name) + offset, (int) value);
        return zip;
    }

    /** Renames an entry in its local and central headers, in place; the new name must be as long as the old. */
    public static byte[] rename(byte[] zip, String from, String to) {
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        if (replacement.length != from.getBytes(StandardCharsets.UTF_8).length) {
            throw new IllegalArgumentException("names of different lengths");
        }
        int local = local(zip, from);
        int central = central(zip, from);
        System.arraycopy(replacement, 0, zip, local + 30, replacement.length);
        System.arraycopy(replacement, 0, zip, central + 46, replacement.length);
        return zip;
    }
}
