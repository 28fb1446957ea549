package org.opsconsole.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;

/**
 * Checks that features resolve: installs their bundles into a throw-away framework that is never
 * started, resolves them and names every bundle that cannot resolve with the requirement it misses.
 * Used by the build (every feature must resolve against the target platform) and by
 * {@code opsconsole --check}.
 */
public final class FeatureCheck {

    private FeatureCheck() {
    }

    /**
     * Resolves the given features (with the features they need) from a repository.
     *
     * @param repository where the features and bundles are
     * @param featureIds the features to check
     * @param scratch an empty folder for the throw-away framework
     * @return one line per problem (a missing artifact, a bundle that does not resolve and why); empty when all resolve
     */
    public static List<String> check(FeatureRepository repository, List<String> featureIds, Path scratch)
            throws IOException, BundleException, InterruptedException {
        List<Feature> features = repository.closure(featureIds);
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, scratch.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Launcher.SYSTEM_PACKAGES);
        config.put("felix.log.level", "0");
        Felix felix = new Felix(config);
        felix.init();
        try {
            BundleContext context = felix.getBundleContext();
            List<String> problems = new ArrayList<>();
            Map<Bundle, String> owners = new HashMap<>();
            for (Feature feature : features) {
                for (FeatureBundle featureBundle : feature.getBundles()) {
                    Path file = repository.artifact(featureBundle.getID());
                    String location = FeatureRepository.location(featureBundle.getID());
                    if (!Files.isRegularFile(file)) {
                        problems.add("feature " + feature.getID() + ": bundle " + featureBundle.getID() + " is missing (" + file + ")");
                        continue;
                    }
                    if (context.getBundle(location) != null) {
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        owners.put(context.installBundle(location, in), feature.getID().toString());
                    } catch (BundleException e) {
                        problems.add("feature " + feature.getID() + ": " + featureBundle.getID() + " is not a valid bundle: " + e.getMessage());
                    }
                }
            }
            felix.adapt(FrameworkWiring.class).resolveBundles(owners.keySet());
            for (Map.Entry<Bundle, String> entry : owners.entrySet()) {
                Bundle bundle = entry.getKey();
                boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                if (bundle.getState() == Bundle.INSTALLED && !fragment) {
                    problems.add("feature " + entry.getValue() + ": " + bundle.getSymbolicName() + " " + bundle.getVersion()
                            + " does not resolve: " + resolutionError(bundle));
                }
            }
            problems.sort(null);
            return problems;
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    /** Felix explains a failed resolution when asked to load a class from the bundle. */
    private static String resolutionError(Bundle bundle) {
        try {
            bundle.loadClass("org.opsconsole.launcher.ResolutionProbe");
            return "unknown reason";
        } catch (ClassNotFoundException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        }
    }
}
