package org.opsconsole.backups.internal.engine;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a backup holds, written last into its folder as {@code manifest.json} (with {@code manifest.mac}, its HMAC under
 * a key derived from the data key): without it, a folder is not a complete backup.
 *
 * @param format the manifest's format, {@value #FORMAT}
 * @param id the backup's id
 * @param target the target's name when it was taken
 * @param kind {@code database} or {@code files}
 * @param startedAt when it started (ISO-8601, UTC)
 * @param completedAt when it completed
 * @param cipher the cipher of every file, {@link Sealing#CIPHER}
 * @param keyId the data key's id
 * @param compression the compression inside the encryption, {@code deflate}
 * @param source the database it was taken from (for a database backup)
 * @param tables the tables, their rows and checksums (for a database backup)
 * @param folder the folder (for a files backup)
 * @param files every file of the backup, its size and SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int format, String id, String target, String kind, String startedAt, String completedAt, String cipher,
        String keyId, String compression, Source source, List<TableEntry> tables, FolderEntry folder, List<FileEntry> files) {

    /** The format written now. */
    public static final int FORMAT = 1;
    /** The checksum's definition, as {@link RowCodec} computes it. */
    public static final String CHECKSUM = "sum64(crc32c||crc32 of each encoded row)";

    /**
     * @param dialect {@code MYSQL} or {@code H2}
     * @param product the database product and version
     * @param database the database (MySQL) or schema (H2) name
     * @param settings what a new database needs to hold the tables alike (the H2 compatibility settings, MySQL's
     *        default character set and collation)
     * @param checksum the checksum's definition, {@link #CHECKSUM}
     */
    public record Source(String dialect, String product, String database, Map<String, String> settings, String checksum) {
    }

    /**
     * @param name the table's name
     * @param file its rows' file in the backup
     * @param rows how many rows it had
     * @param checksum the checksum of its rows, 16 hex digits
     * @param columns its columns as backed up
     */
    public record TableEntry(String name, String file, long rows, String checksum, List<Table.Column> columns) {
    }

    /**
     * @param path the folder as it was configured
     * @param file the archive's file in the backup
     * @param count how many files it held
     * @param bytes their total size
     * @param checksum the checksum of their paths and contents
     */
    public record FolderEntry(String path, String file, long count, long bytes, String checksum) {
    }

    /**
     * @param name the file's path in the backup's folder
     * @param size its size in bytes
     * @param sha256 its SHA-256, hex
     */
    public record FileEntry(String name, long size, String sha256) {
    }

    /** @return the sum of the files' sizes */
    public long size() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    /** @return the sum of the tables' rows */
    public long rows() {
        return tables == null ? 0 : tables.stream().mapToLong(TableEntry::rows).sum();
    }
}
