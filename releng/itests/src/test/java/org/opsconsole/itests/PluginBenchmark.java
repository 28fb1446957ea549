package org.opsconsole.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.osgi.framework.BundleEvent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plugin manager's benchmark ({@code releng/bench/plugins.sh}): in one console (in this JVM, so that bundle
 * events and the heap can be watched), with a feature archive signed by a key of the truststore:
 * <ol>
 * <li>plan + apply of the feature, then its removal, median of 10, against a baseline measured in the same run: an
 * authenticated read of the module list ({@code GET /api/plugins});</li>
 * <li>under load (requests to {@code /api/health} and {@code /api/system/bundles} at a steady rate), 20 install,
 * update, uninstall rounds: failed or non-2xx answers, and bundles outside the feature that stopped;</li>
 * <li>50 install/uninstall cycles: heap used after a full GC and loaded classes, before and after (a class loader
 * leak shows as growth).</li>
 * </ol>
 * Argument: the feature archive ({@code .zip}); its update is the same archive with the versions raised (1.0.0 to
 * 1.0.1, say), made here.
 */
public final class PluginBenchmark {

    private PluginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path feature = Path.of(args[0]);
        Path folder = Files.createTempDirectory("opsconsole-plugin-bench");
        TestModules.Keys keys = TestModules.keys(folder, "bench");
        byte[] archive = signAll(Files.readAllBytes(feature), keys);
        byte[] update = signAll(bump(Files.readAllBytes(feature)), keys);
        Map<String, String> env = Map.of("OPSCONSOLE_PLUGINS_TRUSTSTORE", keys.truststore().toString(),
                "OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD", "changeit", "OPSCONSOLE_PLUGINS_DEPLOY", "off",
                "OPSCONSOLE_LOG_LEVEL", "WARN");
        try (RunningConsole console = RunningConsole.start(Distribution.home(), folder.resolve("data"), env)) {
            ConsoleSession admin = console.admin();
            String name = feature.getFileName().toString();

            // warm up, then time
            for (int i = 0; i < 3; i++) {
                String key = install(admin, name, archive);
                uninstall(admin, key);
            }
            List<Long> installs = new ArrayList<>();
            List<Long> removals = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                admin.json("/api/plugins");
                baseline.add(System.nanoTime() - start);
                start = System.nanoTime();
                String key = install(admin, name, archive);
                installs.add(System.nanoTime() - start);
                start = System.nanoTime();
                uninstall(admin, key);
                removals.add(System.nanoTime() - start);
            }
            double base = median(baseline);
            System.out.printf("baseline  GET /api/plugins:           median %.1f ms%n", base);
            System.out.printf("install   upload+plan+trust+apply:    median %.1f ms  (x%.1f baseline)%n", median(installs),
                    median(installs) / base);
            System.out.printf("uninstall plan+apply:                 median %.1f ms  (x%.1f baseline)%n", median(removals),
                    median(removals) / base);

            // under load
            Set<String> changing = ConcurrentHashMap.newKeySet();
            List<String> restarted = Collections.synchronizedList(new ArrayList<>());
            console.framework.getBundleContext().addBundleListener(event -> {
                if (event.getType() == BundleEvent.STOPPED && !changing.contains(event.getBundle().getSymbolicName())) {
                    restarted.add(event.getBundle().getSymbolicName());
                }
            });
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            HttpClient http = admin.http;
            ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
            for (String path : List.of("/api/health", "/api/system/bundles")) {
                load.scheduleAtFixedRate(() -> {
                    sent.incrementAndGet();
                    try {
                        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(console.url(path)))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);
            }
            for (int i = 0; i < 20; i++) {
                changing.addAll(bundleNames(archive));
                String key = install(admin, name, archive);
                changing.addAll(bundleNames(update));
                install(admin, name.replace(".zip", "-update.zip"), update);
                uninstall(admin, key);
            }
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            System.out.printf("under load: 20 rounds, %d requests to /api/health and /api/system/bundles, %d failed or not 2xx; "
                    + "bundles outside the feature stopped: %s%n", sent.get(), failed.get(), restarted);

            // leaks
            long heapBefore = heapAfterGc();
            int classesBefore = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
            for (int i = 0; i < 50; i++) {
                uninstall(admin, install(admin, name, archive));
            }
            long heapAfter = heapAfterGc();
            int classesAfter = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
            System.out.printf("50 install/uninstall cycles: heap after GC %.1f MB -> %.1f MB, loaded classes %d -> %d%n",
                    heapBefore / 1e6, heapAfter / 1e6, classesBefore, classesAfter);
        }
    }

    private static String install(ConsoleSession admin, String name, byte[] archive) throws Exception {
        HttpResponse<String> planned = admin.upload("/api/plugins/uploads?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), archive);
        if (planned.statusCode() != 201) {
            throw new IllegalStateException("upload: " + planned.statusCode() + " " + planned.body());
        }
        JsonNode prepared = ConsoleSession.JSON.readTree(planned.body());
        HttpResponse<String> applied = admin.post("/api/plugins/uploads/" + prepared.path("id").asText() + "/apply", Map.of());
        if (applied.statusCode() != 200) {
            throw new IllegalStateException("apply: " + applied.statusCode() + " " + applied.body());
        }
        return prepared.path("feature").path("key").asText();
    }

    private static void uninstall(ConsoleSession admin, String key) throws Exception {
        HttpResponse<String> removed = admin.delete("/api/plugins/features/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        if (removed.statusCode() != 200) {
            throw new IllegalStateException("uninstall: " + removed.statusCode() + " " + removed.body());
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /** The symbolic names of the jars in a feature archive. */
    private static List<String> bundleNames(byte[] archive) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith(".jar")) {
                    try (java.util.jar.JarInputStream jar = new java.util.jar.JarInputStream(new ByteArrayInputStream(zip.readAllBytes()))) {
                        String bsn = jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                        names.add(bsn.split(";")[0].trim());
                    }
                }
            }
        }
        return names;
    }

    /** The archive as its next patch version: feature.json's versions and each jar's Bundle-Version raised. */
    static byte[] bump(byte[] archive) throws Exception {
        String version = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null && version == null; entry = in.getNextEntry()) {
                if (entry.getName().equals("feature.json")) {
                    version = ConsoleSession.JSON.readTree(in.readAllBytes()).path("id").asText().replaceAll(".*:", "");
                }
            }
        }
        String[] parts = version.split("\\.");
        String next = parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                String entryName = entry.getName();
                if (entryName.equals("feature.json")) {
                    content = new String(content, StandardCharsets.UTF_8).replace(":" + version + "\"", ":" + next + "\"")
                            .getBytes(StandardCharsets.UTF_8);
                } else if (entryName.endsWith(".jar")) {
                    content = rebundle(content, next);
                    entryName = entryName.replace("-" + version + ".jar", "-" + next + ".jar");
                }
                out.putNextEntry(new ZipEntry(entryName));
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] rebundle(byte[] jar, String version) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new ByteArrayInputStream(jar))) {
            java.util.jar.Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, manifest)) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(in.readAllBytes());
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** The archive with every jar in it signed by the key. */
    static byte[] signAll(byte[] archive, TestModules.Keys keys) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().endsWith(".jar") ? TestModules.sign(content, keys) : content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
