package org.opsconsole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.feature.Feature;

class FeatureRepositoryTest {

    @TempDir
    Path repo;

    @Test
    void theClosurePutsEveryFeatureAfterTheOnesItNeedsAndEachOnce() throws Exception {
        feature("base", List.of());
        feature("middle", List.of("base"));
        feature("top", List.of("middle", "base"));

        List<Feature> closure = new FeatureRepository(repo).closure(List.of("g:top:json:1", "g:base:json:1"));

        assertEquals(List.of("base", "middle", "top"), closure.stream().map(f -> f.getID().getArtifactId()).toList());
    }

    @Test
    void aMissingFeatureIsNamedWithWhereItWasExpected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FeatureRepository(repo).closure(List.of("g:absent:json:1")));
        assertTrue(error.getMessage().contains("g:absent:json:1") && error.getMessage().contains("g/absent/1/absent-1.json"),
                error.getMessage());
    }

    @Test
    void aCycleIsRefused() throws Exception {
        feature("a", List.of("b"));
        feature("b", List.of("a"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FeatureRepository(repo).closure(List.of("g:a:json:1")));
        assertTrue(error.getMessage().contains("cycle"), error.getMessage());
    }

    @Test
    void aBrokenFeatureFileIsNamed() throws Exception {
        Path file = repo.resolve("g/bad/1/bad-1.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ not json");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FeatureRepository(repo).closure(List.of("g:bad:json:1")));
        assertTrue(error.getMessage().contains("bad-1.json"), error.getMessage());
    }

    @Test
    void bundlesAreFoundInTheMavenLayoutAndInstalledUnderAMavenLocation() throws Exception {
        FeatureRepository repository = new FeatureRepository(repo);
        feature("one", List.of());
        Feature feature = repository.closure(List.of("g:one:json:1")).get(0);
        var bundle = feature.getBundles().get(0).getID();

        assertEquals(repo.resolve("org/example/thing/2.0.0/thing-2.0.0.jar"), repository.artifact(bundle));
        assertEquals("mvn:org.example/thing/2.0.0", FeatureRepository.location(bundle));
    }

    @Test
    void theEnglishDescriptionIsReadFromItsTextExtension() throws Exception {
        Path file = repo.resolve("g/two/1/two-1.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                { "feature-resource-version": "1.0", "id": "g:two:json:1", "description": "备份",
                  "extensions": { "opsconsole-description-en": { "kind": "optional", "text": ["Backups"] } } }
                """);
        feature("one", List.of());
        FeatureRepository repository = new FeatureRepository(repo);

        assertEquals(Optional.of("Backups"), FeatureRepository.descriptionEn(repository.closure(List.of("g:two:json:1")).get(0)));
        assertEquals(Optional.empty(), FeatureRepository.descriptionEn(repository.closure(List.of("g:one:json:1")).get(0)));
    }

    private void feature(String name, List<String> requires) throws Exception {
        Path file = repo.resolve("g/" + name + "/1/" + name + "-1.json");
        Files.createDirectories(file.getParent());
        String needs = requires.isEmpty() ? "" : """
                , "extensions": { "opsconsole-requires": { "kind": "mandatory", "artifacts": [ %s ] } }
                """.formatted(String.join(",", requires.stream().map(r -> "{\"id\":\"g:" + r + ":json:1\"}").toList()));
        Files.writeString(file, """
                { "feature-resource-version": "1.0", "id": "g:%s:json:1",
                  "bundles": [ { "id": "org.example:thing:2.0.0", "start-order": 3 } ] %s }
                """.formatted(name, needs));
    }
}
