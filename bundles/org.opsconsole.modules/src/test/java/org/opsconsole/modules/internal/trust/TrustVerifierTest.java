package org.opsconsole.modules.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore.PrivateKeyEntry;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.modules.internal.testing.Bundles;
import org.opsconsole.modules.internal.testing.SigningKeys;
import org.opsconsole.modules.internal.testing.Zips;
import org.opsconsole.modules.internal.trust.TrustDecision.Basis;
import org.opsconsole.modules.internal.trust.TrustDecision.Signature;
import org.opsconsole.modules.internal.trust.TrustPolicy.Mode;

/** Trust decisions on real signed jars, signed here with keys made by keytool. */
class TrustVerifierTest {

    private static final String ACTIVATOR = "org/example/report/Activator.class";

    private static SigningKeys keys;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeKeys() {
        keys = SigningKeys.get();
    }

    private static byte[] bundle() {
        return Bundles.bundle("org.example.report", "1.2.0");
    }

    private static X509Certificate cert(PrivateKeyEntry key) {
        return SigningKeys.certificate(key);
    }

    private static TrustPolicy trusting(X509Certificate... anchors) {
        return new TrustPolicy(Mode.SIGNED_OR_ALLOWLISTED, List.of(anchors), Set.of());
    }

    private TrustDecision verify(TrustPolicy policy, Clock clock, byte[] jar) {
        Path file = Zips.write(temp.resolve("report.jar"), jar);
        return new TrustVerifier(policy, clock).verify(file, "report.jar", Zips.sha256(jar));
    }

    private TrustDecision verify(TrustPolicy policy, byte[] jar) {
        return verify(policy, Clock.systemUTC(), jar);
    }

    private static void assertRefused(TrustDecision decision, Signature signature) {
        assertFalse(decision.trusted(), decision.reason());
        assertEquals(Basis.NONE, decision.basis());
        assertEquals(signature, decision.signature(), decision.reason());
        assertTrue(decision.reasonEn().contains("report.jar"), decision.reasonEn());
        assertTrue(decision.reasonZh().contains("report.jar"), decision.reasonZh());
    }

    /** The jar's entries, changed, written again (the signature files are copied as they are). */
    private static byte[] rewrite(byte[] jar, Consumer<Map<String, byte[]>> change) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
            change.accept(entries);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    // ---- signatures

