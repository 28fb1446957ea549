package org.opsconsole.audit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that chains the audit records: SHA-256, written as 64 lower-case hex digits, over an encoding of a
 * record that no two different records share.
 *
 * <p>The encoding, so that anyone can check an exported trail with other tools: the ASCII bytes
 * {@value #DOMAIN}; then the previous record's hash, the time as epoch milliseconds (a signed 64-bit big-endian
 * number), the actor, source, action, target, outcome and detail, each text as a 32-bit big-endian byte count
 * followed by its UTF-8 bytes. The length prefixes keep field borders unambiguous: {@code ("ab", "c")} and
 * {@code ("a", "bc")} hash differently. The record's id is not covered; its place in the chain is.
 */
final class ChainHash {

    /** The previous hash of the first record. */
    static final String GENESIS = "0".repeat(64);

    /** Names this encoding, so that a later one can never produce the same bytes. */
    static final String DOMAIN = "opsconsole-audit-v1";

    private ChainHash() {
    }

    /**
     * @return the record's hash, 64 lower-case hex digits
     */
    static String of(String prevHash, long occurredAtMillis, String actor, String source, String action, String target,
            String outcome, String detail) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
        text(sha256, prevHash);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(occurredAtMillis).array());
        for (String field : new String[] {actor, source, action, target, outcome, detail}) {
            text(sha256, field);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void text(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
