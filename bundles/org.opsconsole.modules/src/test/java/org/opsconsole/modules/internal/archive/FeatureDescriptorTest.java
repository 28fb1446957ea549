package org.opsconsole.modules.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opsconsole.modules.internal.archive.ArchiveException.Kind;
import org.opsconsole.modules.internal.archive.FeatureDescriptor.ExtensionKind;
import org.opsconsole.modules.internal.archive.FeatureDescriptor.FeatureBundle;
import org.opsconsole.modules.internal.archive.FeatureDescriptor.FeatureConfiguration;
import org.opsconsole.modules.internal.archive.FeatureDescriptor.FeatureExtension;
import org.osgi.framework.Version;

class FeatureDescriptorTest {

    private static final String SOURCE = "feature.json (report.zip)";

    private static FeatureDescriptor parse(String json) throws ArchiveException {
        return FeatureDescriptor.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE);
    }

    private static ArchiveException refused(String json, Kind kind) {
        ArchiveException e = assertThrows(ArchiveException.class, () -> parse(json));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.messageEn().startsWith(SOURCE + ": "), e.messageEn());
        assertTrue(e.messageZh().startsWith(SOURCE + "："), e.messageZh());
        return e;
    }

    private static String withApi(String text) {
        return "{\"id\": \"org.example:report:json:1.0.0\", \"extensions\": {\"opsconsole-api\": {\"kind\": \"mandatory\", \"text\": "
                + text + "}}}";
    }

    @Test
    void theCoresOwnFeatureIsRead() throws Exception {
        String json = Files.readString(Path.of("../../features/core/feature.json")).replace("${project.version}", "1.0.0-SNAPSHOT");

        FeatureDescriptor core = parse(json);

        assertEquals(ArtifactId.parse("org.opsconsole.features:core:json:1.0.0-SNAPSHOT"), core.id());
        assertEquals("core", core.name());
        assertEquals("opsconsole", core.vendor());
        assertTrue(core.description().startsWith("控制台核心"));
        assertTrue(core.bundles().size() >= 10, "the core names its bundles: " + core.bundles());
        FeatureBundle api = core.bundles().get(0);
        assertEquals(ArtifactId.parse("org.opsconsole:org.opsconsole.api:1.0.0-SNAPSHOT"), api.id());
        assertEquals(4, api.startOrder());
        assertEquals(Map.of("start-order", 4), api.metadata());
        assertEquals(List.of(ArtifactId.parse("org.opsconsole.features:platform:json:1.0.0-SNAPSHOT")), core.requires());
        assertNull(core.apiRange(), "the core states no API range");
        assertEquals(ExtensionKind.MANDATORY, core.extensions().get("opsconsole-requires").kind());
    }

    @Test
    void aFullFeatureIsRead() throws Exception {
        FeatureDescriptor feature = parse("""
                // a feature made by the extension SDK
                {
                  "feature-resource-version": "1.0",
                  "id": "org.example:report:1.2.0",
                  "name": "报表", "description": "月度报表", "vendor": "Example",
                  "license": "Apache-2.0", "complete": false, "categories": ["reporting"],
                  "bundles": [
                    {"id": "org.example:report-core:1.2.0", "start-order": "15", "hash": "abc"},
                    {"id": "org.example:report-web:jar:1.2.0"}
                  ],
                  "configurations": {
                    "org.example.report": {"interval:Integer": 60, "title": "月报", "targets": ["a", "b"], "ratio": 0.5},
                    "org.example.report.target~finance": {"url": "https://finance.example"}
                  },
                  "extensions": {
                    "opsconsole-api": {"kind": "mandatory", "text": ["[1.1,2)"]},
                    "opsconsole-requires": {"kind": "mandatory", "artifacts": [{"id": "org.opsconsole.features:core:json:1.0.0"}]},
                    "notes": {"kind": "optional", "text": ["line one", "line two"]},
                    "settings": {"json": {"a": [1, 2]}},
                    "build": {"kind": "transient", "artifacts": []}
                  }
                }
                """);

        assertEquals("org.example:report:1.2.0", feature.id().toString());
        assertEquals(Arrays.asList(15, null), feature.bundles().stream().map(FeatureBundle::startOrder).toList());
        assertEquals("abc", feature.bundles().get(0).metadata().get("hash"));
        assertEquals("jar", feature.bundles().get(1).id().type());
        assertEquals(feature.bundles().get(1), feature.bundle(ArtifactId.parse("org.example:report-web:1.2.0")));
        assertNull(feature.bundle(ArtifactId.parse("org.example:report-web:1.2.1")));

        FeatureConfiguration singleton = feature.configurations().get(0);
        assertEquals("org.example.report", singleton.pid());
        assertFalse(singleton.isFactory());
        assertEquals(60, singleton.properties().get("interval:Integer"));
        assertEquals(List.of("a", "b"), singleton.properties().get("targets"));
        assertEquals(0.5, singleton.properties().get("ratio"));
        assertEquals(List.of("interval:Integer", "title", "targets", "ratio"), List.copyOf(singleton.properties().keySet()));
        FeatureConfiguration factory = feature.configurations().get(1);
        assertTrue(factory.isFactory());
        assertEquals("org.example.report.target", factory.factoryPid());
        assertEquals("finance", factory.name());
        assertEquals("org.example.report.target~finance", factory.pid());

        assertTrue(feature.apiRange().includes(new Version(1, 1, 0)));
        assertTrue(feature.apiRange().includes(new Version(1, 99, 3)));
        assertFalse(feature.apiRange().includes(new Version(1, 0, 9)));
        assertFalse(feature.apiRange().includes(new Version(2, 0, 0)));
        assertEquals(List.of(ArtifactId.parse("org.opsconsole.features:core:json:1.0.0")), feature.requires());
        FeatureExtension notes = feature.extensions().get("notes");
        assertEquals(FeatureExtension.Type.TEXT, notes.type());
        assertEquals("line one\nline two", notes.text());
        assertEquals(2, feature.extensions().get("settings").json().path("a").size());
        assertEquals(ExtensionKind.TRANSIENT, feature.extensions().get("build").kind());
        assertEquals(ExtensionKind.OPTIONAL, feature.extensions().get("settings").kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"[1.0,2\"]", "[\"1.0,2)\"]", "[\"[x,2)\"]", "[\"\"]", "[\"[1.0,2)\", \"[2.0,3)\"]"})
    void aMalformedApiRangeIsRefused(String text) {
        ArchiveException e = refused(withApi(text), Kind.API_RANGE_INVALID);
        assertTrue(e.messageEn().contains("org.opsconsole.api"), e.messageEn());
    }

    @Test
    void anApiRangeWithoutUpperBoundIsRefused() {
        ArchiveException e = refused(withApi("[\"1.0\"]"), Kind.API_RANGE_INVALID);
        assertTrue(e.messageEn().contains("has no upper bound"), e.messageEn());
    }

    @Test
    void anEmptyApiRangeIsRefused() {
        refused(withApi("[\"[2.0,1.0)\"]"), Kind.API_RANGE_INVALID);
    }

    @Test
    void anApiRangeGivenAsPlainTextIsRefusedWithTheListForm() {
        ArchiveException e = refused(withApi("\"[1.0,2)\""), Kind.FEATURE_INVALID);
        assertTrue(e.messageEn().contains("[\"[1.0,2)\"]"), e.messageEn());
    }

    @Test
    void anApiRangeAsArtifactsIsRefused() {
        refused("{\"id\": \"g:a:1\", \"extensions\": {\"opsconsole-api\": {\"artifacts\": []}}}", Kind.API_RANGE_INVALID);
    }

    @Test
    void requiresMustHoldArtifacts() {
        refused("{\"id\": \"g:a:1\", \"extensions\": {\"opsconsole-requires\": {\"text\": [\"g:b:1\"]}}}", Kind.FEATURE_INVALID);
    }

    @Test
    void anUnknownMandatoryExtensionIsRefused() {
        ArchiveException e = refused("{\"id\": \"g:a:1\", \"extensions\": {\"apiregions\": {\"kind\": \"mandatory\", \"json\": {}}}}",
                Kind.FEATURE_INVALID);
        assertTrue(e.messageEn().contains("mandatory extension apiregions"), e.messageEn());
    }

    @Test
    void bundlesNamedByPlainStringsAreRefused() {
        // the launcher's Feature Service would silently skip them
        ArchiveException e = refused("{\"id\": \"g:a:1\", \"bundles\": [\"g:b:1\"]}", Kind.FEATURE_INVALID);
        assertTrue(e.messageEn().contains("must be an object with an id"), e.messageEn());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2]",
        "{\"name\": \"no id\"}",
        "{\"id\": \"g:a\"}",
        "{\"id\": \"g:a:zip:1\"}",
        "{\"id\": \"g:a:1\", \"bundles\": {}}",
        "{\"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:1\"}, {\"id\": \"g:b:jar:1\"}]}",
        "{\"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:war:1\"}]}",
        "{\"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:1\", \"start-order\": 0}]}",
        "{\"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:1\", \"start-order\": \"soon\"}]}",
        "{\"id\": \"g:a:1\", \"bundle\": []}",
        "{\"id\": \"g:a:1\", \"variables\": {\"port\": 8080}}",
        "{\"id\": \"g:a:1\", \"id\": \"g:b:1\"}",
        "{\"id\": \"g:a:1\"} {}",
        "{\"id\": \"g:a:1\", \"feature-resource-version\": \"2.0\"}",
        "{\"id\": \"g:a:1\", \"configurations\": {\"~name\": {}}}",
        "{\"id\": \"g:a:1\", \"configurations\": {\"pid\": \"x\"}}",
        "{\"id\": \"g:a:1\", \"configurations\": {\"pid\": {\"key\": null}}}",
        "{\"id\": \"g:a:1\", \"extensions\": {\"x\": {\"text\": [\"a\"], \"json\": {}}}}",
        "{\"id\": \"g:a:1\", \"extensions\": {\"x\": {\"kind\": \"sometimes\", \"text\": []}}}",
        "{\"id\": \"g:a:1\", \"extensions\": {\"x\": {\"artifacts\": [\"g:b:1\"]}}}",
        "{\"id\": \"g:a:1\", \"name\": 5}",
        "{\"id\": \"g:a:1\",",
        ""})
    void invalidFeaturesAreRefused(String json) {
        refused(json, Kind.FEATURE_INVALID);
    }
}
