package org.opsconsole.system.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleRoute;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/system/bundles}: the framework, the installed features and every bundle with its
 * state, version and the features it belongs to. The installed features are the ones the launcher
 * recorded in {@code <data>/state/features.json}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/system/bundles")
@ConsoleRoute(read = SystemPermissions.READ)
public class BundlesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;

    @Activate
    public BundlesServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.write(response, describe());
    }

    Map<String, Object> describe() throws IOException {
        List<InstalledFeature> features = installedFeatures();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("framework", framework());
        result.put("features", features.stream().map(InstalledFeature::toJson).toList());
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.add(describe(bundle, features));
        }
        result.put("bundles", bundles);
        return result;
    }

    private Map<String, Object> framework() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, Object> framework = new LinkedHashMap<>();
        // the system bundle calls itself "System Bundle"; operators know the framework by its project's name
        framework.put("name", system.getSymbolicName().startsWith("org.apache.felix.") ? "Apache Felix" : system.getSymbolicName());
        framework.put("version", system.getVersion().toString());
        framework.put("startedAt", Instant.ofEpochMilli(started).toString());
        framework.put("uptimeSeconds", (System.currentTimeMillis() - started) / 1000);
        framework.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        framework.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        framework.put("home", context.getProperty("opsconsole.home"));
        framework.put("data", context.getProperty("opsconsole.data"));
        framework.put("startLevel", system.adapt(FrameworkStartLevel.class).getStartLevel());
        return framework;
    }

    private static Map<String, Object> describe(Bundle bundle, List<InstalledFeature> features) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", bundle.getBundleId());
        json.put("symbolicName", bundle.getSymbolicName());
        String name = bundle.getHeaders("").get(Constants.BUNDLE_NAME);
        json.put("name", name == null ? bundle.getSymbolicName() : name);
        json.put("version", bundle.getVersion().toString());
        json.put("state", state(bundle.getState()));
        json.put("location", bundle.getLocation());
        json.put("fragment", bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null);
        json.put("features", features.stream().filter(f -> f.bundles().contains(bundle.getLocation()))
                .map(InstalledFeature::name).toList());
        json.put("lastModified", Instant.ofEpochMilli(bundle.getLastModified()).toString());
        return json;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }

    private List<InstalledFeature> installedFeatures() throws IOException {
        String data = context.getProperty("opsconsole.data");
        Path file = data == null ? null : Path.of(data, "state", "features.json");
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        List<InstalledFeature> features = new ArrayList<>();
        for (JsonNode node : Json.MAPPER.readTree(file.toFile()).path("features")) {
            List<String> locations = new ArrayList<>();
            node.path("bundles").forEach(b -> locations.add(b.asText()));
            String description = node.path("description").asText("");
            features.add(new InstalledFeature(node.path("id").asText(), node.path("name").asText(),
                    description, node.path("descriptionEn").asText(description), locations));
        }
        return features;
    }

    /** A feature the launcher installed, with the locations of its bundles. */
    record InstalledFeature(String id, String name, String description, String descriptionEn, List<String> bundles) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("name", name);
            json.put("title", description);
            json.put("titleEn", descriptionEn);
            json.put("bundles", bundles);
            return json;
        }
    }
}
