package org.opsconsole.modules.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opsconsole.modules.internal.archive.ArchiveException.Kind;
import org.opsconsole.modules.internal.testing.Bundles;
import org.opsconsole.modules.internal.testing.Zips;
import org.osgi.framework.Version;

/** Reading uploads: what is accepted, what is refused, and that a refusal leaves nothing behind. */
class ArchiveReaderTest {

    private static final String REPORT_ID = "org.example:report:1.2.0";
    private static final String CHARTS_ID = "org.example.lib:charts:2.0.1";

    @TempDir
    Path temp;

    private final ArchiveReader reader = new ArchiveReader(ArchiveLimits.DEFAULTS);

    private Path work() {
        return temp.resolve("work");
    }

    private Path upload(byte[] bytes) {
        return Zips.write(temp.resolve("incoming/upload.tmp"), bytes);
    }

    private Upload read(byte[] bytes, String name) throws Exception {
        return reader.read(upload(bytes), name, work());
    }

    private ArchiveException refused(ArchiveReader with, byte[] bytes, String name, Kind kind) {
        ArchiveException e = assertThrows(ArchiveException.class, () -> with.read(upload(bytes), name, work()));
        assertEquals(kind, e.kind(), e.getMessage());
        assertFalse(Files.exists(work()), "a refused upload leaves nothing in the work folder");
        assertEquals(e.messageZh() + " / " + e.messageEn(), e.getMessage());
        return e;
    }

    private ArchiveException refused(byte[] bytes, String name, Kind kind) {
        return refused(reader, bytes, name, kind);
    }

    private static String feature(String extensions, String... bundleIds) {
        StringBuilder bundles = new StringBuilder();
        for (String id : bundleIds) {
            bundles.append(bundles.length() == 0 ? "" : ", ").append("{\"id\": \"").append(id).append("\", \"start-order\": 20}");
        }
        return "{\n  \"id\": \"org.example:report-feature:json:1.2.0\",\n  \"name\": \"报表\",\n  \"bundles\": [" + bundles + "]"
                + (extensions == null ? "" : ",\n  \"extensions\": " + extensions) + "\n}\n";
    }

    private static byte[] report() {
        return Bundles.bundle("org.example.report;singleton:=true", "1.2.0.202611");
    }

    private static byte[] charts() {
        return Bundles.bundle("org.example.charts", "2.0.1");
    }

    // ---- single bundle jars

    @Test
    void bundleJarIsCopiedAndDescribed() throws Exception {
        byte[] jar = report();
        Upload upload = read(jar, "report.jar");

        Upload.BundleJar single = assertInstanceOf(Upload.BundleJar.class, upload);
        BundleArtifact bundle = single.bundle();
        assertEquals(work().resolve("report.jar"), bundle.file());
        assertArrayEquals(jar, Files.readAllBytes(bundle.file()));
        assertEquals("report.jar", bundle.originalName());
        assertEquals(Zips.sha256(jar), bundle.sha256());
        assertEquals(jar.length, bundle.size());
        assertEquals("org.example.report", bundle.symbolicName());
        assertEquals(new Version(1, 2, 0, "202611"), bundle.version());
        assertEquals("org.example.report;singleton:=true", bundle.manifest().get("Bundle-SymbolicName"));
        assertEquals("org.osgi.framework;version=\"[1.10,2)\"", bundle.manifest().get("Import-Package"));
        assertEquals(List.of(bundle), upload.bundles());
        assertEquals(work(), upload.folder());
    }

    @Test
    void aWholePathSentAsTheNameCountsOnlyByItsLastPart() throws Exception {
        Upload upload = read(report(), "C:\\Users\\运维\\Desktop\\报表 模块.JAR");

        BundleArtifact bundle = upload.bundles().get(0);
        assertEquals("报表 模块.JAR", bundle.originalName());
        assertEquals(work().resolve("报表_模块.JAR"), bundle.file());
    }

    @Test
    void aBundleWithoutAVersionHasVersionZero() throws Exception {
        byte[] jar = Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.bare"), Map.of());

        assertEquals(Version.emptyVersion, read(jar, "bare.jar").bundles().get(0).version());
    }

    @Test
    void aJarThatIsNotABundleIsRefusedNamingTheFile() {
        byte[] jar = Bundles.jar(Bundles.manifest("Main-Class", "org.example.Tool"), Map.of("org/example/Tool.class", new byte[10]));

        ArchiveException e = refused(jar, "tool.jar", Kind.NOT_A_BUNDLE);
        assertTrue(e.messageEn().startsWith("tool.jar is not an OSGi bundle"), e.messageEn());
        assertTrue(e.messageZh().startsWith("tool.jar 不是 OSGi 模块"), e.messageZh());
    }

