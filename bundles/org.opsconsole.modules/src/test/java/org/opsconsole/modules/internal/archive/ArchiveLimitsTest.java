package org.opsconsole.modules.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ArchiveLimitsTest {

    @Test
    void anEmptyConfigurationGivesTheDefaults() {
        assertEquals(ArchiveLimits.DEFAULTS, ArchiveLimits.fromConfig(Map.of("unrelated", "x")));
        assertEquals(new ArchiveLimits(200L << 20, 10_000, 500L << 20, 200L << 20, 100), ArchiveLimits.DEFAULTS);
    }

    @Test
    void sizesMayBeNumbersOrTextWithUnits() {
        ArchiveLimits limits = ArchiveLimits.fromConfig(Map.of(
                ArchiveLimits.MAX_UPLOAD_BYTES, "50 MB",
                ArchiveLimits.MAX_ENTRIES, 2000,
                ArchiveLimits.MAX_EXPANDED_BYTES, "1gb",
                ArchiveLimits.MAX_ENTRY_BYTES, 1_048_576L,
                ArchiveLimits.MAX_COMPRESSION_RATIO, " 50 "));

        assertEquals(new ArchiveLimits(50L << 20, 2000, 1L << 30, 1L << 20, 50), limits);
        assertEquals(512L << 10, ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_UPLOAD_BYTES, "512KB")).maxUploadBytes());
        assertEquals(300, ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_UPLOAD_BYTES, "300 B")).maxUploadBytes());
        assertEquals(2048, ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_UPLOAD_BYTES, 2048.0)).maxUploadBytes());
    }

    @Test
    void aValueThatIsNoNumberIsRefusedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_EXPANDED_BYTES, "a lot")));
        assertTrue(e.getMessage().startsWith("maxExpandedBytes: 'a lot'"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_ENTRIES, "many")));
        assertThrows(IllegalArgumentException.class, () -> ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_ENTRIES, 2.5)));
    }

    @Test
    void limitsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchiveLimits.fromConfig(Map.of(ArchiveLimits.MAX_COMPRESSION_RATIO, 0)));
        assertTrue(e.getMessage().startsWith("maxCompressionRatio must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ArchiveLimits(1, 1, 1, -1, 1));
    }
}
