package org.opsconsole.modules.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the installation trusts: which code may be installed.
 *
 * <ul>
 * <li>{@link Mode#SIGNED_OR_ALLOWLISTED} (the default): a bundle jar is installed only when it is signed (standard
 * JAR signing) by a certificate of the truststore, or by a certificate that chains to one, valid today; or when the
 * SHA-256 of the jar file is on the allow-list.</li>
 * <li>{@link Mode#DEVELOPMENT}: unsigned jars, and jars signed by keys the truststore does not hold, are installed
 * too, and every decision says so. Jars whose signature does not hold (changed after signing, partly signed, or
 * invalid) are refused even then.</li>
 * </ul>
 *
 * <p>The truststore is a PKCS12 file; its trusted certificates are the trust anchors (the certificate of a key
 * entry counts too, so a developer's own keystore can be used as it is). The allow-list is a UTF-8 text file with one
 * SHA-256 (64 hex digits, any case) per line; {@code #} starts a comment, blank lines are skipped, and what follows
 * the hash on a line is ignored, so that the output of {@code sha256sum *.jar} can be used as it is.
 *
 * <p>Immutable.
 *
 * @param mode how strict installing is
 * @param trustAnchors the trusted certificates
 * @param allowedSha256 the SHA-256 hashes of the jar files allowed without a signature, lower-case hex
 */
public record TrustPolicy(Mode mode, List<X509Certificate> trustAnchors, Set<String> allowedSha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** How strict installing is. */
    public enum Mode {
        /** Signed by a trusted key, or on the allow-list; anything else is refused. */
        SIGNED_OR_ALLOWLISTED,
        /** Untrusted code is accepted and marked as such; for development installations only. */
        DEVELOPMENT;

        /**
         * @param text the mode's name, any case; null or blank for the default
         * @return the mode
         * @throws IllegalArgumentException naming the modes when the text is none of them
         */
        public static Mode parse(String text) {
            if (text == null || text.isBlank()) {
                return SIGNED_OR_ALLOWLISTED;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the trust mode '" + text + "' is neither SIGNED_OR_ALLOWLISTED nor DEVELOPMENT", e);
            }
        }
    }

    /**
     * Checks the values; the lists become unmodifiable.
     *
     * @throws IllegalArgumentException when a hash is not 64 lower-case hex digits
     */
    public TrustPolicy {
        Objects.requireNonNull(mode, "mode");
        trustAnchors = List.copyOf(trustAnchors);
        allowedSha256 = Collections.unmodifiableSet(new LinkedHashSet<>(allowedSha256));
        for (String hash : allowedSha256) {
            if (!SHA256.matcher(hash).matches()) {
                throw new IllegalArgumentException("'" + hash + "' is not a SHA-256 in lower-case hex");
            }
        }
    }

    /**
     * Reads a policy from its files.
     *
     * @param mode how strict installing is
     * @param truststore the PKCS12 truststore, or null for none
     * @param password the truststore's password, or null (or empty) for a truststore without one
     * @param allowList the allow-list file, or null for none
     * @return the policy
     * @throws IllegalArgumentException naming the file and what is wrong with it: missing, not PKCS12, wrong
     *         password, a line that is not a hash
     */
    public static TrustPolicy load(Mode mode, Path truststore, char[] password, Path allowList) {
        return new TrustPolicy(mode, truststore == null ? List.of() : readTruststore(truststore, password),
                allowList == null ? Set.of() : readAllowList(allowList));
    }

    /**
     * The certificates of a PKCS12 truststore.
     *
     * @param file the truststore
     * @param password its password, or null (or empty) for none
     * @return its certificates, trusted-certificate entries and the certificates of key entries
     * @throws IllegalArgumentException naming the file when it cannot be read, is not PKCS12, the password is wrong,
     *         or it holds certificates that cannot be read without a password
     */
    public static List<X509Certificate> readTruststore(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null || password.length == 0 ? null : password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the truststore " + file + " cannot be read (missing, not a PKCS12 file, or the"
                    + " wrong password): " + e.getMessage(), e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate == null) {
                    throw new IllegalArgumentException("the truststore " + file + " holds the entry '" + alias
                            + "', which cannot be read without the truststore's password");
                }
                if (certificate instanceof X509Certificate x509 && !certificates.contains(x509)) {
                    certificates.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the truststore " + file + " cannot be read: " + e.getMessage(), e);
        }
        return certificates;
    }

    /**
     * The hashes of an allow-list file.
     *
     * @param file the allow-list
     * @return the hashes, lower-case
     * @throws IllegalArgumentException naming the file and line that is not a hash, or when it cannot be read
     */
    public static Set<String> readAllowList(Path file) {
        try {
            return parseAllowList(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("the allow-list " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The hashes of an allow-list's lines.
     *
     * @param lines the lines
     * @param source how to name the list in messages
     * @return the hashes, lower-case
     * @throws IllegalArgumentException naming the line that is not a hash
     */
    public static Set<String> parseAllowList(List<String> lines, String source) {
        Set<String> hashes = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String content = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (i == 0 && content.startsWith("\uFEFF")) {
                content = content.substring(1).strip();
            }
            if (content.isEmpty()) {
                continue;
            }
            String hash = content.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(hash).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the allow-list " + source
                        + " does not start with a SHA-256 (64 hex digits): " + content);
            }
            hashes.add(hash);
        }
        return hashes;
    }
}
