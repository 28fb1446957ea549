package org.opsconsole.api.secrets;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seals and opens secrets with the installation's master key (AES-256-GCM). A sealed value is text, safe to
 * store in a table or a configuration: {@value #PREFIX}{@code <key id>:<base64 of nonce and ciphertext>}.
 * Sealing the same secret twice gives two different texts; a sealed text that was changed does not open.
 *
 * <p>Modules never hand a secret back to a browser: their APIs say only whether one is set.
 * Provided by the core; thread-safe.
 */
@ProviderType
public interface SecretBox {

    /** The start of every sealed value. */
    String PREFIX = "sealed:";

    /**
     * Seals a secret.
     *
     * @param secret the secret in plain text, not null
     * @return the sealed text
     */
    String seal(String secret);

    /**
     * Opens a sealed text; a text that is not sealed (for example, a password an operator typed into a
     * configuration file) is returned as it is, so both can be read the same way.
     *
     * @param value a sealed text, or plain text
     * @return the secret in plain text
     * @throws IllegalArgumentException when a sealed text was changed or sealed with another key
     */
    String open(String value);

    /**
     * Tells whether a value is sealed.
     *
     * @param value any text, or null
     * @return true when the value starts with {@value #PREFIX}
     */
    default boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }
}
