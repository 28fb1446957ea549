package org.opsconsole.modules.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.archive.ArchiveLimits;
import org.opsconsole.modules.internal.archive.ArchiveReader;
import org.opsconsole.modules.internal.archive.Upload;
import org.opsconsole.modules.internal.testing.Bundles;
import org.opsconsole.modules.internal.testing.SigningKeys;
import org.opsconsole.modules.internal.testing.Zips;
import org.opsconsole.modules.internal.trust.TrustDecision.Basis;
import org.opsconsole.modules.internal.trust.TrustPolicy.Mode;

/** The way in: an upload comes out only with every bundle trusted, and a refusal leaves nothing behind. */
class TrustedUploadReaderTest {

    private static final String FEATURE = """
            {
              "id": "org.example:report-feature:json:1.2.0",
              "bundles": [{"id": "org.example:report:1.2.0"}, {"id": "org.example:charts:2.0.1"}],
              "extensions": {"opsconsole-api": {"kind": "mandatory", "text": ["[1.0,2)"]}}
            }
            """;

    private static SigningKeys keys;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeKeys() {
        keys = SigningKeys.get();
    }

    private TrustedUploadReader reader(Mode mode) {
        TrustPolicy policy = new TrustPolicy(mode, List.of(SigningKeys.certificate(keys.ca())), Set.of());
        return new TrustedUploadReader(new ArchiveReader(ArchiveLimits.DEFAULTS), new TrustVerifier(policy, Clock.systemUTC()));
    }

    private Path work() {
        return temp.resolve("work");
    }

    private Path archive(byte[] charts) {
        return Zips.zip().add(ArchiveReader.FEATURE_FILE, FEATURE)
                .stored("report-1.2.0.jar", SigningKeys.sign(Bundles.bundle("org.example.report", "1.2.0"), keys.leaf()))
                .stored("charts-2.0.1.jar", charts)
                .write(temp.resolve("upload.tmp"));
    }

    @Test
    void aFeatureWhoseBundlesAreAllSignedByTheBureausCaIsTrusted() throws Exception {
        Path upload = archive(SigningKeys.sign(Bundles.bundle("org.example.charts", "2.0.1"), keys.leaf()));

        TrustedUploadReader.TrustedUpload trusted = reader(Mode.SIGNED_OR_ALLOWLISTED).read(upload, "report.zip", work());

        assertTrue(trusted.upload() instanceof Upload.FeatureArchive);
        assertEquals(List.of(Basis.SIGNATURE, Basis.SIGNATURE), trusted.decisions().stream().map(TrustDecision::basis).toList());
        assertEquals(List.of("report-1.2.0.jar", "charts-2.0.1.jar"), trusted.decisions().stream().map(TrustDecision::artifact).toList());
        assertEquals(trusted.upload().bundles().get(1).sha256(), trusted.decisions().get(1).sha256());
        assertFalse(trusted.developmentMode());
        assertTrue(Files.isRegularFile(work().resolve("charts-2.0.1.jar")), "a trusted upload keeps its files");
    }

    @Test
    void oneUnsignedBundleRefusesTheWholeFeatureAndLeavesNothing() {
        Path upload = archive(Bundles.bundle("org.example.charts", "2.0.1"));

        UntrustedUploadException e = assertThrows(UntrustedUploadException.class,
                () -> reader(Mode.SIGNED_OR_ALLOWLISTED).read(upload, "report.zip", work()));

        assertEquals(2, e.decisions().size());
        assertEquals(1, e.refused().size());
        assertEquals("charts-2.0.1.jar is not signed and not on the allow-list", e.messageEn());
        assertEquals("模块 charts-2.0.1.jar 未签名，且不在允许清单中", e.messageZh());
        assertEquals(e.messageZh() + " / " + e.messageEn(), e.getMessage());
        assertFalse(Files.exists(work()), "a refused upload leaves nothing in the work folder");
    }

    @Test
    void developmentModeLetsAnUnsignedBundleInAndSaysSo() throws Exception {
        Path upload = Zips.write(temp.resolve("upload.tmp"), Bundles.bundle("org.example.charts", "2.0.1"));

        TrustedUploadReader.TrustedUpload trusted = reader(Mode.DEVELOPMENT).read(upload, "charts.jar", work());

        assertTrue(trusted.developmentMode());
        assertEquals(Basis.DEVELOPMENT_MODE, trusted.decisions().get(0).basis());
    }

    @Test
    void aBadArchiveIsRefusedBeforeAnyTrustCheck() {
        Path upload = Zips.zip().add("../evil.jar", "x").write(temp.resolve("upload.tmp"));

        ArchiveException e = assertThrows(ArchiveException.class,
                () -> reader(Mode.DEVELOPMENT).read(upload, "report.zip", work()));

        assertEquals(ArchiveException.Kind.UNSAFE_ENTRY_NAME, e.kind());
        assertFalse(Files.exists(work()));
    }
}
