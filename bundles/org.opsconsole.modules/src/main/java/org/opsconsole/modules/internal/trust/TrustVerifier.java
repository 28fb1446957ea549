package org.opsconsole.modules.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import javax.security.auth.x500.X500Principal;

import org.opsconsole.modules.internal.archive.BundleArtifact;
import org.opsconsole.modules.internal.trust.TrustDecision.Basis;
import org.opsconsole.modules.internal.trust.TrustDecision.Signature;
import org.opsconsole.modules.internal.trust.TrustPolicy.Mode;

/**
 * Decides whether a bundle jar may be installed, under a {@link TrustPolicy}.
 *
 * <h2>The signature</h2>
 * The jar is opened with JAR verification on and every entry is read to its end: that is when the JDK compares
 * each entry with the digest that was signed, and a mismatch means the content was altered after signing. Then
 * every entry but the signature files themselves ({@code META-INF/MANIFEST.MF}, {@code META-INF/*.SF},
 * {@code *.RSA}, {@code *.DSA}, {@code *.EC}, {@code SIG-*}) must be signed, and one signer must have signed all of
 * them: an unsigned entry in a signed jar was added after signing. That signer is trusted when its certificate is a
 * certificate of the truststore, or chains to one that is a CA (PKIX, without revocation checks: the console's
 * networks are usually closed); when every certificate from the signer's to the trusted one is valid at the
 * {@link Clock}'s now (the signing time and any timestamp are not taken into account: an expired signer must sign
 * again); and when the signer's certificate, if it states its uses, allows code signing.
 *
 * <h2>The decision</h2>
 * <ol>
 * <li>signed by a trusted signer: trusted, {@link Basis#SIGNATURE};</li>
 * <li>otherwise, the jar file's SHA-256 is on the allow-list: trusted, {@link Basis#ALLOW_LIST} (the hash pins the
 * exact bytes the operator vetted, whatever their signature says);</li>
 * <li>otherwise, in {@link Mode#DEVELOPMENT}: trusted, {@link Basis#DEVELOPMENT_MODE}, unless the jar carries a
 * signature that does not hold ({@link Signature#brokenSignature()}) or cannot be read;</li>
 * <li>otherwise refused, saying why.</li>
 * </ol>
 * Reading a jar fully is unbounded here: give it artifacts that {@code ArchiveReader} has checked against its
 * limits.
 *
 * <p>Thread-safe: a verifier holds only its immutable policy and clock.
 */
public final class TrustVerifier {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final TrustPolicy policy;
    private final Clock clock;
    private final Set<TrustAnchor> caAnchors = new HashSet<>();

    /**
     * @param policy what the installation trusts
     * @param clock the time certificates must be valid at
     */
    public TrustVerifier(TrustPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (X509Certificate anchor : policy.trustAnchors()) {
            if (anchor.getBasicConstraints() >= 0) {
                caAnchors.add(new TrustAnchor(anchor, null));
            }
        }
    }

    /** @return the policy this verifier applies */
    public TrustPolicy policy() {
        return policy;
    }

    /**
     * Decides on a jar that {@code ArchiveReader} read.
     *
     * @param artifact the jar
     * @return the decision
     */
    public TrustDecision verify(BundleArtifact artifact) {
        return verify(artifact.file(), artifact.originalName(), artifact.sha256());
    }

    /**
     * Decides on a jar.
     *
     * @param jar the jar file
     * @param name its name as the operator knows it, for the reasons
     * @param sha256 the SHA-256 of the file in lower-case hex, as computed when it was received
     * @return the decision
     */
    public TrustDecision verify(Path jar, String name, String sha256) {
        Check check = checkSignature(jar, name);
        String subject = check.signer == null ? null : check.signer.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String fingerprint = check.signer == null ? null : fingerprint(check.signer);
        if (check.signature == Signature.TRUSTED) {
            return new TrustDecision(name, sha256, true, Basis.SIGNATURE, check.signature, subject, fingerprint,
                    check.zh, check.en);
        }
        if (sha256 != null && policy.allowedSha256().contains(sha256)) {
            return new TrustDecision(name, sha256, true, Basis.ALLOW_LIST, check.signature, subject, fingerprint,
                    "模块 " + name + " 的 SHA-256（" + sha256 + "）在允许清单中",
                    "the SHA-256 of " + name + " (" + sha256 + ") is on the allow-list");
        }
        if (policy.mode() == Mode.DEVELOPMENT && !check.signature.brokenSignature() && check.signature != Signature.UNREADABLE) {
            return new TrustDecision(name, sha256, true, Basis.DEVELOPMENT_MODE, check.signature, subject, fingerprint,
                    "开发模式：已接受未经信任的模块（" + check.zh + "）",
                    "development mode: accepted although not trusted (" + check.en + ")");
        }
        if (check.signature == Signature.UNSIGNED) {
            return new TrustDecision(name, sha256, false, Basis.NONE, check.signature, null, null,
                    "模块 " + name + " 未签名，且不在允许清单中", name + " is not signed and not on the allow-list");
        }
        boolean allowListMatters = !check.signature.brokenSignature() && check.signature != Signature.UNREADABLE;
        return new TrustDecision(name, sha256, false, Basis.NONE, check.signature, subject, fingerprint,
                check.zh + (allowListMatters ? "，且不在允许清单中" : ""),
                check.en + (allowListMatters ? ", and it is not on the allow-list" : ""));
    }

