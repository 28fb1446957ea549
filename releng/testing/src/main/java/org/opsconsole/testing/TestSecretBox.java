package org.opsconsole.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.opsconsole.api.secrets.SecretBox;

/**
 * A secret box for tests: the secret scrambled and in base64, so that a sealed value never contains the secret, and a
 * value sealed by another box does not open. Not encryption: never use it outside tests.
 */
public final class TestSecretBox implements SecretBox {

    private static final String OURS = PREFIX + "test:";

    @Override
    public String seal(String secret) {
        return OURS + Base64.getEncoder().encodeToString(scramble(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        if (!value.startsWith(OURS)) {
            throw new IllegalArgumentException("sealed with another key");
        }
        return new String(scramble(Base64.getDecoder().decode(value.substring(OURS.length()))), StandardCharsets.UTF_8);
    }

    private static byte[] scramble(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) (bytes[i] ^ 0x5a);
        }
        return out;
    }
}