    @Test
    void aJarSignedByATrustedCertificateIsTrusted() throws Exception {
        TrustDecision decision = verify(trusting(cert(keys.trusted())), SigningKeys.sign(bundle(), keys.trusted()));

        assertTrue(decision.trusted(), decision.reason());
        assertEquals(Basis.SIGNATURE, decision.basis());
        assertEquals(Signature.TRUSTED, decision.signature());
        assertEquals("CN=Trusted Signer", decision.signerSubject());
        assertEquals(fingerprint(cert(keys.trusted())), decision.signerFingerprint());
        assertTrue(decision.signerFingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), decision.signerFingerprint());
        assertEquals("report.jar is signed by CN=Trusted Signer, trusted (certificate SHA-256 fingerprint "
                + decision.signerFingerprint() + ")", decision.reasonEn());
        assertFalse(decision.developmentMode());
    }

    @Test
    void aJarSignedByACertificateTheTrustedCaIssuedIsTrusted() {
        TrustDecision decision = verify(trusting(cert(keys.ca())), SigningKeys.sign(bundle(), keys.leaf()));

        assertTrue(decision.trusted(), decision.reason());
        assertEquals("CN=Module Signer", decision.signerSubject());
        assertTrue(decision.reasonEn().contains("trusted through CN=Bureau CA"), decision.reasonEn());
        assertTrue(decision.reasonZh().contains("经 CN=Bureau CA 信任"), decision.reasonZh());
    }

    @Test
    void aSignatureWithoutTheIssuersCertificateIsTrustedThroughTheTruststoresCa() {
        byte[] signed = SigningKeys.sign(bundle(), keys.leaf().getPrivateKey(), List.of(cert(keys.leaf())), "SIGNER");

        TrustDecision decision = verify(trusting(cert(keys.trusted()), cert(keys.ca())), signed);

        assertTrue(decision.trusted(), decision.reason());
        assertEquals(Basis.SIGNATURE, decision.basis());
    }

    @Test
    void aCertificateIssuedByATrustedCertificateThatIsNoCaIsRefused() {
        TrustPolicy policy = trusting(cert(keys.trusted()));

        assertRefused(verify(policy, SigningKeys.sign(bundle(), keys.sub())), Signature.UNTRUSTED_SIGNER);
        byte[] withoutIssuer = SigningKeys.sign(bundle(), keys.sub().getPrivateKey(), List.of(cert(keys.sub())), "SIGNER");
        assertRefused(verify(policy, withoutIssuer), Signature.UNTRUSTED_SIGNER);
    }

    @Test
    void aJarSignedByAnUntrustedKeyIsRefusedNamingTheSigner() throws Exception {
        TrustDecision decision = verify(trusting(cert(keys.trusted()), cert(keys.ca())), SigningKeys.sign(bundle(), keys.stranger()));

        assertRefused(decision, Signature.UNTRUSTED_SIGNER);
        assertEquals("CN=Stranger", decision.signerSubject());
        assertEquals(fingerprint(cert(keys.stranger())), decision.signerFingerprint());
        assertEquals("report.jar is signed by CN=Stranger (certificate SHA-256 fingerprint " + decision.signerFingerprint()
                + "), which is not trusted: the truststore holds neither its certificate nor one that issued it,"
                + " and it is not on the allow-list", decision.reasonEn());
        assertTrue(decision.reasonZh().startsWith("模块 report.jar 的签名者 CN=Stranger"), decision.reasonZh());
        assertTrue(decision.reasonZh().endsWith("，且不在允许清单中"), decision.reasonZh());
    }

    @Test
    void anEmptyTruststoreTrustsNoSignature() {
        assertRefused(verify(trusting(), SigningKeys.sign(bundle(), keys.trusted())), Signature.UNTRUSTED_SIGNER);
    }

    @Test
    void aJarSignedByATrustedAndAnUntrustedSignerIsTrusted() {
        byte[] twice = SigningKeys.sign(SigningKeys.sign(bundle(), keys.stranger().getPrivateKey(), List.of(cert(keys.stranger())), "OTHER"),
                keys.trusted());

        TrustDecision decision = verify(trusting(cert(keys.trusted())), twice);

        assertTrue(decision.trusted(), decision.reason());
        assertEquals("CN=Trusted Signer", decision.signerSubject());
    }

    // ---- tampering

    @Test
    void aSignedJarWithAnEntryAlteredAfterSigningIsRefused() {
        byte[] altered = rewrite(SigningKeys.sign(bundle(), keys.trusted()),
                entries -> entries.put(ACTIVATOR, "malicious class".getBytes(StandardCharsets.UTF_8)));

        TrustDecision decision = verify(trusting(cert(keys.trusted())), altered);

        assertRefused(decision, Signature.ALTERED);
        assertTrue(decision.reasonEn().startsWith("the content of report.jar was altered after signing (" + ACTIVATOR + ")"),
                decision.reasonEn());
        assertTrue(decision.reasonZh().startsWith("模块 report.jar 签名后内容被修改"), decision.reasonZh());
    }

    @Test
    void aSignedJarWithAlteredManifestHeadersIsRefused() {
        byte[] altered = rewrite(SigningKeys.sign(bundle(), keys.trusted()), entries -> {
            String manifest = new String(entries.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
            entries.put("META-INF/MANIFEST.MF", manifest.replaceFirst("\r\n", "\r\nBundle-Activator: org.example.Evil\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        });

        assertRefused(verify(trusting(cert(keys.trusted())), altered), Signature.ALTERED);
    }

    @Test
    void aSignedJarWithAnUnsignedEntryAddedIsRefused() {
        byte[] added = rewrite(SigningKeys.sign(bundle(), keys.trusted()),
                entries -> entries.put("org/example/report/Backdoor.class", new byte[] {1, 2, 3}));

        TrustDecision decision = verify(trusting(cert(keys.trusted())), added);

        assertRefused(decision, Signature.UNSIGNED_ENTRIES);
        assertEquals("files were added to report.jar after it was signed: org/example/report/Backdoor.class", decision.reasonEn());
    }

    @Test
    void entriesSignedByDifferentSignersAreRefusedEvenWhenBothAreTrusted() {
        byte[] one = SigningKeys.sign(Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.report"),
                Map.of("x/One.class", new byte[] {1})), keys.trusted());
        byte[] two = SigningKeys.sign(Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.report"),
                Map.of("x/Two.class", new byte[] {2})), keys.stranger().getPrivateKey(), List.of(cert(keys.stranger())), "OTHER");
        Map<String, byte[]> fromTwo = new LinkedHashMap<>();
        rewrite(two, fromTwo::putAll);
        byte[] merged = rewrite(one, entries -> {
            String manifestTwo = new String(fromTwo.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
            String sectionTwo = manifestTwo.substring(manifestTwo.indexOf("Name: x/Two.class"));
            entries.put("META-INF/MANIFEST.MF", (new String(entries.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8) + sectionTwo)
                    .getBytes(StandardCharsets.UTF_8));
            entries.put("META-INF/OTHER.SF", fromTwo.get("META-INF/OTHER.SF"));
            entries.put("META-INF/OTHER.EC", fromTwo.get("META-INF/OTHER.EC"));
            entries.put("x/Two.class", fromTwo.get("x/Two.class"));
        });

        TrustDecision decision = verify(trusting(cert(keys.trusted()), cert(keys.stranger())), merged);

        assertRefused(decision, Signature.SIGNERS_DIFFER);
    }

    @Test
    void signatureFilesCopiedOntoAnotherManifestAreRefusedAsAltered() {
        Map<String, byte[]> signed = new LinkedHashMap<>();
        rewrite(SigningKeys.sign(bundle(), keys.trusted()), signed::putAll);
        byte[] stripped = rewrite(bundle(), entries -> {
            entries.put("META-INF/SIGNER.SF", signed.get("META-INF/SIGNER.SF"));
            entries.put("META-INF/SIGNER.EC", signed.get("META-INF/SIGNER.EC"));
        });

        assertRefused(verify(trusting(cert(keys.trusted())), stripped), Signature.ALTERED);
    }

    @Test
    void aSignatureBlockThatCannotBeReadIsRefusedAsInvalidEvenInDevelopmentMode() {
        byte[] garbage = new byte[300];
        new Random(5).nextBytes(garbage);
        byte[] broken = rewrite(SigningKeys.sign(bundle(), keys.trusted()), entries -> entries.put("META-INF/SIGNER.EC", garbage));

        TrustDecision decision = verify(trusting(cert(keys.trusted())), broken);

        assertRefused(decision, Signature.INVALID);
        assertTrue(decision.reasonEn().startsWith("report.jar has signature files, but its signature is not valid"), decision.reasonEn());
        assertRefused(verify(new TrustPolicy(Mode.DEVELOPMENT, List.of(), Set.of()), Clock.systemUTC(), broken), Signature.INVALID);
    }

    @Test
    void aFileThatIsNoJarIsRefusedAsUnreadable() {
        byte[] noise = new byte[2048];
        new Random(3).nextBytes(noise);

        TrustDecision decision = verify(new TrustPolicy(Mode.DEVELOPMENT, List.of(), Set.of()), Clock.systemUTC(), noise);

        assertRefused(decision, Signature.UNREADABLE);
        assertTrue(decision.reasonEn().startsWith("report.jar cannot be read as a jar"), decision.reasonEn());
    }

    // ---- validity

    @Test
    void aJarSignedWithAnExpiredTrustedCertificateIsRefused() {
        TrustDecision decision = verify(trusting(cert(keys.expired())), SigningKeys.sign(bundle(), keys.expired()));

        assertRefused(decision, Signature.SIGNER_NOT_VALID);
        assertTrue(decision.reasonEn().startsWith("report.jar: the certificate of the signer CN=Expired Signer expired on "),
                decision.reasonEn());
        assertTrue(decision.reasonZh().contains("过期"), decision.reasonZh());
    }

    @Test
    void validityIsCheckedAtTheClocksTime() {
        X509Certificate certificate = cert(keys.trusted());
        byte[] signed = SigningKeys.sign(bundle(), keys.trusted());
        TrustPolicy policy = trusting(certificate);

        Clock later = Clock.fixed(certificate.getNotAfter().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        TrustDecision expired = verify(policy, later, signed);
        assertRefused(expired, Signature.SIGNER_NOT_VALID);
        assertTrue(expired.reasonEn().contains("expired on"), expired.reasonEn());

        Clock earlier = Clock.fixed(certificate.getNotBefore().toInstant().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        TrustDecision notYet = verify(policy, earlier, signed);
        assertRefused(notYet, Signature.SIGNER_NOT_VALID);
        assertTrue(notYet.reasonEn().contains("is not valid before"), notYet.reasonEn());

        assertTrue(verify(policy, Clock.fixed(certificate.getNotBefore().toInstant().plusSeconds(60), ZoneOffset.UTC), signed).trusted());
    }

    @Test
    void anExpiredCertificateInTheChainIsRefused() {
        X509Certificate leaf = cert(keys.leaf());
        Clock afterLeaf = Clock.fixed(leaf.getNotAfter().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);

        TrustDecision decision = verify(trusting(cert(keys.ca())), afterLeaf, SigningKeys.sign(bundle(), keys.leaf()));

        assertRefused(decision, Signature.SIGNER_NOT_VALID);
        assertTrue(decision.reasonEn().contains("the certificate of the signer CN=Module Signer expired on"), decision.reasonEn());
    }

    @Test
    void aCertificateForServersOnlyMayNotSignCode() {
        TrustDecision decision = verify(trusting(cert(keys.ca())), SigningKeys.sign(bundle(), keys.web()));

        assertRefused(decision, Signature.UNTRUSTED_SIGNER);
        assertTrue(decision.reasonEn().contains("is not for code signing"), decision.reasonEn());
    }

    // ---- allow-list and development mode

    @Test
    void anUnsignedJarOnTheAllowListIsTrusted() {
        byte[] jar = bundle();

        TrustDecision decision = verify(new TrustPolicy(Mode.SIGNED_OR_ALLOWLISTED, List.of(), Set.of(Zips.sha256(jar))), jar);

        assertTrue(decision.trusted(), decision.reason());
        assertEquals(Basis.ALLOW_LIST, decision.basis());
        assertEquals(Signature.UNSIGNED, decision.signature());
        assertEquals(Zips.sha256(jar), decision.sha256());
        assertEquals("the SHA-256 of report.jar (" + Zips.sha256(jar) + ") is on the allow-list", decision.reasonEn());
        assertNull(decision.signerSubject());
    }

    @Test
    void anUnsignedJarNotOnTheAllowListIsRefused() {
        byte[] jar = bundle();
        TrustPolicy policy = new TrustPolicy(Mode.SIGNED_OR_ALLOWLISTED, List.of(cert(keys.trusted())),
                Set.of(Zips.sha256(new byte[] {1})));

        TrustDecision decision = verify(policy, jar);

        assertRefused(decision, Signature.UNSIGNED);
        assertEquals("模块 report.jar 未签名，且不在允许清单中", decision.reasonZh());
        assertEquals("report.jar is not signed and not on the allow-list", decision.reasonEn());
        assertEquals("模块 report.jar 未签名，且不在允许清单中 / report.jar is not signed and not on the allow-list", decision.reason());
    }

    @Test
    void theAllowListPinsExactBytesWhateverTheirSignature() {
        byte[] altered = rewrite(SigningKeys.sign(bundle(), keys.stranger()), entries -> entries.put(ACTIVATOR, new byte[] {9}));

        TrustDecision decision = verify(new TrustPolicy(Mode.SIGNED_OR_ALLOWLISTED, List.of(), Set.of(Zips.sha256(altered))), altered);

        assertTrue(decision.trusted());
        assertEquals(Basis.ALLOW_LIST, decision.basis());
        assertEquals(Signature.ALTERED, decision.signature());
    }

    @Test
    void developmentModeAcceptsAnUnsignedJarAndSaysSo() {
        TrustDecision decision = verify(new TrustPolicy(Mode.DEVELOPMENT, List.of(), Set.of()), bundle());

        assertTrue(decision.trusted());
        assertTrue(decision.developmentMode());
        assertEquals(Basis.DEVELOPMENT_MODE, decision.basis());
        assertEquals(Signature.UNSIGNED, decision.signature());
        assertEquals("development mode: accepted although not trusted (report.jar is not signed)", decision.reasonEn());
        assertEquals("开发模式：已接受未经信任的模块（模块 report.jar 未签名）", decision.reasonZh());
    }

    @Test
    void developmentModeAcceptsAnUntrustedSignerAndSaysSo() {
        TrustDecision decision = verify(new TrustPolicy(Mode.DEVELOPMENT, List.of(cert(keys.trusted())), Set.of()),
                SigningKeys.sign(bundle(), keys.stranger()));

        assertTrue(decision.developmentMode());
        assertEquals(Signature.UNTRUSTED_SIGNER, decision.signature());
        assertEquals("CN=Stranger", decision.signerSubject());
    }

    @Test
    void developmentModeStillTrustsSignedJarsBySignature() {
        TrustDecision decision = verify(new TrustPolicy(Mode.DEVELOPMENT, List.of(cert(keys.trusted())), Set.of()),
                SigningKeys.sign(bundle(), keys.trusted()));

        assertEquals(Basis.SIGNATURE, decision.basis());
        assertFalse(decision.developmentMode());
    }

    @Test
    void developmentModeRefusesTamperedJars() {
        TrustPolicy development = new TrustPolicy(Mode.DEVELOPMENT, List.of(), Set.of());
        byte[] signed = SigningKeys.sign(bundle(), keys.trusted());

        assertRefused(verify(development, Clock.systemUTC(), rewrite(signed, entries -> entries.put(ACTIVATOR, new byte[] {9}))),
                Signature.ALTERED);
        assertRefused(verify(development, Clock.systemUTC(), rewrite(signed, entries -> entries.put("x/Added.class", new byte[] {9}))),
                Signature.UNSIGNED_ENTRIES);
    }

    // ---- helpers

    @Test
    void signatureFilesAreRecognizedAsTheJdkDoes() {
        for (String name : List.of("META-INF/MANIFEST.MF", "META-INF/SIGNER.SF", "meta-inf/signer.ec", "META-INF/A.RSA",
                "META-INF/A.DSA", "META-INF/SIG-A", "META-INF/SIG-A.P7S")) {
            assertTrue(TrustVerifier.isSigningRelated(name), name);
        }
        for (String name : List.of("META-INF/maven/pom.xml", "META-INF/services/x.SF", "META-INF/SIG-A.LONG", "META-INF/SIG-A.",
                "OSGI-INF/A.SF", "A.SF", "META-INF/INDEX.LIST")) {
            assertFalse(TrustVerifier.isSigningRelated(name), name);
        }
    }

    @Test
    void aDecisionIsTrustedExactlyWhenItHasABasis() {
        assertThrows(IllegalArgumentException.class,
                () -> new TrustDecision("a.jar", null, true, Basis.NONE, Signature.UNSIGNED, null, null, "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new TrustDecision("a.jar", null, false, Basis.ALLOW_LIST, Signature.UNSIGNED, null, null, "", ""));
    }

    @Test
    void theFixedClockIsUsedNotTheSystemClock() {
        // a certificate valid today is not valid in 2000: the verifier must use the clock it was given
        Clock y2k = Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC);

        assertRefused(verify(trusting(cert(keys.trusted())), y2k, SigningKeys.sign(bundle(), keys.trusted())),
                Signature.SIGNER_NOT_VALID);
    }
}
