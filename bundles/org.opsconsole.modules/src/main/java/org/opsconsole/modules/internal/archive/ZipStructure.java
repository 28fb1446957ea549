package org.opsconsole.modules.internal.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.opsconsole.modules.internal.archive.ArchiveException.Kind;

/**
 * What {@link java.util.zip.ZipFile} does not check about a zip's layout, read from the central directory and the
 * local headers themselves: that the file is one archive and nothing else (no data before the first entry or after
 * the end record, no second disk), that each entry's local header names the same entry as the central directory
 * (readers that walk the local headers, such as {@code JarInputStream}, would otherwise see other files than the
 * framework does), that no two entries share their data (the "overlapping files" zip bomb), and that no entry is a
 * symbolic link or another special file (Unix mode bits, or the Windows reparse-point attribute).
 */
final class ZipStructure {

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final int CENTRAL_SIZE = 46;
    private static final int LOCAL_SIZE = 30;
    /** A central directory larger than this is not one of a module's archives. */
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;

    private static final int HOST_UNIX = 3;
    private static final int HOST_MACOS = 19;
    private static final int UNIX_TYPE_MASK = 0170000;
    /** Symbolic link, FIFO, character device, block device, socket. */
    private static final Set<Integer> SPECIAL_TYPES = Set.of(0120000, 0010000, 0020000, 0060000, 0140000);
    private static final int DOS_REPARSE_POINT = 0x400;

    private ZipStructure() {
    }

    /** One entry of the central directory, with where its data lies in the file. */
    private record Central(String name, long localOffset, long compressedSize, byte[] rawName) {
    }