    @Test
    void aJarOfManifestVersionOneIsNotABundle() {
        byte[] jar = Bundles.jar(Bundles.manifest("Bundle-SymbolicName", "org.example.old"), Map.of());

        refused(jar, "old.jar", Kind.NOT_A_BUNDLE);
    }

    @Test
    void aJarWithoutManifestIsNotABundle() {
        refused(Bundles.jar(null, Map.of("a.txt", new byte[1])), "plain.jar", Kind.NOT_A_BUNDLE);
    }

    @Test
    void aBundleWithABadVersionIsRefused() {
        byte[] jar = Bundles.bundle("org.example.report", "1.2.x");

        ArchiveException e = refused(jar, "report.jar", Kind.NOT_A_BUNDLE);
        assertTrue(e.messageEn().contains("1.2.x"), e.messageEn());
    }

    @Test
    void aBundleWithABadSymbolicNameIsRefused() {
        refused(Bundles.bundle("org/example report", "1.0"), "report.jar", Kind.NOT_A_BUNDLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.exe", "report", ".jar", "report.jar.txt", ""})
    void onlyZipAndJarFilesAreAccepted(String name) {
        refused(report(), name, Kind.UNSUPPORTED_FILE);
    }

    @Test
    void anUploadLargerThanTheLimitIsRefusedBeforeAnythingIsWritten() {
        byte[] jar = report();
        ArchiveReader small = new ArchiveReader(new ArchiveLimits(jar.length - 1, 100, 1 << 20, 1 << 20, 100));

        ArchiveException e = refused(small, jar, "report.jar", Kind.UPLOAD_TOO_LARGE);
        assertTrue(e.messageEn().contains("larger than the upload limit"), e.messageEn());
    }

    @Test
    void anUploadOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] jar = report();
        ArchiveReader exact = new ArchiveReader(new ArchiveLimits(jar.length, 100, 1 << 20, 1 << 20, 100));

        assertEquals(1, exact.read(upload(jar), "report.jar", work()).bundles().size());
    }

    // ---- damaged and hostile zips

