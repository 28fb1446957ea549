package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.launcher.FeatureCheck;
import org.opsconsole.launcher.FeatureRepository;

/** Every feature of the distribution resolves against the target platform; a broken one is named with its cause. */
class FeaturesResolveTest {

    @Test
    void everyFeatureInTheDistributionResolves(@TempDir Path scratch) throws Exception {
        Path system = Distribution.home().resolve("system");
        List<String> ids = featureIds(system);
        assertTrue(ids.size() >= 2, "the distribution holds the platform and core features: " + ids);
        List<String> problems = FeatureCheck.check(new FeatureRepository(system), ids, scratch);
        assertEquals(List.of(), problems, "features that do not resolve");
    }

    @Test
    void aBundleWithAMissingImportIsNamedWithThePackage(@TempDir Path repo, @TempDir Path scratch) throws Exception {
        writeBundle(repo.resolve("org/example/broken/1.0.0/broken-1.0.0.jar"), "org.example.broken",
                "org.example.nowhere;version=\"[2.0,3)\"");
        writeFeature(repo.resolve("org/example/f/1.0.0/f-1.0.0.json"), "org.example:f:json:1.0.0",
                "org.example:broken:1.0.0");

        List<String> problems = FeatureCheck.check(new FeatureRepository(repo), List.of("org.example:f:json:1.0.0"), scratch);

        assertEquals(1, problems.size(), problems::toString);
        String problem = problems.get(0);
        assertTrue(problem.contains("org.example.broken"), problem);
        assertTrue(problem.contains("org.example.nowhere"), problem);
    }

    @Test
    void aFeatureNamingAMissingBundleIsReported(@TempDir Path repo, @TempDir Path scratch) throws Exception {
        writeFeature(repo.resolve("org/example/f/1.0.0/f-1.0.0.json"), "org.example:f:json:1.0.0",
                "org.example:absent:1.0.0");

        List<String> problems = FeatureCheck.check(new FeatureRepository(repo), List.of("org.example:f:json:1.0.0"), scratch);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("org.example:absent:1.0.0") && problems.get(0).contains("missing"), problems.get(0));
    }

    static List<String> featureIds(Path system) throws IOException {
        Path features = system.resolve("org/opsconsole/features");
        try (Stream<Path> files = Files.walk(features)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(f -> {
                Path version = f.getParent();
                Path artifact = version.getParent();
                return "org.opsconsole.features:" + artifact.getFileName() + ":json:" + version.getFileName();
            }).sorted().toList();
        }
    }

    static void writeBundle(Path file, String symbolicName, String imports) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", imports);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    static void writeFeature(Path file, String id, String bundle) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                { "feature-resource-version": "1.0", "id": "%s", "bundles": [ { "id": "%s" } ] }
                """.formatted(id, bundle), StandardCharsets.UTF_8);
        assertFalse(Files.size(file) == 0);
    }
}
