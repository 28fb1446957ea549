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
 * How a backup file is encrypted: authenticated encryption of the stream in chunks — AES-256-GCM, or SM4-GCM (国密,
 * through Bouncy Castle) — so that a file of any size is written and read in constant memory and a changed, reordered,
 * cut or extended file does not open.
 *
 * <p>A file starts with a header: the magic {@code OPSBAK01}, the cipher's number, the key's id and an 8-byte random
 * nonce prefix. Then come chunks, each {@code int length} and the sealed bytes (the tag included). Chunk {@code n} is
 * sealed with the nonce {@code prefix ‖ n} and, as associated data, the header, {@code n} and whether it is the last
 * chunk; a file without its last chunk, or with bytes after it, is refused. A reader takes the cipher from the header.
 *
 * @param keyId the data key's id, written in the header
 * @param key the data key, 32 bytes (SM4 uses 16 bytes derived from it)
 * @param algorithm the cipher new files are sealed with
 */
public record Sealing(String keyId, byte[] key, Algorithm algorithm) {

    /** The default cipher's name, as the manifest records it. */
    public static final String CIPHER = "AES-256-GCM";

    /** The ciphers a backup file may be sealed with. */
    public enum Algorithm {
        /** AES with a 256-bit key in GCM, from the JDK. */
        AES_256_GCM("AES-256-GCM", 1),
        /** SM4 (GB/T 32907) in GCM, from Bouncy Castle. */
        SM4_GCM("SM4-GCM", 2);

        private final String title;
        private final int number;

        Algorithm(String title, int number) {
            this.title = title;
            this.number = number;
        }

        /** @return its name, as the manifest and the settings write it */
        public String title() {
            return title;
        }

        /** @return the algorithm of a name ({@code AES-256-GCM}, {@code SM4-GCM}) */
        public static java.util.Optional<Algorithm> named(String name) {
            for (Algorithm algorithm : values()) {
                if (algorithm.title.equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return java.util.Optional.of(algorithm);
                }
            }
            return java.util.Optional.empty();
        }

        static Algorithm numbered(int number) throws IOException {
            for (Algorithm algorithm : values()) {
                if (algorithm.number == number) {
                    return algorithm;
                }
            }
            throw new IOException("the backup file is sealed with an unknown cipher (" + number + ")");
        }
    }
    static final byte[] MAGIC = "OPSBAK01".getBytes(StandardCharsets.US_ASCII);
    /** Plain bytes per chunk. */
    static final int CHUNK = 256 * 1024;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key that seals with AES-256-GCM. */
    public Sealing(String keyId, byte[] key) {
        this(keyId, key, Algorithm.AES_256_GCM);
    }

    public Sealing {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
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

    /** @return the same key, sealing new files with another cipher */
    public Sealing with(Algorithm other) {
        return new Sealing(keyId, key, other);
    }

    /** @return the header of a new file: magic, cipher, key id, a fresh nonce prefix */
    byte[] newHeader() {
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        return header(algorithm, keyId, prefix);
    }

    private static byte[] header(Algorithm algorithm, String keyId, byte[] prefix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(algorithm.number);
            out.writeUTF(keyId);
            out.write(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** A file's header as read: its bytes (the chunks' associated data) and its cipher. */
    record Header(byte[] bytes, Algorithm algorithm) {
    }

    /**
     * Reads a header and checks it names this key.
     *
     * @throws IOException when it is not a backup file, or was sealed with another key
     */
    Header readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an opsconsole backup file (the header is wrong)");
        }
        Algorithm sealedWith = Algorithm.numbered(data.readUnsignedByte());
        String id = data.readUTF();
        if (!id.equals(keyId)) {
            throw new IOException("the file was sealed with key " + id + ", not " + keyId);
        }
        byte[] prefix = new byte[8];
        data.readFully(prefix);
        return new Header(header(sealedWith, id, prefix), sealedWith);
    }

    /** @return a cipher of the algorithm, to be set up for each chunk by {@link #init} */
    static Cipher cipher(Algorithm algorithm) throws GeneralSecurityException {
        return algorithm == Algorithm.SM4_GCM ? Sm4.cipher() : Cipher.getInstance("AES/GCM/NoPadding");
    }

    /** Sets a cipher up for one chunk. */
    void init(Cipher cipher, Algorithm with, int mode, byte[] header, long chunk, boolean last) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        System.arraycopy(header, header.length - 8, nonce, 0, 8);
        nonce[8] = (byte) (chunk >>> 24);
        nonce[9] = (byte) (chunk >>> 16);
        nonce[10] = (byte) (chunk >>> 8);
        nonce[11] = (byte) chunk;
        SecretKeySpec spec = with == Algorithm.SM4_GCM ? new SecretKeySpec(derive("opsconsole backup sm4", 16), "SM4")
                : new SecretKeySpec(key, "AES");
        cipher.init(mode, spec, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(new byte[] {(byte) (chunk >>> 24), (byte) (chunk >>> 16), (byte) (chunk >>> 8), (byte) chunk,
                (byte) (last ? 1 : 0)});
    }

    private byte[] derive(String purpose, int length) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII)), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SM4 from Bouncy Castle, loaded only when a backup uses it (the bundle imports it optionally). */
    private static final class Sm4 {
        private static final java.security.Provider PROVIDER = provider();

        private static java.security.Provider provider() {
            try {
                return new org.bouncycastle.jce.provider.BouncyCastleProvider();
            } catch (LinkageError e) {
                return null;
            }
        }

        static Cipher cipher() throws GeneralSecurityException {
            if (PROVIDER == null) {
                throw new java.security.NoSuchAlgorithmException("SM4 needs Bouncy Castle (bundle bcprov), which is not installed");
            }
            return Cipher.getInstance("SM4/GCM/NoPadding", PROVIDER);
        }
    }

    /**
     * A key for authenticating manifests, derived from the data key (so that the data key itself is used for one
     * purpose only).
     *
     * @return 32 bytes
     */
    public byte[] manifestKey() {
        return derive("opsconsole backup manifest", 32);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealing s && s.keyId.equals(keyId) && Arrays.equals(s.key, key) && s.algorithm == algorithm;
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "Sealing[" + keyId + ", " + algorithm.title() + "]";
    }
}
