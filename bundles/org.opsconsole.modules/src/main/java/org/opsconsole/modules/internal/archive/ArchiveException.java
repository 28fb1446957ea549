package org.opsconsole.modules.internal.archive;

import java.util.Objects;

/**
 * An uploaded file (or a feature description) that cannot be installed, with the reason in words an operator
 * understands, in Chinese and in English, naming the file or the archive entry at fault. Nothing of the upload is
 * left in the work folder when this is thrown.
 *
 * <p>{@link #getMessage()} is both, {@code "中文 / English"}, the form the console's problem answers use.
 */
public final class ArchiveException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong, for the caller's decisions (HTTP status, audit outcome) and for tests. */
    public enum Kind {
        /** The file name is neither {@code .zip} nor {@code .jar}, or cannot be a file name. */
        UNSUPPORTED_FILE,
        /** The upload is larger than {@link ArchiveLimits#maxUploadBytes()}. */
        UPLOAD_TOO_LARGE,
        /** Not a zip, or damaged: truncated, bad checksums, sizes that do not match, overlapping or hidden entries. */
        CORRUPT,
        /** An entry name that could write outside the work folder: {@code ..}, absolute, drive letter, backslash. */
        UNSAFE_ENTRY_NAME,
        /** Two entries with the same name. */
        DUPLICATE_ENTRY,
        /** An entry that is a symbolic link (or another special file) rather than a plain file. */
        LINK_ENTRY,
        /** More entries than {@link ArchiveLimits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** One entry expands past {@link ArchiveLimits#maxEntryBytes()}. */
        ENTRY_TOO_LARGE,
        /** Everything expands past {@link ArchiveLimits#maxExpandedBytes()}. */
        EXPANDS_TOO_MUCH,
        /** One entry expands more than {@link ArchiveLimits#maxCompressionRatio()} times its compressed size. */
        COMPRESSION_RATIO,
        /** A jar without {@code Bundle-ManifestVersion: 2} and a {@code Bundle-SymbolicName}, or with bad headers. */
        NOT_A_BUNDLE,
        /** No {@code feature.json}, or one that is not a valid feature. */
        FEATURE_INVALID,
        /** The feature's {@code opsconsole-api} range is malformed. */
        API_RANGE_INVALID,
        /** The feature names a bundle that is not in the archive. */
        BUNDLE_MISSING,
        /** The archive holds a jar the feature does not name. */
        JAR_NOT_NAMED,
        /** Two bundles with the same symbolic name and version, or one bundle in two places. */
        DUPLICATE_BUNDLE
    }

    private final Kind kind;
    private final String messageZh;
    private final String messageEn;

    /**
     * @param kind what is wrong
     * @param messageZh the reason in Chinese, naming the file
     * @param messageEn the same in English
     */
    public ArchiveException(Kind kind, String messageZh, String messageEn) {
        this(kind, messageZh, messageEn, null);
    }

    /**
     * @param kind what is wrong
     * @param messageZh the reason in Chinese, naming the file
     * @param messageEn the same in English
     * @param cause the underlying error, or null
     */
    public ArchiveException(Kind kind, String messageZh, String messageEn, Throwable cause) {
        super(messageZh + " / " + messageEn, cause);
        this.kind = Objects.requireNonNull(kind);
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    /** @return what is wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the reason in Chinese */
    public String messageZh() {
        return messageZh;
    }

    /** @return the reason in English */
    public String messageEn() {
        return messageEn;
    }
}
