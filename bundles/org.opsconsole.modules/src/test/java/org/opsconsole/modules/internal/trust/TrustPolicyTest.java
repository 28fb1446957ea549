package org.opsconsole.modules.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.modules.internal.testing.SigningKeys;
import org.opsconsole.modules.internal.trust.TrustPolicy.Mode;

class TrustPolicyTest {

    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    private static SigningKeys keys;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeKeys() {
        keys = SigningKeys.get();
    }

    @Test
    void theAllowListSkipsCommentsAndBlankLinesAndAcceptsSha256sumOutput() {
        Set<String> hashes = TrustPolicy.parseAllowList(List.of(
                "\uFEFF# modules the bureau vetted",
                "",
                A + "   # report 1.2.0",
                B.toUpperCase() + "  charts-2.0.1.jar",
                "   ",
                A), "allow.txt");

        assertEquals(Set.of(A, B), hashes);
    }

    @Test
    void aLineThatIsNoHashIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustPolicy.parseAllowList(List.of("# ok", A, "abc123  short.jar"), "allow.txt"));

        assertTrue(e.getMessage().startsWith("line 3 of the allow-list allow.txt does not start with a SHA-256"), e.getMessage());
    }

    @Test
    void theAllowListIsReadFromItsFile() throws Exception {
        Path file = Files.writeString(temp.resolve("allow.txt"), "# 允许清单\n" + A + "\n", StandardCharsets.UTF_8);

        assertEquals(Set.of(A), TrustPolicy.readAllowList(file));
        assertThrows(IllegalArgumentException.class, () -> TrustPolicy.readAllowList(temp.resolve("missing.txt")));
    }

    @Test
    void theTruststoresCertificatesAreTheAnchors() throws Exception {
        Path file = temp.resolve("truststore.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("bureau-ca", SigningKeys.certificate(keys.ca()));
        store.setCertificateEntry("vendor", SigningKeys.certificate(keys.trusted()));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }

        List<X509Certificate> anchors = TrustPolicy.readTruststore(file, "secret".toCharArray());

        assertEquals(Set.of(SigningKeys.certificate(keys.ca()), SigningKeys.certificate(keys.trusted())), Set.copyOf(anchors));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> TrustPolicy.readTruststore(file, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().startsWith("the truststore " + file + " cannot be read"), wrong.getMessage());
    }

    @Test
    void theCertificatesOfKeyEntriesCountToo() {
        List<X509Certificate> anchors = TrustPolicy.readTruststore(keys.keystore("trusted"), SigningKeys.PASSWORD);

        assertEquals(Set.of(SigningKeys.certificate(keys.trusted()), SigningKeys.certificate(keys.sub())), Set.copyOf(anchors));
    }

    @Test
    void aTruststoreWithoutPasswordIsReadWithoutOne() throws Exception {
        Path certificate = Files.write(temp.resolve("ca.cer"), SigningKeys.certificate(keys.ca()).getEncoded());
        Path file = temp.resolve("open.p12");
        SigningKeys.keytool(List.of("-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE",
                "-importcert", "-noprompt", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "bureau-ca", "-file", certificate.toString()));

        assertEquals(List.of(SigningKeys.certificate(keys.ca())), TrustPolicy.readTruststore(file, null));
        assertEquals(List.of(SigningKeys.certificate(keys.ca())), TrustPolicy.readTruststore(file, new char[0]));
    }

    @Test
    void aProtectedTruststoreReadWithoutPasswordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustPolicy.readTruststore(keys.keystore("trusted"), null));

        assertTrue(e.getMessage().contains("cannot be read without the truststore's password"), e.getMessage());
    }

    @Test
    void aMissingTruststoreIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrustPolicy.readTruststore(temp.resolve("missing.p12"), null));
    }

    @Test
    void aPolicyIsLoadedFromItsFiles() throws Exception {
        Path allow = Files.writeString(temp.resolve("allow.txt"), B + "\n");

        TrustPolicy policy = TrustPolicy.load(Mode.DEVELOPMENT, keys.keystore("ca"), SigningKeys.PASSWORD, allow);

        assertEquals(Mode.DEVELOPMENT, policy.mode());
        assertEquals(3, policy.trustAnchors().size());
        assertEquals(Set.of(B), policy.allowedSha256());
        assertEquals(new TrustPolicy(Mode.SIGNED_OR_ALLOWLISTED, List.of(), Set.of()),
                TrustPolicy.load(Mode.SIGNED_OR_ALLOWLISTED, null, null, null));
    }

    @Test
    void hashesInAPolicyAreLowerCaseHex() {
        assertThrows(IllegalArgumentException.class, () -> new TrustPolicy(Mode.DEVELOPMENT, List.of(), Set.of(A.toUpperCase())));
    }

    @Test
    void modesAreParsedFromConfiguration() {
        assertEquals(Mode.SIGNED_OR_ALLOWLISTED, Mode.parse(null));
        assertEquals(Mode.SIGNED_OR_ALLOWLISTED, Mode.parse(" "));
        assertEquals(Mode.DEVELOPMENT, Mode.parse(" development "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("lenient"));
        assertTrue(e.getMessage().contains("SIGNED_OR_ALLOWLISTED"), e.getMessage());
    }
}
