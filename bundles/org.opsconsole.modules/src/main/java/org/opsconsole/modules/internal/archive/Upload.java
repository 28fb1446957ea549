package org.opsconsole.modules.internal.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ArchiveReader#read} made of an uploaded file: either a feature archive (its description and the
 * bundles it names) or a single bundle jar. Its files are in the work folder the reader was given, which belongs to
 * the upload from then on: keep it (the exact artifacts of an install) or {@link #discard()} it.
 */
public sealed interface Upload permits Upload.FeatureArchive, Upload.BundleJar {

    /** @return the work folder holding the upload's files */
    Path folder();

    /** @return the bundles, in the order the feature names them (one for a single jar) */
    List<BundleArtifact> bundles();

    /**
     * Removes the work folder and everything in it, for an upload that is refused (untrusted, cannot be planned) or
     * no longer needed.
     *
     * @throws IOException when a file cannot be removed
     */
    default void discard() throws IOException {
        WorkFolder.delete(folder());
    }

    /**
     * A feature archive.
     *
     * @param folder the work folder
     * @param featureFile the {@code feature.json}, extracted into the work folder
     * @param feature its content
     * @param bundles the bundle jars, extracted into the work folder under their names in the archive; the
     *        {@code i}-th is the {@code i}-th of {@link FeatureDescriptor#bundles()}
     */
    record FeatureArchive(Path folder, Path featureFile, FeatureDescriptor feature, List<BundleArtifact> bundles)
            implements Upload {

        /** Checks that there is a jar for each bundle the feature names; makes the list unmodifiable. */
        public FeatureArchive {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(feature, "feature");
            bundles = List.copyOf(bundles);
            if (bundles.size() != feature.bundles().size()) {
                throw new IllegalArgumentException("the feature names " + feature.bundles().size() + " bundles, not "
                        + bundles.size());
            }
        }

        /**
         * @param id a bundle the feature names
         * @return its jar, or null when the feature does not name it
         */
        public BundleArtifact artifact(ArtifactId id) {
            FeatureDescriptor.FeatureBundle bundle = feature.bundle(id);
            return bundle == null ? null : bundles.get(feature.bundles().indexOf(bundle));
        }
    }

    /**
     * A single bundle jar.
     *
     * @param folder the work folder
     * @param bundle the jar, copied into the work folder
     */
    record BundleJar(Path folder, BundleArtifact bundle) implements Upload {

        /** Checks the values. */
        public BundleJar {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(bundle, "bundle");
        }

        @Override
        public List<BundleArtifact> bundles() {
            return List.of(bundle);
        }
    }
}
