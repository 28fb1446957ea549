package org.opsconsole.modules.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The desired state of the modules installed at runtime: which features, with which exact bundle artifacts. It is
 * what the database keeps, what every change goes from and to, and what a revert restores. Immutable.
 *
 * @param features the installed features, by id
 */
record PluginState(List<Feature> features) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Nothing installed at runtime. */
    static final PluginState EMPTY = new PluginState(List.of());

    /**
     * An installed feature.
     *
     * @param id the feature id ({@code group:artifact:json:version} or {@code group:artifact:version})
     * @param name its name, null when it gives none
     * @param version its version
     * @param description its description, null when it gives none
     * @param source where it came from: {@code upload:<file>}, {@code deploy:<file>}
     * @param descriptor its {@code feature.json} as installed
     * @param bundles its bundles, in start order
     */
    record Feature(String id, String name, String version, String description, String source, String descriptor,
            List<Bundle> bundles) {

        Feature {
            bundles = List.copyOf(bundles);
        }

        /** @return the id without its version, which stays the same across updates ({@code group:artifact}) */
        String key() {
            return key(id);
        }

        static String key(String featureId) {
            String[] parts = featureId.split(":");
            return parts.length < 2 ? featureId : parts[0] + ":" + parts[1];
        }
    }

    /**
     * A bundle of an installed feature.
     *
     * @param symbolicName its symbolic name
     * @param version its version
     * @param sha256 the SHA-256 of the jar it was installed from, which the database keeps
     * @param fileName the jar's file name
     * @param startOrder the order it starts in within its feature
     */
    record Bundle(String symbolicName, String version, String sha256, String fileName, int startOrder) {
    }

    PluginState {
        features = List.copyOf(features);
    }

    Optional<Feature> feature(String key) {
        return features.stream().filter(f -> f.key().equals(Feature.key(key))).findFirst();
    }

    /** @return the state with the feature added, or replacing the one with its key */
    PluginState with(Feature feature) {
        List<Feature> next = new ArrayList<>(features.stream().filter(f -> !f.key().equals(feature.key())).toList());
        next.add(feature);
        next.sort(Comparator.comparing(Feature::id));
        return new PluginState(next);
    }

    PluginState without(String key) {
        return new PluginState(features.stream().filter(f -> !f.key().equals(Feature.key(key))).toList());
    }

    /** @return every bundle of every feature by symbolic name */
    Map<String, Bundle> bundles() {
        Map<String, Bundle> all = new LinkedHashMap<>();
        for (Feature feature : features) {
            for (Bundle bundle : feature.bundles()) {
                all.put(bundle.symbolicName(), bundle);
            }
        }
        return all;
    }

    /** @return the feature a bundle belongs to */
    Optional<Feature> owner(String symbolicName) {
        return features.stream().filter(f -> f.bundles().stream().anyMatch(b -> b.symbolicName().equals(symbolicName)))
                .findFirst();
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plugin state cannot be written as JSON", e);
        }
    }

    static PluginState fromJson(String json) {
        try {
            return JSON.readValue(json, PluginState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded plugin state cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
