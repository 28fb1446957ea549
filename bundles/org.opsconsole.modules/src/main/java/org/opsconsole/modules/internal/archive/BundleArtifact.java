package org.opsconsole.modules.internal.archive;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.Version;

/**
 * A bundle jar that was read safely and is an OSGi bundle: where it is, what it is, and the hash that identifies
 * these exact bytes (for the allow-list, the audit trail and the kept artifacts). Immutable.
 *
 * @param file the jar, in the upload's work folder (or where {@link ArchiveReader#readBundle} was given it)
 * @param originalName the name the operator knows it by: the uploaded file's name, or the entry's path in the
 *        feature archive ({@code org/example/report/1.0.0/report-1.0.0.jar})
 * @param sha256 the SHA-256 of the jar file, 64 lower-case hex digits
 * @param size the jar's size in bytes
 * @param symbolicName the {@code Bundle-SymbolicName}, without its directives ({@code ;singleton:=true})
 * @param version the {@code Bundle-Version} ({@code 0.0.0} when the manifest gives none)
 * @param manifest the manifest's main attributes, names as written, in the order written
 */
public record BundleArtifact(Path file, String originalName, String sha256, long size, String symbolicName,
        Version version, Map<String, String> manifest) {

    /** Checks the values and makes the manifest unmodifiable. */
    public BundleArtifact {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, not " + sha256);
        }
        manifest = Collections.unmodifiableMap(new LinkedHashMap<>(manifest));
    }

    /** @return {@code symbolicName version}, how the console shows a bundle */
    public String displayName() {
        return symbolicName + " " + version;
    }
}
