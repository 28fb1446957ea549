package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChainHashTest {

    private static final long TIME = Instant.parse("2026-11-26T01:00:00.123Z").toEpochMilli();

    @Test
    void theEncodingIsTheDocumentedOneSoThatOtherToolsCanCheckAnExport() {
        // computed independently: sha256(b"opsconsole-audit-v1" + for each text: >i byte count + UTF-8, time as >q)
        assertEquals("bbac9606af0d9d9b14b4fbbc3647d0e36d5cd56c59a32ac0503a22d830cce61b",
                ChainHash.of(ChainHash.GENESIS, 1795654800123L, "审计员", "10.0.0.1", "login", "审计员", "SUCCESS", ""));
        assertEquals(1795654800123L, TIME);
    }

    @Test
    void movingTextAcrossAFieldBorderChangesTheHash() {
        assertNotEquals(ChainHash.of(ChainHash.GENESIS, TIME, "ab", "c", "x", "", "SUCCESS", ""),
                ChainHash.of(ChainHash.GENESIS, TIME, "a", "bc", "x", "", "SUCCESS", ""));
        assertNotEquals(ChainHash.of(ChainHash.GENESIS, TIME, "a", "", "", "", "SUCCESS", ""),
                ChainHash.of(ChainHash.GENESIS, TIME, "", "a", "", "", "SUCCESS", ""));
    }

    @Test
    void everyFieldAndThePreviousHashAreCovered() {
        String base = ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "a", "t", "SUCCESS", "d");
        List<String> variants = List.of(
                ChainHash.of("1".repeat(64), TIME, "u", "s", "a", "t", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME + 1, "u", "s", "a", "t", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "U", "s", "a", "t", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "u", "S", "a", "t", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "A", "t", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "a", "T", "SUCCESS", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "a", "t", "FAILURE", "d"),
                ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "a", "t", "SUCCESS", "D"));
        Set<String> all = new HashSet<>(variants);
        all.add(base);
        assertEquals(variants.size() + 1, all.size());
        assertEquals(base, ChainHash.of(ChainHash.GENESIS, TIME, "u", "s", "a", "t", "SUCCESS", "d"), "the same record, the same hash");
        assertEquals(64, base.length());
        assertEquals(base.toLowerCase(), base);
    }
}
