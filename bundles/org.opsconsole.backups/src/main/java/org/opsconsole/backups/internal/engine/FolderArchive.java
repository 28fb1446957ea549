package org.opsconsole.backups.internal.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A folder's files in a backup: each regular file (symbolic links are not followed) as a marker, its path relative to
 * the folder, its size, its modification time and its bytes; an end marker closes the archive. The checksum is the sum
 * of each file's 64-bit CRC of its path and bytes, so that a restored folder can be compared with the manifest.
 */
public final class FolderArchive {

    private static final int FILE = 1;
    private static final int END = 0xFF;
    /** Progress is reported at least this often, in bytes, so a large file shows it moving. */
    private static final long REPORT_BYTES = 4L << 20;

    private FolderArchive() {
    }

    /**
     * What a folder holds.
     *
     * @param count its files
     * @param bytes their total size
     * @param checksum their checksum, 16 hex digits
     */
    public record Summary(long count, long bytes, String checksum) {
    }

    /** Writes a folder's files into an archive stream. */
    public static Summary write(Path folder, OutputStream out, Progress progress) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        long count = 0;
        long bytes = 0;
        long sum = 0;
        byte[] buffer = new byte[1 << 16];
        for (Path file : files(folder)) {
            String path = relative(folder, file);
            long size = Files.size(file);
            data.writeByte(FILE);
            data.writeUTF(path);
            data.writeLong(size);
            data.writeLong(Files.getLastModifiedTime(file).toMillis());
            Checksum checksum = new Checksum(path);
            long copied = 0;
            long reported = 0;
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                    data.write(buffer, 0, n);
                    checksum.update(buffer, n);
                    copied += n;
                    if (copied - reported >= REPORT_BYTES) {
                        progress.advance(0, copied - reported);
                        reported = copied;
                        if (progress.cancelled()) {
                            throw new InterruptedIOException("the backup was cancelled");
                        }
                    }
                }
            }
            if (copied != size) {
                throw new IOException("the file " + path + " changed while it was being backed up");
            }
            sum += checksum.value();
            count++;
            bytes += size;
            progress.advance(0, size - reported);
            if (progress.cancelled()) {
                throw new InterruptedIOException("the backup was cancelled");
            }
        }
        data.writeByte(END);
        data.flush();
        return new Summary(count, bytes, DatabaseDumper.hex(sum));
    }

    /**
     * Unpacks an archive stream into a folder, replacing files of the same path; files not in the archive stay.
     *
     * @return what was unpacked
     */
    public static Summary restore(InputStream in, Path folder, Progress progress) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Files.createDirectories(folder);
        Path root = folder.toAbsolutePath().normalize();
        long count = 0;
        long bytes = 0;
        long sum = 0;
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int marker = data.read();
            if (marker == END) {
                break;
            }
            if (marker != FILE) {
                throw new IOException(marker < 0 ? "the archive is cut short" : "the archive is damaged");
            }
            String path = data.readUTF();
            long size = data.readLong();
            long modified = data.readLong();
            Path target = root.resolve(path).normalize();
            if (path.isEmpty() || !target.startsWith(root) || target.equals(root) || Path.of(path).isAbsolute()) {
                throw new IOException("the archive names a file outside the folder: " + path);
            }
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".restoring");
            Checksum checksum = new Checksum(path);
            try (OutputStream out = Files.newOutputStream(temp)) {
                long left = size;
                while (left > 0) {
                    int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("the archive is cut short");
                    }
                    out.write(buffer, 0, n);
                    checksum.update(buffer, n);
                    left -= n;
                }
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.setLastModifiedTime(temp, FileTime.fromMillis(modified));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            sum += checksum.value();
            count++;
            bytes += size;
            progress.advance(0, size);
        }
        return new Summary(count, bytes, DatabaseDumper.hex(sum));
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the folder " + folder + " does not exist");
        }
        try (Stream<Path> walk = Files.walk(folder, new FileVisitOption[0])) {
            return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    /** The 64-bit CRC of a file's path and bytes. */
    private static final class Checksum {
        private final CRC32C crc32c = new CRC32C();
        private final CRC32 crc32 = new CRC32();

        Checksum(String path) {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            crc32c.update(name);
            crc32.update(name);
        }

        void update(byte[] bytes, int length) {
            crc32c.update(bytes, 0, length);
            crc32.update(bytes, 0, length);
        }

        long value() {
            return (crc32c.getValue() << 32) | crc32.getValue();
        }
    }
}
