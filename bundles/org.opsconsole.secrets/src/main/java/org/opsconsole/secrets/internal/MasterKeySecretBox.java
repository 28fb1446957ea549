package org.opsconsole.secrets.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.opsconsole.api.secrets.SecretBox;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's {@link SecretBox}: seals secrets with AES-256-GCM under the master key, a fresh random
 * 12-byte nonce per seal, a 128-bit tag and the format version as associated data. A sealed value reads
 * {@code sealed:<key id>:<base64 of nonce and ciphertext>}, where the key id is the first 8 hex digits of the
 * SHA-256 of the key, so a value sealed under another installation's key is recognised and refused by name.
 *
 * <p>The master key (32 bytes) is, first, the framework property {@value #KEY_PROPERTY} (set by the launcher
 * from the environment variable {@code OPSCONSOLE_MASTER_KEY}), base64; else the file
 * {@code <opsconsole.data>/secrets/master.key}, which the first start creates, readable by its owner only
 * (see {@link MasterKeyFile}). A bad key stops the component from activating: sealing under a key that is
 * not the one intended would make the stored secrets unreadable later.
 *
 * <p>Thread-safe: every call uses its own {@link Cipher}.
 */
@Component(service = SecretBox.class, immediate = true)
public class MasterKeySecretBox implements SecretBox {

    /** The framework property that gives the master key, base64. */
    static final String KEY_PROPERTY = "opsconsole.master.key";
    /** The framework property naming the data folder, which holds {@code secrets/master.key}. */
    static final String DATA_PROPERTY = "opsconsole.data";
    static final int KEY_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeySecretBox.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Bound to every sealed value, so that it cannot be taken for a value in another (future) format. */
    private static final byte[] FORMAT = "opsconsole-secret-v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public MasterKeySecretBox(BundleContext context) {
        byte[] bytes = masterKey(context, random);
        try {
            this.key = new SecretKeySpec(bytes, "AES");
            this.keyId = keyId(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String seal(String secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(FORMAT);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plain.length));
            cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
            return PREFIX + keyId + ':' + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        String rest = value.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String id = colon < 0 ? "" : rest.substring(0, colon);
        if (!id.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("not a sealed value: it must read sealed:<key id of 8 hex digits>:<base64>");
        }
        if (!id.equals(keyId)) {
            throw new IllegalArgumentException("the value was sealed with another master key (id " + id
                    + "), this installation's key is " + keyId);
        }
        String payload = rest.substring(colon + 1);
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed value is damaged: its payload is not base64");
        }
        // the decoder ignores the unused bits of the last character; a changed one must not open either
        if (!Base64.getEncoder().encodeToString(sealed).equals(payload)) {
            throw new IllegalArgumentException("the sealed value is damaged: its payload is not canonical base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("the sealed value is damaged: its payload is too short");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(FORMAT);
            plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed value was changed or is damaged: it does not authenticate"
                    + " under master key " + keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** The id of this installation's master key, as it appears in sealed values. */
    String keyId() {
        return keyId;
    }

    /** The first 8 hex digits of the SHA-256 of a key: names the key without telling anything about it. */
    static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    /** The master key: from the framework property if it is set, else from (or into) the key file. */
    private static byte[] masterKey(BundleContext context, SecureRandom random) {
        String given = context.getProperty(KEY_PROPERTY);
        if (given != null) {
            byte[] key = decodeKey(given, "the master key in " + KEY_PROPERTY + " (environment variable OPSCONSOLE_MASTER_KEY)");
            LOG.info("Secrets are sealed with master key {}, given in {}", keyId(key), KEY_PROPERTY);
            return key;
        }
        String data = context.getProperty(DATA_PROPERTY);
        Path file = Path.of(data == null || data.isBlank() ? "data" : data.trim(), "secrets", "master.key");
        byte[] key = MasterKeyFile.readOrCreate(file, random);
        LOG.info("Secrets are sealed with master key {}, from {}", keyId(key), file.toAbsolutePath());
        return key;
    }

    /**
     * Decodes a master key written as base64.
     *
     * @param text the base64 text
     * @param source where the text comes from, for the message
     * @return the 32 key bytes
     * @throws IllegalArgumentException when the text is not the base64 of 32 bytes; the message names the source
     *         and never shows the text
     */
    static byte[] decodeKey(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes a character of the key: it is not passed on
            throw new IllegalArgumentException(source + " is not base64; it must be the base64 of " + KEY_BYTES
                    + " random bytes, for example from 'openssl rand -base64 32'");
        }
        if (key.length != KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException(source + " holds " + length + " bytes; it must be the base64 of exactly "
                    + KEY_BYTES + " random bytes, for example from 'openssl rand -base64 32'");
        }
        return key;
    }
}
