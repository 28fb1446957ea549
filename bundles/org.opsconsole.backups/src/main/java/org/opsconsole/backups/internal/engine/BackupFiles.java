package org.opsconsole.backups.internal.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The files of a backup: compressed (deflate), then sealed (see {@link Sealing}), with the SHA-256 and size of what is
 * written, for the manifest. Reading checks the SHA-256 at the end of the file, and every chunk's authentication on the
 * way.
 */
public final class BackupFiles {

    private BackupFiles() {
    }

    /** Writes one file's content. */
    @FunctionalInterface
    public interface Writer {
        /** @param out the plain stream; do not close it */
        void write(OutputStream out) throws IOException;
    }

    /** Reads one file's content. */
    @FunctionalInterface
    public interface Reader<T> {
        /** @param in the plain stream; do not close it */
        T read(InputStream in) throws IOException;
    }

    /**
     * Writes a file of a backup and forces it to disk.
     *
     * @param folder the backup's folder
     * @param name the file's path in it
     * @param sealing the key
     * @param level the compression level, 0 to 9
     * @param content what to write
     * @return the file's entry for the manifest
     */
    public static Manifest.FileEntry write(Path folder, String name, Sealing sealing, int level, Writer content) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        MessageDigest sha = sha256();
        Deflater deflater = new Deflater(level);
        CountingOutputStream counted = null;
        try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                CountingOutputStream counting = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), sha));
                DeflaterOutputStream out = new DeflaterOutputStream(new SealedOutputStream(counting, sealing), deflater, 1 << 16)) {
            counted = counting;
            content.write(out);
            out.finish();
        } finally {
            deflater.end();
        }
        long size = counted.count; // closing the deflater's stream wrote the sealed stream's last chunk
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Manifest.FileEntry(name, size, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Reads a file of a backup, checking its size and SHA-256 against the manifest.
     *
     * @param folder the backup's folder
     * @param entry the file's entry in the manifest
     * @param sealing the key
     * @param content what reads it; it must read to the end
     * @return what the reader returned
     * @throws IOException when the file is missing, changed or damaged
     */
    public static <T> T read(Path folder, Manifest.FileEntry entry, Sealing sealing, Reader<T> content) throws IOException {
        Path file = folder.resolve(entry.name()).normalize();
        if (!file.startsWith(folder.normalize())) {
            throw new IOException("the manifest names a file outside the backup: " + entry.name());
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("the backup's file " + entry.name() + " is missing");
        }
        if (Files.size(file) != entry.size()) {
            throw new IOException("the backup's file " + entry.name() + " was changed: its size is " + Files.size(file)
                    + " bytes, the manifest says " + entry.size());
        }
        MessageDigest sha = sha256();
        Inflater inflater = new Inflater();
        T result;
        try (DigestInputStream digested = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha);
                InputStream in = new EndCheckedInflaterStream(new SealedInputStream(digested, sealing), inflater)) {
            result = content.read(in);
            if (in.read() != -1) {
                throw new IOException("the backup's file " + entry.name() + " holds more than it should");
            }
            // read what is left of the sealed stream (its last chunk), so the digest covers the whole file
            digested.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IOException(entry.name() + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(entry.sha256())) {
            throw new IOException("the backup's file " + entry.name() + " was changed: its SHA-256 is not the manifest's");
        }
        return result;
    }

    /**
     * Checks a file's size and SHA-256 without decrypting it.
     *
     * @throws IOException when the file is missing or changed
     */
    public static void checkHash(Path folder, Manifest.FileEntry entry) throws IOException {
        Path file = folder.resolve(entry.name());
        if (!Files.isRegularFile(file)) {
            throw new IOException("the backup's file " + entry.name() + " is missing");
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (Files.size(file) != entry.size() || !HexFormat.of().formatHex(sha.digest()).equals(entry.sha256())) {
            throw new IOException("the backup's file " + entry.name() + " was changed: its SHA-256 is not the manifest's");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** An inflater stream that says so when the compressed data ends early. */
    private static final class EndCheckedInflaterStream extends FilterInputStream {
        EndCheckedInflaterStream(InputStream in, Inflater inflater) {
            super(new InflaterInputStream(in, inflater, 1 << 16));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.io.EOFException e) {
                throw new IOException("the compressed data ends early");
            }
        }
    }
}
