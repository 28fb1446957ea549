package org.opsconsole.audit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.opsconsole.api.secrets.SecretBox;

/**
 * The audit trail's own key, which seals the head of the chain: 32 random bytes, stored in {@code audit_key} sealed
 * with the installation's master key, so that someone who can only write to the database cannot seal a head.
 *
 * <p>The seal of a head is HMAC-SHA256 under this key, 64 lower-case hex digits, over the ASCII bytes
 * {@value #SEAL_DOMAIN}, the head's last id (a signed 64-bit big-endian number) and its last hash (a 32-bit
 * big-endian byte count followed by its UTF-8 bytes). The key is named by its fingerprint: the SHA-256 of the ASCII
 * bytes {@value #FINGERPRINT_DOMAIN} followed by the key, which tells keys apart and tells nothing about them.
 *
 * <p>What is sealed with the master key is the text {@value #PURPOSE} followed by the base64 of the key; a value
 * that is not sealed, or sealed text of another purpose, is refused. Immutable and thread-safe.
 */
final class SealingKey {

    static final int KEY_BYTES = 32;
    /** Names the seal's encoding, so that a later one can never produce the same bytes. */
    static final String SEAL_DOMAIN = "opsconsole-audit-head-v1";
    static final String FINGERPRINT_DOMAIN = "opsconsole-audit-key-v1";
    /** What the sealed text starts with: a secret sealed for another use is not taken for this key. */
    static final String PURPOSE = "opsconsole-audit-key-v1:";

    private static final String HMAC = "HmacSHA256";

    private final String sealed;
    private final SecretKeySpec key;
    private final String fingerprint;

    private SealingKey(String sealed, byte[] bytes) {
        this.sealed = sealed;
        this.key = new SecretKeySpec(bytes, HMAC);
        this.fingerprint = fingerprint(bytes);
    }

    /**
     * A new random key.
     *
     * @param random where the key's bytes come from
     * @param secrets seals the key with the master key
     * @return the key, with its sealed text
     */
    static SealingKey create(SecureRandom random, SecretBox secrets) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        try {
            return new SealingKey(secrets.seal(PURPOSE + Base64.getEncoder().encodeToString(bytes)), bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Opens a stored key.
     *
     * @param sealed the text of {@code audit_key.sealed_key}
     * @param secrets opens it with the master key
     * @return the key
     * @throws IllegalArgumentException when the text is not a key sealed with this installation's master key; the
     *         message says why
     */
    static SealingKey open(String sealed, SecretBox secrets) {
        if (!secrets.isSealed(sealed)) {
            throw new IllegalArgumentException("it is not sealed with the master key");
        }
        String text = secrets.open(sealed);
        if (!text.startsWith(PURPOSE)) {
            throw new IllegalArgumentException("it is a sealed secret, but not the audit trail's key");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.substring(PURPOSE.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed key is not base64");
        }
        try {
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("the sealed key has " + bytes.length + " bytes, not " + KEY_BYTES);
            }
            return new SealingKey(sealed, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The text stored in {@code audit_key.sealed_key}. */
    String sealed() {
        return sealed;
    }

    /** The key's fingerprint, 64 lower-case hex digits. */
    String fingerprint() {
        return fingerprint;
    }

    /**
     * @return the seal of a head naming the record {@code lastId} with the hash {@code lastHash}, 64 lower-case hex
     *         digits
     */
    String seal(long lastId, String lastHash) {
        Mac mac;
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
        mac.update(SEAL_DOMAIN.getBytes(StandardCharsets.US_ASCII));
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(lastId).array());
        byte[] hash = lastHash.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(hash.length).array());
        mac.update(hash);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * @return whether {@code seal} is the seal of the head naming {@code lastId} and {@code lastHash}, compared in
     *         constant time
     */
    boolean seals(String seal, long lastId, String lastHash) {
        return seal != null && MessageDigest.isEqual(seal(lastId, lastHash).getBytes(StandardCharsets.US_ASCII),
                seal.getBytes(StandardCharsets.US_ASCII));
    }

    static String fingerprint(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(FINGERPRINT_DOMAIN.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A fingerprint as messages show it: its first 8 hex digits. */
    static String shortFingerprint(String fingerprint) {
        return fingerprint.length() > 8 ? fingerprint.substring(0, 8) : fingerprint;
    }
}
