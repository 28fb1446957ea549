package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.opsconsole.testing.TestSecretBox;

class SealingKeyTest {

    private static final TestSecretBox BOX = new TestSecretBox();
    /** The bytes 0, 1, ..., 31. */
    private static final String KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String HASH = "ab".repeat(32);

    private static SealingKey fixedKey() {
        return SealingKey.open(BOX.seal(SealingKey.PURPOSE + KEY_BASE64), BOX);
    }

    @Test
    void theSealAndTheFingerprintAreTheDocumentedOnesSoThatOtherToolsCanCheckThem() {
        // computed independently: hmac.new(key, b"opsconsole-audit-head-v1" + pack(">q", 42) + pack(">i", 64) + hash, sha256)
        // and sha256(b"opsconsole-audit-key-v1" + key)
        SealingKey key = fixedKey();

        assertEquals("f77a1cc13de75bea3df353416e34569fc3d76096509ea91953226d68cbd7330d", key.seal(42, HASH));
        assertEquals("ad102609987167ebbe98a560799c08494b6e355735c29e2c51f3c5eb43dea851", key.fingerprint());
        assertEquals("ad102609", SealingKey.shortFingerprint(key.fingerprint()));
    }

    @Test
    void aSealCoversTheIdAndTheHashAndIsCheckedExactly() {
        SealingKey key = fixedKey();
        String seal = key.seal(42, HASH);

        assertTrue(key.seals(seal, 42, HASH));
        assertFalse(key.seals(seal, 43, HASH));
        assertFalse(key.seals(seal, 42, "ac".repeat(32)));
        assertFalse(key.seals(seal.toUpperCase(), 42, HASH));
        assertFalse(key.seals(null, 42, HASH));
    }

    @Test
    void aNewKeyIsRandomStoredSealedAndOpensToItself() {
        SealingKey one = SealingKey.create(new SecureRandom(), BOX);
        SealingKey two = SealingKey.create(new SecureRandom(), BOX);

        assertNotEquals(one.fingerprint(), two.fingerprint());
        assertTrue(BOX.isSealed(one.sealed()));
        SealingKey reopened = SealingKey.open(one.sealed(), BOX);
        assertEquals(one.fingerprint(), reopened.fingerprint());
        assertEquals(one.seal(7, HASH), reopened.seal(7, HASH));
        assertTrue(BOX.open(one.sealed()).startsWith(SealingKey.PURPOSE));
    }

    @Test
    void aKeyWrittenIntoTheTableWithoutTheMasterKeyOrForAnotherUseIsRefused() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> SealingKey.open(SealingKey.PURPOSE + KEY_BASE64, BOX));
        assertEquals("it is not sealed with the master key", plain.getMessage());

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> SealingKey.open(BOX.seal(KEY_BASE64), BOX));
        assertEquals("it is a sealed secret, but not the audit trail's key", other.getMessage());

        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> SealingKey.open(BOX.seal(SealingKey.PURPOSE + Base64.getEncoder().encodeToString(new byte[16])), BOX));
        assertEquals("the sealed key has 16 bytes, not 32", shortKey.getMessage());

        assertThrows(IllegalArgumentException.class, () -> SealingKey.open("sealed:elsewhere:AAAA", BOX),
                "sealed with another master key");
    }
}