    /** What the signature check found, with the signer it is about (null when none) and the reason. */
    private record Check(Signature signature, X509Certificate signer, String zh, String en) {
    }

    private Check checkSignature(Path file, String name) {
        Set<CodeSigner> common = null;
        List<String> unsigned = new ArrayList<>();
        boolean signatureFiles = false;
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            byte[] buffer = new byte[64 * 1024];
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                try (InputStream in = jar.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading to the end is what compares the entry with its signed digest
                    }
                } catch (SecurityException e) {
                    return altered(name, entry.getName(), e);
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (isSigningRelated(entry.getName())) {
                    signatureFiles |= !entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME);
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned.add(entry.getName());
                } else if (common == null) {
                    common = new LinkedHashSet<>(List.of(signers));
                } else {
                    common.retainAll(List.of(signers));
                }
            }
        } catch (SecurityException e) {
            return altered(name, null, e);
        } catch (IOException e) {
            return new Check(Signature.UNREADABLE, null, "模块 " + name + " 无法作为 jar 读取：" + e.getMessage(),
                    name + " cannot be read as a jar: " + e.getMessage());
        }
        if (common == null) {
            return signatureFiles
                    ? new Check(Signature.INVALID, null, "模块 " + name + " 带有签名文件，但签名无效（已损坏或使用了已停用的算法）",
                            name + " has signature files, but its signature is not valid (damaged, or made with a disabled algorithm)")
                    : new Check(Signature.UNSIGNED, null, "模块 " + name + " 未签名", name + " is not signed");
        }
        if (!unsigned.isEmpty()) {
            String list = String.join(", ", unsigned.subList(0, Math.min(5, unsigned.size()))) + (unsigned.size() > 5 ? " …" : "");
            return new Check(Signature.UNSIGNED_ENTRIES, null,
                    "模块 " + name + " 签名后又被加入了未签名的文件：" + list,
                    "files were added to " + name + " after it was signed: " + list);
        }
        if (common.isEmpty()) {
            return new Check(Signature.SIGNERS_DIFFER, null,
                    "模块 " + name + " 的文件由不同的签名者签名，没有一个签名者签署了全部文件",
                    "the files of " + name + " are signed by different signers; no one signer signed them all");
        }
        Check refusal = null;
        for (CodeSigner signer : common) {
            Check check = checkSigner(name, signer);
            if (check.signature == Signature.TRUSTED) {
                return check;
            }
            if (refusal == null || check.signature == Signature.SIGNER_NOT_VALID) {
                refusal = check;
            }
        }
        return refusal;
    }

    /** Whether the signer's certificate is, or chains to, a trust anchor, valid now, and may sign code. */
    private Check checkSigner(String name, CodeSigner signer) {
        List<X509Certificate> path = new ArrayList<>();
        signer.getSignerCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
        X509Certificate leaf = path.get(0);
        String who = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
        Date now = Date.from(clock.instant());
        int anchorIndex = -1;
        for (int i = 0; i < path.size() && anchorIndex < 0; i++) {
            if (policy.trustAnchors().contains(path.get(i))) {
                anchorIndex = i;
            }
        }
        X509Certificate anchor;
        if (anchorIndex == 0) {
            anchor = leaf;
        } else {
            Set<TrustAnchor> anchors = anchorIndex > 0 && path.get(anchorIndex).getBasicConstraints() >= 0
                    ? Set.of(new TrustAnchor(path.get(anchorIndex), null)) : anchorIndex > 0 ? Set.of() : caAnchors;
            List<X509Certificate> chain = anchorIndex > 0 ? path.subList(0, anchorIndex) : path;
            if (anchors.isEmpty()) {
                return untrusted(name, leaf, who);
            }
            try {
                PKIXParameters parameters = new PKIXParameters(anchors);
                parameters.setRevocationEnabled(false);
                parameters.setDate(now);
                PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
                anchor = result.getTrustAnchor().getTrustedCert();
            } catch (CertPathValidatorException e) {
                if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
                    int index = e.getIndex();
                    return notValid(name, leaf, who, index >= 0 && index < chain.size() ? chain.get(index) : leaf);
                }
                return untrusted(name, leaf, who);
            } catch (GeneralSecurityException e) {
                return untrusted(name, leaf, who);
            }
        }
        for (X509Certificate certificate : new X509Certificate[] {leaf, anchor}) {
            try {
                certificate.checkValidity(now);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return notValid(name, leaf, who, certificate);
            }
        }
        if (!mayVerifyCode(leaf)) {
            return new Check(Signature.UNTRUSTED_SIGNER, leaf,
                    "模块 " + name + " 的签名者 " + who + " 的证书不允许用于代码签名",
                    name + " is signed by " + who + ", whose certificate is not for code signing");
        }
        String through = anchor == leaf ? "" : anchor.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return new Check(Signature.TRUSTED, leaf,
                "模块 " + name + " 由受信任的 " + who + " 签名" + (through.isEmpty() ? "" : "（经 " + through + " 信任）")
                        + "，证书 SHA-256 指纹 " + fingerprint(leaf),
                name + " is signed by " + who + (through.isEmpty() ? ", trusted" : ", trusted through " + through)
                        + " (certificate SHA-256 fingerprint " + fingerprint(leaf) + ")");
    }

    private static boolean mayVerifyCode(X509Certificate leaf) {
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !(keyUsage.length > 0 && keyUsage[0])) {
            return false;
        }
        try {
            List<String> extended = leaf.getExtendedKeyUsage();
            return extended == null || extended.contains(CODE_SIGNING) || extended.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static Check untrusted(String name, X509Certificate leaf, String who) {
        return new Check(Signature.UNTRUSTED_SIGNER, leaf,
                "模块 " + name + " 的签名者 " + who + "（证书 SHA-256 指纹 " + fingerprint(leaf) + "）不受信任：信任库中没有它的证书或签发它的证书",
                name + " is signed by " + who + " (certificate SHA-256 fingerprint " + fingerprint(leaf)
                        + "), which is not trusted: the truststore holds neither its certificate nor one that issued it");
    }

    private Check notValid(String name, X509Certificate leaf, String who, X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        boolean expired = certificate.getNotAfter().toInstant().isBefore(clock.instant());
        String whose = certificate == leaf ? "签名者 " + who + " 的证书" : "签名者 " + who + " 的证书链中 " + subject + " 的证书";
        String whoseEn = certificate == leaf ? "the certificate of the signer " + who
                : "the certificate of " + subject + " in the chain of the signer " + who;
        return new Check(Signature.SIGNER_NOT_VALID, leaf,
                "模块 " + name + " 的" + whose + (expired ? "已于 " + DAY.format(certificate.getNotAfter().toInstant()) + " 过期"
                        : "要到 " + DAY.format(certificate.getNotBefore().toInstant()) + " 才生效"),
                name + ": " + whoseEn + (expired ? " expired on " + DAY.format(certificate.getNotAfter().toInstant())
                        : " is not valid before " + DAY.format(certificate.getNotBefore().toInstant())));
    }

    private static Check altered(String name, String entry, SecurityException e) {
        return new Check(Signature.ALTERED, null,
                "模块 " + name + " 签名后内容被修改" + (entry == null ? "" : "（" + entry + "）") + "：" + e.getMessage(),
                "the content of " + name + " was altered after signing" + (entry == null ? "" : " (" + entry + ")") + ": "
                        + e.getMessage());
    }

    /**
     * Whether the JDK treats an entry as part of the signature rather than as signed content; the same rule as
     * {@code sun.security.util.SignatureFileVerifier.isSigningRelated}, so that no entry the JDK leaves unchecked is
     * taken for signed, and no signature file is taken for an unsigned entry.
     */
    static boolean isSigningRelated(String entryName) {
        String name = entryName.toUpperCase(Locale.ENGLISH);
        if (!name.startsWith("META-INF/")) {
            return false;
        }
        name = name.substring("META-INF/".length());
        if (name.indexOf('/') >= 0) {
            return false;
        }
        if (name.equals("MANIFEST.MF") || name.endsWith(".SF") || name.endsWith(".DSA") || name.endsWith(".RSA")
                || name.endsWith(".EC")) {
            return true;
        }
        if (!name.startsWith("SIG-")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        String extension = name.substring(dot + 1);
        return !extension.isEmpty() && extension.length() <= 3 && extension.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }

    /** The SHA-256 of a certificate as {@code keytool -list} shows it: {@code AB:CD:...}. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot take the fingerprint of " + certificate.getSubjectX500Principal(), e);
        }
    }
}
