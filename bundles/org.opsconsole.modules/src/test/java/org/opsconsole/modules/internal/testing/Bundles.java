package org.opsconsole.modules.internal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Bundle jars for tests. */
public final class Bundles {

    private Bundles() {
    }

    /**
     * A bundle jar with a class-like entry and a resource.
     *
     * @param symbolicNameHeader the {@code Bundle-SymbolicName} header, directives and all
     * @param version the {@code Bundle-Version}
     * @return the jar's bytes
     */
    public static byte[] bundle(String symbolicNameHeader, String version) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String folder = symbolicNameHeader.split(";")[0].trim().replace('.', '/');
        entries.put(folder + "/", new byte[0]);
        entries.put(folder + "/Activator.class", ("class of " + symbolicNameHeader).getBytes(StandardCharsets.UTF_8));
        entries.put("OSGI-INF/component.xml", "<component/>".getBytes(StandardCharsets.UTF_8));
        return jar(manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", symbolicNameHeader, "Bundle-Version", version,
                "Import-Package", "org.osgi.framework;version=\"[1.10,2)\""), entries);
    }

    /** @return a manifest with {@code Manifest-Version: 1.0} and the given name/value pairs */
    public static Manifest manifest(String... namesAndValues) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            manifest.getMainAttributes().putValue(namesAndValues[i], namesAndValues[i + 1]);
        }
        return manifest;
    }

    /**
     * A jar.
     *
     * @param manifest its manifest, or null for none
     * @param entries the other entries (a name ending in / is a folder)
     * @return the jar's bytes
     */
    public static byte[] jar(Manifest manifest, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
