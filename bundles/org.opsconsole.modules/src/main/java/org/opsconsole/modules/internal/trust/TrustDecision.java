package org.opsconsole.modules.internal.trust;

import java.util.Objects;

/**
 * Whether one bundle jar may be installed, how that was decided, and why, in words for the operator and the audit
 * trail (Chinese and English). Immutable.
 *
 * @param artifact the jar's name as the operator knows it
 * @param sha256 the SHA-256 of the jar file, lower-case hex
 * @param trusted whether it may be installed
 * @param basis what it was accepted on; {@link Basis#NONE} when refused
 * @param signature what checking its signature found (also when it was accepted on another basis)
 * @param signerSubject the subject of the signer's certificate, when the jar is signed; null otherwise
 * @param signerFingerprint the SHA-256 fingerprint of the signer's certificate in {@code keytool}'s form
 *        ({@code AB:CD:...}), when the jar is signed; null otherwise
 * @param reasonZh the decision in Chinese, naming the jar (and the signer, the certificate or the altered file)
 * @param reasonEn the same in English
 */
public record TrustDecision(String artifact, String sha256, boolean trusted, Basis basis, Signature signature,
        String signerSubject, String signerFingerprint, String reasonZh, String reasonEn) {

    /** What a jar was accepted on. */
    public enum Basis {
        /** Signed by a certificate of the truststore, or one that chains to it. */
        SIGNATURE,
        /** Its SHA-256 is on the allow-list. */
        ALLOW_LIST,
        /** Neither, but the installation is in development mode. */
        DEVELOPMENT_MODE,
        /** Refused. */
        NONE
    }

    /** What checking a jar's signature found. */
    public enum Signature {
        /** Every entry signed, by one signer the truststore trusts, whose certificates are valid now. */
        TRUSTED,
        /** Not signed at all. */
        UNSIGNED,
        /** Signed by a certificate the truststore does not hold and that does not chain to one (or not for code). */
        UNTRUSTED_SIGNER,
        /** Signed by a trusted certificate that has expired or is not yet valid (or whose chain has). */
        SIGNER_NOT_VALID,
        /** Signature files are present but sign none of the jar's files (broken, or a disabled algorithm). */
        INVALID,
        /** An entry does not match its signed digest: the jar was changed after signing. */
        ALTERED,
        /** Some entries are signed and others not: files were added after signing. */
        UNSIGNED_ENTRIES,
        /** No one signer signed every entry. */
        SIGNERS_DIFFER,
        /** The jar cannot be read as a jar. */
        UNREADABLE;

        /**
         * @return whether the jar carries a signature that does not hold: changed after signing ({@link #ALTERED},
         *         {@link #UNSIGNED_ENTRIES}, {@link #SIGNERS_DIFFER}) or not valid at all ({@link #INVALID}). Such a jar
         *         is refused even in development mode (unless its exact bytes are on the allow-list).
         */
        public boolean brokenSignature() {
            return this == ALTERED || this == UNSIGNED_ENTRIES || this == SIGNERS_DIFFER || this == INVALID;
        }
    }

    /** Checks that a decision is consistent: trusted exactly when it has a basis. */
    public TrustDecision {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(signature, "signature");
        if (trusted == (basis == Basis.NONE)) {
            throw new IllegalArgumentException("a decision is trusted exactly when it has a basis, not " + trusted + " with " + basis);
        }
    }

    /** @return the reason in both languages, {@code "中文 / English"} */
    public String reason() {
        return reasonZh + " / " + reasonEn;
    }

    /** @return whether it was accepted only because the installation is in development mode */
    public boolean developmentMode() {
        return basis == Basis.DEVELOPMENT_MODE;
    }
}