    /**
     * Checks the layout and returns the entry names in central-directory order.
     *
     * @param zip the file
     * @param display how to name the file in messages
     * @param maxEntries the most entries allowed; more is refused before the directory is read
     * @return the names, as {@link java.util.zip.ZipFile} decodes them (UTF-8)
     * @throws ArchiveException {@link Kind#CORRUPT}, {@link Kind#TOO_MANY_ENTRIES} or {@link Kind#LINK_ENTRY}
     * @throws IOException when the file cannot be read at all
     */
    static List<String> check(Path zip, String display, int maxEntries) throws ArchiveException, IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            long eocd = findEndRecord(channel, size, display);
            ByteBuffer end = read(channel, eocd, EOCD_SIZE, display);
            if (u16(end, 4) != 0 || u16(end, 6) != 0) {
                throw corrupt(display, "是分卷压缩包", "is split over several disks");
            }
            long entries = u16(end, 10);
            long directorySize = u32(end, 12);
            long directoryOffset = u32(end, 16);
            long directoryEnd = eocd;
            if (eocd >= 20 && read(channel, eocd - 20, 4, display).getInt(0) == ZIP64_LOCATOR) {
                ByteBuffer locator = read(channel, eocd - 20, 20, display);
                long zip64 = locator.getLong(8);
                if (zip64 < 0 || zip64 > eocd - 20 - 56) {
                    throw corrupt(display, "ZIP64 结束记录的位置无效", "has a ZIP64 end record in an impossible place");
                }
                ByteBuffer record = read(channel, zip64, 56, display);
                if (record.getInt(0) != ZIP64_EOCD) {
                    throw corrupt(display, "缺少 ZIP64 结束记录", "has no ZIP64 end record where its locator points");
                }
                entries = record.getLong(32);
                directorySize = record.getLong(40);
                directoryOffset = record.getLong(48);
                directoryEnd = zip64;
            }
            if (entries > maxEntries) {
                throw new ArchiveException(Kind.TOO_MANY_ENTRIES,
                        display + " 含有 " + entries + " 个条目，超过上限 " + maxEntries,
                        display + " has " + entries + " entries, more than the limit of " + maxEntries);
            }
            if (directorySize < 0 || directoryOffset < 0 || directorySize > MAX_CENTRAL_DIRECTORY
                    || directoryOffset + directorySize != directoryEnd) {
                throw corrupt(display, "目录位置不符（文件开头或中间夹带了其他数据）",
                        "has its directory out of place (other data was put before or inside the archive)");
            }
            List<Central> centrals = readDirectory(channel, directoryOffset, (int) directorySize, entries, display);
            checkLocalHeaders(channel, centrals, directoryOffset, display);
            List<String> names = new ArrayList<>(centrals.size());
            for (Central central : centrals) {
                names.add(central.name());
            }
            return names;
        }
    }

    private static long findEndRecord(FileChannel channel, long size, String display) throws ArchiveException, IOException {
        if (size < EOCD_SIZE) {
            throw corrupt(display, "不是 ZIP 文件（太短）", "is not a zip file (too short)");
        }
        int tail = (int) Math.min(size, EOCD_SIZE + 0xFFFFL);
        ByteBuffer buffer = read(channel, size - tail, tail, display);
        for (int i = tail - EOCD_SIZE; i >= 0; i--) {
            if (buffer.getInt(i) == EOCD && i + EOCD_SIZE + u16(buffer, i + 20) == tail) {
                return size - tail + i;
            }
        }
        throw corrupt(display, "不是 ZIP 文件，或已截断、结尾夹带了其他数据",
                "is not a zip file, or is truncated, or has other data after its end");
    }

    private static List<Central> readDirectory(FileChannel channel, long offset, int size, long entries, String display)
            throws ArchiveException, IOException {
        ByteBuffer directory = read(channel, offset, size, display);
        List<Central> centrals = new ArrayList<>();
        int position = 0;
        for (long i = 0; i < entries; i++) {
            if (position + CENTRAL_SIZE > size || directory.getInt(position) != CENTRAL) {
                throw corrupt(display, "目录中的条目数与记录不符", "has fewer directory entries than its end record says");
            }
            int versionMadeBy = u16(directory, position + 4);
            long compressedSize = u32(directory, position + 20);
            long uncompressedSize = u32(directory, position + 24);
            int nameLength = u16(directory, position + 28);
            int extraLength = u16(directory, position + 30);
            int commentLength = u16(directory, position + 32);
            int diskStart = u16(directory, position + 34);
            long external = u32(directory, position + 38);
            long localOffset = u32(directory, position + 42);
            int next = position + CENTRAL_SIZE + nameLength + extraLength + commentLength;
            if (next > size) {
                throw corrupt(display, "目录已损坏", "has a damaged directory");
            }
            byte[] rawName = new byte[nameLength];
            directory.get(position + CENTRAL_SIZE, rawName);
            String name = decode(rawName, display);
            // the ZIP64 extra field holds the values that did not fit, in this order
            int extra = position + CENTRAL_SIZE + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = u16(directory, extra);
                int length = u16(directory, extra + 2);
                int field = extra + 4;
                if (field + length > extraEnd) {
                    throw corrupt(display, "条目 " + ArchiveReader.display(name) + " 的扩展字段已损坏",
                            "has a damaged extra field in the entry " + ArchiveReader.display(name));
                }
                if (id == 0x0001) {
                    int end = field + length;
                    if (uncompressedSize == 0xFFFFFFFFL && field + 8 <= end) {
                        field += 8;
                    }
                    if (compressedSize == 0xFFFFFFFFL && field + 8 <= end) {
                        compressedSize = directory.getLong(field);
                        field += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL && field + 8 <= end) {
                        localOffset = directory.getLong(field);
                    }
                }
                extra += 4 + length;
            }
            if (diskStart != 0 && diskStart != 0xFFFF) {
                throw corrupt(display, "是分卷压缩包", "is split over several disks");
            }
            if (isLink(versionMadeBy >>> 8, external, name)) {
                throw new ArchiveException(Kind.LINK_ENTRY,
                        display + " 中的 " + ArchiveReader.display(name) + " 是符号链接或特殊文件，只允许普通文件",
                        display + ": " + ArchiveReader.display(name) + " is a symbolic link or another special file;"
                                + " only plain files are allowed");
            }
            centrals.add(new Central(name, localOffset, compressedSize, rawName));
            position = next;
        }
        if (position != size) {
            throw corrupt(display, "目录中的条目数与记录不符", "has more directory entries than its end record says");
        }
        return centrals;
    }

    private static void checkLocalHeaders(FileChannel channel, List<Central> centrals, long directoryOffset, String display)
            throws ArchiveException, IOException {
        List<Central> byOffset = new ArrayList<>(centrals);
        byOffset.sort(Comparator.comparingLong(Central::localOffset));
        if (!byOffset.isEmpty() && byOffset.get(0).localOffset() != 0) {
            throw corrupt(display, "第一个条目之前夹带了其他数据", "has other data before its first entry");
        }
        for (int i = 0; i < byOffset.size(); i++) {
            Central central = byOffset.get(i);
            String name = ArchiveReader.display(central.name());
            if (central.localOffset() < 0 || central.compressedSize() < 0
                    || central.localOffset() + LOCAL_SIZE > directoryOffset) {
                throw corrupt(display, "条目 " + name + " 的位置无效", "has the entry " + name + " in an impossible place");
            }
            ByteBuffer local = read(channel, central.localOffset(), LOCAL_SIZE, display);
            if (local.getInt(0) != LOCAL) {
                throw corrupt(display, "条目 " + name + " 的本地头缺失", "has no local header for the entry " + name);
            }
            int nameLength = u16(local, 26);
            int extraLength = u16(local, 28);
            byte[] localName = new byte[nameLength];
            read(channel, central.localOffset() + LOCAL_SIZE, nameLength, display).get(0, localName);
            if (!Arrays.equals(localName, central.rawName())) {
                throw corrupt(display, "条目 " + name + " 的本地头与目录记录的名称不同",
                        "names the entry " + name + " differently in its local header and its directory");
            }
            long dataEnd = central.localOffset() + LOCAL_SIZE + nameLength + extraLength + central.compressedSize();
            long limit = i + 1 < byOffset.size() ? byOffset.get(i + 1).localOffset() : directoryOffset;
            if (dataEnd > limit) {
                throw corrupt(display, "条目 " + name + " 与其他条目共用数据（一种 ZIP 炸弹的构造）",
                        "has the entry " + name + " overlapping another entry's data (a zip bomb construction)");
            }
        }
    }

    /**
     * Whether an entry is a symbolic link or another special file: by its Unix file type (link, FIFO, device,
     * socket), or by the Windows reparse-point attribute (links and junctions). A folder entry (its name ends with
     * {@code /}) is judged by its name alone on Unix, as old Maven archivers wrote impossible mode bits
     * ({@code 0177777}) for folders; values that are no file type at all are not taken for links either.
     */
    private static boolean isLink(int host, long external, String name) {
        if (host == HOST_UNIX || host == HOST_MACOS) {
            int type = (int) (external >>> 16) & UNIX_TYPE_MASK;
            return !name.endsWith("/") && SPECIAL_TYPES.contains(type);
        }
        return (external & DOS_REPARSE_POINT) != 0;
    }

    private static String decode(byte[] raw, String display) throws ArchiveException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(display, "含有非 UTF-8 编码的条目名称", "has an entry name that is not UTF-8");
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length, String display)
            throws ArchiveException, IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at) < 0) {
                    throw new EOFException();
                }
                at = position + buffer.position();
            }
        } catch (EOFException e) {
            throw corrupt(display, "已截断", "is truncated");
        }
        return buffer.clear();
    }

    private static int u16(ByteBuffer buffer, int index) {
        return Short.toUnsignedInt(buffer.getShort(index));
    }

    private static long u32(ByteBuffer buffer, int index) {
        return Integer.toUnsignedLong(buffer.getInt(index));
    }

    private static ArchiveException corrupt(String display, String zh, String en) {
        return new ArchiveException(Kind.CORRUPT, display + " " + zh, display + " " + en);
    }
}