    @Test
    void bytesThatAreNoZipAreRefusedAsCorrupt() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);

        refused(noise, "report.jar", Kind.CORRUPT);
        refused(noise, "feature.zip", Kind.CORRUPT);
    }

    @Test
    void aTruncatedZipIsRefusedAsCorrupt() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("README.txt", "x".repeat(5000)).bytes();
        byte[] truncated = Arrays.copyOf(zip, zip.length - 30);

        refused(truncated, "feature.zip", Kind.CORRUPT);
    }

    @Test
    void anEntryWhoseBytesChangedIsRefusedByItsChecksum() {
        byte[] content = "content of the readme".repeat(10).getBytes(StandardCharsets.UTF_8);
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).stored("README.txt", content).bytes();
        int data = Zips.local(zip, "README.txt") + 30 + "README.txt".length();
        zip[data + 5] ^= 0x20;

        ArchiveException e = refused(zip, "feature.zip", Kind.CORRUPT);
        assertTrue(e.messageEn().contains("README.txt is damaged (its checksum does not match)"), e.messageEn());
    }

    @Test
    void dataBeforeTheArchiveIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).bytes();
        byte[] prefixed = new byte[zip.length + 64];
        System.arraycopy(zip, 0, prefixed, 64, zip.length);

        refused(prefixed, "feature.zip", Kind.CORRUPT);
    }

    @Test
    void dataAfterTheArchiveIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).bytes();

        refused(Arrays.copyOf(zip, zip.length + 10), "feature.zip", Kind.CORRUPT);
    }

    @Test
    void entriesSharingTheirDataAreRefused() {
        byte[] zip = Zips.zip().stored("a.txt", new byte[100]).stored("b.txt", new byte[100]).add(ArchiveReader.FEATURE_FILE, feature(null)).bytes();
        Zips.setCentral32(zip, "a.txt", Zips.CENTRAL_COMPRESSED_SIZE, 200);

        ArchiveException e = refused(zip, "feature.zip", Kind.CORRUPT);
        assertTrue(e.messageEn().contains("overlapping"), e.messageEn());
    }

    @Test
    void aLocalHeaderNamingAnotherFileIsRefused() {
        byte[] zip = Zips.zip().add("a.txt", "a").add(ArchiveReader.FEATURE_FILE, feature(null)).bytes();
        zip[Zips.local(zip, "a.txt") + 30] = 'z';

        ArchiveException e = refused(zip, "feature.zip", Kind.CORRUPT);
        assertTrue(e.messageEn().contains("local header"), e.messageEn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.jar", "lib/../../evil.jar", "/etc/cron.d/evil", "C:/Windows/evil.dll", "c:evil",
            "lib\\..\\evil.jar", "lib//evil.jar", "./feature.txt", "lib/./x", "evil.txt:stream", "bad\u0000name", ".."})
    void unsafeEntryNamesAreRefused(String name) {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add(name, "x").bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.UNSAFE_ENTRY_NAME);
        assertTrue(e.messageEn().contains("unsafe entry name"), e.messageEn());
        assertFalse(Files.exists(temp.resolve("evil.jar")));
    }

    @Test
    void anUnsafeNameInsideABundleJarIsRefusedToo() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../../outside.so", new byte[1]);
        byte[] jar = Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.nat"), entries);

        refused(jar, "native.jar", Kind.UNSAFE_ENTRY_NAME);
    }

    @Test
    void twoEntriesWithTheSameNameAreRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("a.txt", "first").add("b.txt", "second").bytes();
        Zips.rename(zip, "b.txt", "a.txt");

        ArchiveException e = refused(zip, "feature.zip", Kind.DUPLICATE_ENTRY);
        assertTrue(e.messageEn().contains("two entries named \"a.txt\""), e.messageEn());
    }

    @Test
    void aFolderAndAFileOfTheSameNameAreRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("lib/", new byte[0]).add("lib", "x").bytes();

        refused(zip, "feature.zip", Kind.DUPLICATE_ENTRY);
    }

    @Test
    void aFolderEntryGivenTwiceIsAccepted() throws Exception {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("docs/", new byte[0]).add("docs//", new byte[0]).bytes();

        assertInstanceOf(Upload.FeatureArchive.class, read(zip, "feature.zip"));
    }

    @Test
    void aFileAfterAFolderOfTheSameNameIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("lib//", new byte[0]).add("lib/", new byte[0])
                .add("lib", "x").bytes();

        refused(zip, "feature.zip", Kind.DUPLICATE_ENTRY);
    }

    @Test
    void aSymbolicLinkEntryIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("link", "/etc/passwd").bytes();
        Zips.setCentral16(zip, "link", Zips.CENTRAL_VERSION_MADE_BY, 3 << 8 | 20);
        Zips.setCentral32(zip, "link", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 0120777L << 16);

        ArchiveException e = refused(zip, "feature.zip", Kind.LINK_ENTRY);
        assertTrue(e.messageEn().contains("link is a symbolic link"), e.messageEn());
    }

    @Test
    void aFifoEntryIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("pipe", "").bytes();
        Zips.setCentral16(zip, "pipe", Zips.CENTRAL_VERSION_MADE_BY, 3 << 8 | 20);
        Zips.setCentral32(zip, "pipe", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 010644L << 16);

        refused(zip, "feature.zip", Kind.LINK_ENTRY);
    }

    @Test
    void aFolderWithTheImpossibleModeBitsOfOldMavenArchiversIsAccepted() throws Exception {
        // plexus-archiver wrote 0177777 for META-INF/maven/ in many jars still in use (commons-lang 2.6, plexus-utils)
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("META-INF/maven/", new byte[0]).bytes();
        Zips.setCentral16(zip, "META-INF/maven/", Zips.CENTRAL_VERSION_MADE_BY, 3 << 8 | 20);
        Zips.setCentral32(zip, "META-INF/maven/", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 0177777L << 16 | 0x10);

        assertInstanceOf(Upload.FeatureArchive.class, read(zip, "feature.zip"));
    }

    @Test
    void aWindowsReparsePointEntryIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("junction", "x").bytes();
        Zips.setCentral32(zip, "junction", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 0x400);

        refused(zip, "feature.zip", Kind.LINK_ENTRY);
    }

    @Test
    void plainUnixFilesAndFoldersAreAccepted() throws Exception {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("docs/", new byte[0]).add("docs/README", "x").bytes();
        Zips.setCentral16(zip, "docs/", Zips.CENTRAL_VERSION_MADE_BY, 3 << 8 | 20);
        Zips.setCentral32(zip, "docs/", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 040755L << 16);
        Zips.setCentral16(zip, "docs/README", Zips.CENTRAL_VERSION_MADE_BY, 3 << 8 | 20);
        Zips.setCentral32(zip, "docs/README", Zips.CENTRAL_EXTERNAL_ATTRIBUTES, 0100644L << 16);

        assertInstanceOf(Upload.FeatureArchive.class, read(zip, "feature.zip"));
    }

    // ---- zip bombs

    @Test
    void anEntryExpandingFarBeyondItsCompressedSizeIsStopped() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("zeros.bin", Zips.zeros(8 << 20)).bytes();
        assertTrue(zip.length < 100_000, "a small zip");

        ArchiveException e = refused(zip, "feature.zip", Kind.COMPRESSION_RATIO);
        assertTrue(e.messageEn().contains("zeros.bin expands to more than 100 times"), e.messageEn());
    }

    @Test
    void aSmallVeryCompressibleFileIsNotHeldToTheRatio() throws Exception {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("blank.txt", Zips.zeros(512 << 10)).bytes();

        assertInstanceOf(Upload.FeatureArchive.class, read(zip, "feature.zip"));
    }

    @Test
    void aSmallZipExpandingPastTheTotalLimitIsStopped() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 100, 3 << 20, 2 << 20, 100_000));
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("a.bin", Zips.zeros(2 << 20))
                .add("b.bin", Zips.zeros(2 << 20)).bytes();

        ArchiveException e = refused(limited, zip, "feature.zip", Kind.EXPANDS_TOO_MUCH);
        assertTrue(e.messageEn().contains("expands past the limit of 3 MB in all"), e.messageEn());
    }

    @Test
    void anEntryLyingAboutItsSizeIsStoppedByCountingNotAtItsEnd() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 100, 64 << 20, 1 << 20, 100_000));
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("liar.bin", Zips.zeros(32 << 20)).bytes();
        Zips.setCentral32(zip, "liar.bin", Zips.CENTRAL_UNCOMPRESSED_SIZE, 100);

        // declaring 100 bytes passes the early check on declared sizes; the count stops it at the limit, long before
        // its end, where the size mismatch (CORRUPT) would have been found
        ArchiveException e = refused(limited, zip, "feature.zip", Kind.ENTRY_TOO_LARGE);
        assertTrue(e.messageEn().contains("liar.bin expands past the limit of 1 MB for one file"), e.messageEn());
    }

    @Test
    void entriesLyingAboutTheirSizesAreStoppedByTheTotalCount() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 100, 3 << 20, 64 << 20, 100_000));
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("liar.bin", Zips.zeros(32 << 20)).bytes();
        Zips.setCentral32(zip, "liar.bin", Zips.CENTRAL_UNCOMPRESSED_SIZE, 100);

        refused(limited, zip, "feature.zip", Kind.EXPANDS_TOO_MUCH);
    }

    @Test
    void declaredSizesBeyondTheLimitAreRefusedBeforeInflating() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 100, 64 << 20, 1 << 20, 100_000));
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null)).add("big.bin", Zips.zeros((1 << 20) + 1)).bytes();

        refused(limited, zip, "feature.zip", Kind.ENTRY_TOO_LARGE);
    }

    @Test
    void tooManyEntriesAreRefused() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 10, 1 << 20, 1 << 20, 100));
        Zips.Builder builder = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null));
        for (int i = 0; i < 10; i++) {
            builder.add("empty-" + i, new byte[0]);
        }

        ArchiveException e = refused(limited, builder.bytes(), "feature.zip", Kind.TOO_MANY_ENTRIES);
        assertTrue(e.messageEn().contains("has 11 entries, more than the limit of 10"), e.messageEn());
    }

    @Test
    void theEntryLimitAppliesToEachBundleJar() {
        ArchiveReader limited = new ArchiveReader(new ArchiveLimits(1 << 20, 10, 1 << 20, 1 << 20, 100));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            entries.put("org/example/C" + i + ".class", new byte[1]);
        }
        byte[] jar = Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.report"), entries);
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID)).stored("report-1.2.0.jar", jar).bytes();

        ArchiveException e = refused(limited, zip, "feature.zip", Kind.TOO_MANY_ENTRIES);
        assertTrue(e.messageEn().startsWith("report-1.2.0.jar (feature.zip) has 21 entries"), e.messageEn());
    }

    @Test
    void aBombInsideABundleJarIsStopped() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("org/example/data.bin", Zips.zeros(16 << 20));
        byte[] jar = Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.report"), entries);

        ArchiveException e = refused(jar, "report.jar", Kind.COMPRESSION_RATIO);
        assertTrue(e.messageEn().contains("org/example/data.bin"), e.messageEn());
    }

    // ---- feature archives

    @Test
    void aFeatureArchiveYieldsItsFeatureAndBundlesInTheFeaturesOrder() throws Exception {
        byte[] report = report();
        byte[] charts = charts();
        byte[] zip = Zips.zip()
                .add(ArchiveReader.FEATURE_FILE, feature("{\"opsconsole-api\": {\"kind\": \"mandatory\", \"text\": [\"[1.0,2)\"]}}",
                        REPORT_ID, CHARTS_ID))
                .add("README.md", "# 报表")
                .add("org/", new byte[0])
                .stored("org/example/lib/charts/2.0.1/charts-2.0.1.jar", charts)
                .stored("report-1.2.0.jar", report)
                .bytes();

        Upload upload = read(zip, "report-feature-1.2.0.zip");

        Upload.FeatureArchive archive = assertInstanceOf(Upload.FeatureArchive.class, upload);
        assertEquals("org.example:report-feature:json:1.2.0", archive.feature().id().toString());
        assertEquals("[1.0.0,2.0.0)", archive.feature().apiRange().toString());
        assertEquals(work().resolve(ArchiveReader.FEATURE_FILE), archive.featureFile());
        assertTrue(Files.isRegularFile(archive.featureFile()));
        List<BundleArtifact> bundles = archive.bundles();
        assertEquals(List.of("org.example.report", "org.example.charts"), bundles.stream().map(BundleArtifact::symbolicName).toList());
        assertEquals("report-1.2.0.jar", bundles.get(0).originalName());
        assertEquals(work().resolve("report-1.2.0.jar"), bundles.get(0).file());
        assertEquals(Zips.sha256(report), bundles.get(0).sha256());
        assertEquals("org/example/lib/charts/2.0.1/charts-2.0.1.jar", bundles.get(1).originalName());
        assertEquals(work().resolve("org/example/lib/charts/2.0.1/charts-2.0.1.jar"), bundles.get(1).file());
        assertArrayEquals(charts, Files.readAllBytes(bundles.get(1).file()));
        assertEquals(Zips.sha256(charts), bundles.get(1).sha256());
        assertSame(bundles.get(1), archive.artifact(ArtifactId.parse(CHARTS_ID)));
        assertSame(bundles.get(1), archive.artifact(ArtifactId.parse("org.example.lib:charts:jar:2.0.1")));
        assertFalse(Files.exists(work().resolve("README.md")), "other files are checked, not extracted");
        try (Stream<Path> files = Files.walk(work())) {
            assertEquals(3, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void discardingAnUploadRemovesItsFolder() throws Exception {
        Upload upload = read(report(), "report.jar");

        upload.discard();

        assertFalse(Files.exists(work()));
    }

    @Test
    void aFeatureNamingAMissingBundleIsRefusedNamingIt() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID, CHARTS_ID))
                .stored("report-1.2.0.jar", report()).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.BUNDLE_MISSING);
        assertTrue(e.messageEn().contains("names the bundle " + CHARTS_ID + ", but feature.zip does not hold it"), e.messageEn());
        assertTrue(e.messageEn().contains("charts-2.0.1.jar at the root, or org/example/lib/charts/2.0.1/charts-2.0.1.jar"), e.messageEn());
        assertTrue(e.messageZh().contains(CHARTS_ID), e.messageZh());
    }

    @Test
    void aJarTheFeatureDoesNotNameIsRefusedNamingIt() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID))
                .stored("report-1.2.0.jar", report()).stored("extras/sneaky.jar", charts()).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.JAR_NOT_NAMED);
        assertTrue(e.messageEn().contains("feature.zip holds extras/sneaky.jar, which feature.json does not name"), e.messageEn());
    }

    @Test
    void aBundleInBothPlacesIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID))
                .stored("report-1.2.0.jar", report()).stored("org/example/report/1.2.0/report-1.2.0.jar", report()).bytes();

        refused(zip, "feature.zip", Kind.DUPLICATE_BUNDLE);
    }

    @Test
    void twoJarsOfTheSameBundleAndVersionAreRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID, "org.example:report-copy:1.2.0"))
                .stored("report-1.2.0.jar", report()).stored("report-copy-1.2.0.jar", report()).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.DUPLICATE_BUNDLE);
        assertTrue(e.messageEn().contains("org.example.report 1.2.0.202611"), e.messageEn());
    }

    @Test
    void aJarInAFeatureThatIsNotABundleIsRefusedNamingIt() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID))
                .stored("report-1.2.0.jar", Bundles.jar(Bundles.manifest(), Map.of())).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.NOT_A_BUNDLE);
        assertTrue(e.messageEn().startsWith("report-1.2.0.jar (feature.zip) is not an OSGi bundle"), e.messageEn());
    }

    @Test
    void aZipWithoutFeatureJsonIsRefused() {
        refused(Zips.zip().stored("report-1.2.0.jar", report()).bytes(), "feature.zip", Kind.FEATURE_INVALID);
    }

    @Test
    void aFeatureJsonInASubfolderIsRefusedWithAHint() {
        byte[] zip = Zips.zip().add("report-feature/" + ArchiveReader.FEATURE_FILE, feature(null)).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.FEATURE_INVALID);
        assertTrue(e.messageEn().contains("it is at report-feature/feature.json"), e.messageEn());
    }

    @Test
    void aMalformedApiRangeIsRefused() {
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE,
                feature("{\"opsconsole-api\": {\"kind\": \"mandatory\", \"text\": [\"[1.0,2\"]}}", REPORT_ID))
                .stored("report-1.2.0.jar", report()).bytes();

        ArchiveException e = refused(zip, "feature.zip", Kind.API_RANGE_INVALID);
        assertTrue(e.messageEn().contains("\"[1.0,2\" is malformed"), e.messageEn());
    }

    @Test
    void aBundleJarIsReadInPlace() throws Exception {
        Path jar = Zips.write(temp.resolve("system/report-1.2.0.jar"), report());

        BundleArtifact bundle = reader.readBundle(jar, "report-1.2.0.jar");

        assertEquals(jar, bundle.file());
        assertEquals(Zips.sha256(Files.readAllBytes(jar)), bundle.sha256());
        assertEquals("org.example.report", bundle.symbolicName());
    }

    // ---- the work folder

    @Test
    void aRefusalEmptiesAWorkFolderThatExistedButKeepsIt() throws Exception {
        Files.createDirectories(work());
        byte[] zip = Zips.zip().add(ArchiveReader.FEATURE_FILE, feature(null, REPORT_ID, CHARTS_ID))
                .stored("report-1.2.0.jar", report()).stored("charts-2.0.1.jar", Bundles.jar(Bundles.manifest(), Map.of())).bytes();

        ArchiveException e = assertThrows(ArchiveException.class, () -> reader.read(upload(zip), "feature.zip", work()));

        assertEquals(Kind.NOT_A_BUNDLE, e.kind());
        assertTrue(Files.isDirectory(work()));
        try (Stream<Path> content = Files.list(work())) {
            assertEquals(0, content.count(), "the extracted feature.json and jars are gone");
        }
    }

    @Test
    void aWorkFolderWithFilesInItIsNotUsed() throws Exception {
        Path other = Zips.write(work().resolve("another-upload.jar"), report());

        assertThrows(IllegalArgumentException.class, () -> reader.read(upload(report()), "report.jar", work()));

        assertTrue(Files.exists(other), "another upload's files are never touched");
    }

    @Test
    void theUploadItselfIsLeftAsItWas() throws Exception {
        byte[] jar = report();
        Path upload = upload(jar);

        reader.read(upload, "report.jar", work());

        assertArrayEquals(jar, Files.readAllBytes(upload));
        assertNotEquals(upload, work().resolve("report.jar"));
    }

    // ---- helpers

    @Test
    void safeNamesAreRelativePlainPaths() {
        assertTrue(ArchiveReader.isSafeName("feature.json"));
        assertTrue(ArchiveReader.isSafeName("org/example/report/1.0/report-1.0.jar"));
        assertTrue(ArchiveReader.isSafeName("docs/"));
        assertTrue(ArchiveReader.isSafeName("文档/说明.txt"));
        assertTrue(ArchiveReader.isSafeName("a..b/c...d"));
        assertTrue(ArchiveReader.isSafeName("webjars/lib/2.0.7//"), "a folder ending in two slashes, as some webjars have");
        assertFalse(ArchiveReader.isSafeName("docs//readme"));
        assertFalse(ArchiveReader.isSafeName("/"));
    }

    @Test
    void sizesAreShownForPeople() {
        assertEquals("200 MB", ArchiveReader.bytes(200L << 20));
        assertEquals("1.5 MB", ArchiveReader.bytes(3L << 19));
        assertEquals("4 KB", ArchiveReader.bytes(4096));
        assertEquals("10 B", ArchiveReader.bytes(10));
    }
}
