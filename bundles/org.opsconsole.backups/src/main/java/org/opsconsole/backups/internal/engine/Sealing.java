package org.opsconsole.backups.internal.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a backup file is encrypted: authenticated encryption (AES-256-GCM) of the stream in chunks, so that a file of any
 * size is written and read in constant memory and a changed, reordered, cut or extended file does not open.
 *
 * <p>A file starts with a header: the magic {@code OPSBAK01}, the key's id and an 8-byte random nonce prefix. Then
 * come chunks, each {@code int length} and the sealed bytes (the tag included). Chunk {@code n} is sealed with the nonce
 * {@code prefix ‖ n} and, as associated data, the header, {@code n} and whether it is the last chunk; a file without its
 * last chunk, or with bytes after it, is refused.
 *
 * @param keyId the data key's id, written in the header
 * @param key the data key, 32 bytes
 */
public record Sealing(String keyId, byte[] key) {

    /** The cipher's name, as the manifest records it. */
    public static final String CIPHER = "AES-256-GCM";
    static final byte[] MAGIC = "OPSBAK01".getBytes(StandardCharsets.US_ASCII);
    /** Plain bytes per chunk. */
    static final int CHUNK = 256 * 1024;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Sealing {
        Objects.requireNonNull(keyId, "keyId");
        if (key.length != 32) {
            throw new IllegalArgumentException("a data key has 32 bytes");
        }
        key = key.clone();
    }

    /** @return a new random data key */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** @return the header of a new file: magic, key id, a fresh nonce prefix */
    byte[] newHeader() {
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(keyId);
            out.write(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a header and checks it names this key.
     *
     * @return the header's bytes
     * @throws IOException when it is not a backup file, or was sealed with another key
     */
    byte[] readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an opsconsole backup file (the header is wrong)");
        }
        String id = data.readUTF();
        if (!id.equals(keyId)) {
            throw new IOException("the file was sealed with key " + id + ", not " + keyId);
        }
        byte[] prefix = new byte[8];
        data.readFully(prefix);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(id);
            out.write(prefix);
        }
        return bytes.toByteArray();
    }

    /** @return the id of the key a backup file's header names */
    public static String keyIdOf(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an opsconsole backup file (the header is wrong)");
        }
        return data.readUTF();
    }

    /** A cipher set up for one chunk. */
    Cipher cipher(int mode, byte[] header, long chunk, boolean last) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        System.arraycopy(header, header.length - 8, nonce, 0, 8);
        nonce[8] = (byte) (chunk >>> 24);
        nonce[9] = (byte) (chunk >>> 16);
        nonce[10] = (byte) (chunk >>> 8);
        nonce[11] = (byte) chunk;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(new byte[] {(byte) (chunk >>> 24), (byte) (chunk >>> 16), (byte) (chunk >>> 8), (byte) chunk,
                (byte) (last ? 1 : 0)});
        return cipher;
    }

    /**
     * A key for authenticating manifests, derived from the data key (so that the data key itself is used for one
     * purpose only).
     *
     * @return 32 bytes
     */
    public byte[] manifestKey() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("opsconsole backup manifest".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealing s && s.keyId.equals(keyId) && Arrays.equals(s.key, key);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "Sealing[" + keyId + "]";
    }
}
