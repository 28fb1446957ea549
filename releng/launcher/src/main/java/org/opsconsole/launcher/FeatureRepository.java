package org.opsconsole.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureArtifact;
import org.osgi.service.feature.FeatureExtension;
import org.osgi.service.feature.FeatureService;
import org.osgi.service.feature.ID;

/**
 * Features and bundles in a folder with the Maven repository layout (the distribution's {@code system/}).
 * Features are read with the OSGi Feature Service; a feature names the features it needs in its
 * {@value #REQUIRES} extension (an artifact list of feature ids).
 */
public final class FeatureRepository {

    /** The extension in which a feature lists the ids of the features it needs. */
    public static final String REQUIRES = "opsconsole-requires";

    /** The text extension that holds a feature's description in English. */
    public static final String DESCRIPTION_EN = "opsconsole-description-en";

    private final Path root;
    private final FeatureService features;

    public FeatureRepository(Path root) {
        this.root = root;
        this.features = ServiceLoader.load(FeatureService.class, FeatureRepository.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi Feature Service implementation on the class path"));
    }

    /**
     * The given features and everything they need, each once, every feature after the ones it needs.
     *
     * @throws IllegalArgumentException naming the feature that is missing, unreadable or part of a cycle
     */
    public List<Feature> closure(List<String> ids) {
        Map<String, Feature> done = new LinkedHashMap<>();
        for (String id : ids) {
            visit(features.getIDfromMavenCoordinates(id), done, new ArrayList<>());
        }
        return List.copyOf(done.values());
    }

    private void visit(ID id, Map<String, Feature> done, List<String> path) {
        String key = id.toString();
        if (done.containsKey(key)) {
            return;
        }
        if (path.contains(key)) {
            throw new IllegalArgumentException("features need each other in a cycle: " + String.join(" -> ", path) + " -> " + key);
        }
        path.add(key);
        Feature feature = read(id);
        for (ID required : requires(feature)) {
            visit(required, done, path);
        }
        path.remove(path.size() - 1);
        done.put(key, feature);
    }

    /** The feature with the given id, read from the repository. */
    public Feature read(ID id) {
        Path file = path(id, "json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("feature " + id + " is not in " + root + " (expected " + root.relativize(file) + ")");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return features.readFeature(reader);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("feature file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The ids of the features the given feature needs. */
    public static List<ID> requires(Feature feature) {
        FeatureExtension extension = feature.getExtensions().get(REQUIRES);
        if (extension == null || extension.getType() != FeatureExtension.Type.ARTIFACTS) {
            return List.of();
        }
        return extension.getArtifacts().stream().map(FeatureArtifact::getID).toList();
    }

    /**
     * The feature's description in English: its {@value #DESCRIPTION_EN} text extension, or empty (its
     * {@code description} is in Chinese).
     */
    public static Optional<String> descriptionEn(Feature feature) {
        FeatureExtension extension = feature.getExtensions().get(DESCRIPTION_EN);
        if (extension == null || extension.getType() != FeatureExtension.Type.TEXT) {
            return Optional.empty();
        }
        String text = String.join(" ", extension.getText()).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The file of an artifact in the repository; a bundle when it names no type. */
    public Path artifact(ID id) {
        return path(id, "jar");
    }

    private Path path(ID id, String defaultType) {
        String type = id.getType().orElse(defaultType);
        String classifier = id.getClassifier().map(c -> "-" + c).orElse("");
        return root.resolve(id.getGroupId().replace('.', '/')).resolve(id.getArtifactId()).resolve(id.getVersion())
                .resolve(id.getArtifactId() + "-" + id.getVersion() + classifier + "." + type);
    }

    /** The bundle location the launcher installs an artifact under: {@code mvn:group/artifact/version}. */
    public static String location(ID id) {
        return "mvn:" + id.getGroupId() + "/" + id.getArtifactId() + "/" + id.getVersion()
                + id.getType().filter(t -> !"jar".equals(t)).map(t -> "/" + t).orElse("")
                + id.getClassifier().map(c -> "/" + c).orElse("");
    }
}
