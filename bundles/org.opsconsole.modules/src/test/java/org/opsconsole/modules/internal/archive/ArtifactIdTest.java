package org.opsconsole.modules.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactIdTest {

    @Test
    void threePartsAreGroupArtifactVersion() {
        ArtifactId id = ArtifactId.parse("org.opsconsole:org.opsconsole.api:1.0.0-SNAPSHOT");

        assertEquals(new ArtifactId("org.opsconsole", "org.opsconsole.api", null, null, "1.0.0-SNAPSHOT"), id);
        assertEquals("org.opsconsole.api-1.0.0-SNAPSHOT.jar", id.fileName("jar"));
        assertEquals("org/opsconsole/org.opsconsole.api/1.0.0-SNAPSHOT/org.opsconsole.api-1.0.0-SNAPSHOT.jar", id.repositoryPath("jar"));
        assertEquals("org.opsconsole:org.opsconsole.api:1.0.0-SNAPSHOT", id.toString());
    }

    @Test
    void fourPartsNameTheTypeAndFiveTheClassifier() {
        ArtifactId feature = ArtifactId.parse("org.opsconsole.features:core:json:1.0.0");
        assertEquals("json", feature.type());
        assertNull(feature.classifier());
        assertEquals("core-1.0.0.json", feature.fileName("jar"));

        ArtifactId classified = ArtifactId.parse("org.example:native:jar:linux-x86_64:2.1");
        assertEquals("linux-x86_64", classified.classifier());
        assertEquals("org/example/native/2.1/native-2.1-linux-x86_64.jar", classified.repositoryPath("jar"));
        assertEquals("org.example:native:jar:linux-x86_64:2.1", classified.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.example:report", "a:b:c:d:e:f", "org.example::1.0", "org.example:report:", "../..:x:1.0",
            "org.example:rep/ort:1.0", "org.example:report:1.0/../../x", "org example:report:1.0", "org.example:report:.."})
    void idsThatAreNotMavenCoordinatesAreRefused(String id) {
        assertThrows(IllegalArgumentException.class, () -> ArtifactId.parse(id));
    }
}
