package org.opsconsole.modules.internal.archive;

import java.util.Locale;
import java.util.Map;

/**
 * How much an upload may hold, so that a hostile or broken file (a zip bomb, millions of entries) is refused while
 * it is being read, before it fills the disk or the memory. {@link ArchiveReader} counts the bytes it actually
 * inflates; the sizes written in the zip's headers are never trusted.
 *
 * <p>The limits apply to every zip the reader opens: the upload itself and, inside a feature archive, each bundle
 * jar (a jar is a zip too, and the framework will read it). {@link #maxExpandedBytes()} is one budget for the whole
 * upload: every byte inflated, the archive's entries and the entries of the jars in it, counts against it.
 *
 * @param maxUploadBytes the largest upload file, in bytes
 * @param maxEntries the most entries in one zip (the upload, or one bundle jar in it)
 * @param maxExpandedBytes the most bytes inflated while reading the whole upload
 * @param maxEntryBytes the largest single entry once inflated, in bytes
 * @param maxCompressionRatio the most an entry may expand relative to its compressed size; checked once an entry
 *        has expanded past {@link #RATIO_GRACE_BYTES}, so small, very compressible files (blank templates) pass
 */
public record ArchiveLimits(long maxUploadBytes, int maxEntries, long maxExpandedBytes, long maxEntryBytes,
        int maxCompressionRatio) {

    /** An entry is held to the compression ratio only once it has expanded past this many bytes (1 MiB). */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    private static final long MIB = 1L << 20;

    /**
     * 200 MiB upload, 10,000 entries per zip, 500 MiB inflated in all, 200 MiB per entry, ratio 100. The entry count
     * leaves room for large library bundles (jOOQ has about 2,900 entries, the Jetty 12 HTTP bundle about 2,000).
     */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(200 * MIB, 10_000, 500 * MIB, 200 * MIB, 100);

    /** Configuration keys read by {@link #fromConfig(Map)}, the names of the components. */
    public static final String MAX_UPLOAD_BYTES = "maxUploadBytes";
    /** @see #MAX_UPLOAD_BYTES */
    public static final String MAX_ENTRIES = "maxEntries";
    /** @see #MAX_UPLOAD_BYTES */
    public static final String MAX_EXPANDED_BYTES = "maxExpandedBytes";
    /** @see #MAX_UPLOAD_BYTES */
    public static final String MAX_ENTRY_BYTES = "maxEntryBytes";
    /** @see #MAX_UPLOAD_BYTES */
    public static final String MAX_COMPRESSION_RATIO = "maxCompressionRatio";

    /**
     * Checks that every limit is positive.
     *
     * @throws IllegalArgumentException naming the limit that is not
     */
    public ArchiveLimits {
        positive(MAX_UPLOAD_BYTES, maxUploadBytes);
        positive(MAX_ENTRIES, maxEntries);
        positive(MAX_EXPANDED_BYTES, maxExpandedBytes);
        positive(MAX_ENTRY_BYTES, maxEntryBytes);
        positive(MAX_COMPRESSION_RATIO, maxCompressionRatio);
    }

    /**
     * The limits from a configuration (a component's properties), {@link #DEFAULTS} for the keys it does not hold.
     * Other keys are ignored. A value is a number, or a string holding one; sizes may carry a binary unit,
     * {@code KB}, {@code MB} or {@code GB} (1024-based, case and a space before it do not matter): {@code "200 MB"}.
     *
     * @param config the configuration, keys as in {@link #MAX_UPLOAD_BYTES} and the constants after it
     * @return the limits
     * @throws IllegalArgumentException naming the key whose value is not a positive number
     */
    public static ArchiveLimits fromConfig(Map<String, ?> config) {
        return new ArchiveLimits(
                size(config, MAX_UPLOAD_BYTES, DEFAULTS.maxUploadBytes),
                (int) Math.min(Integer.MAX_VALUE, count(config, MAX_ENTRIES, DEFAULTS.maxEntries)),
                size(config, MAX_EXPANDED_BYTES, DEFAULTS.maxExpandedBytes),
                size(config, MAX_ENTRY_BYTES, DEFAULTS.maxEntryBytes),
                (int) Math.min(Integer.MAX_VALUE, count(config, MAX_COMPRESSION_RATIO, DEFAULTS.maxCompressionRatio)));
    }

    private static long size(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return whole(key, number);
        }
        String text = value.toString().trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "30"}, {"MB", "20"}, {"KB", "10"}, {"B", "0"}}) {
            if (text.endsWith(suffix[0])) {
                unit = 1L << Integer.parseInt(suffix[1]);
                text = text.substring(0, text.length() - suffix[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(text), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a size (a number of bytes, or with KB, MB or GB)", e);
        }
    }

    private static long count(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return whole(key, number);
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number", e);
        }
    }

    private static long whole(String key, Number number) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(key + ": " + number + " is not a whole number");
            }
        }
        return number.longValue();
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
    }
}
