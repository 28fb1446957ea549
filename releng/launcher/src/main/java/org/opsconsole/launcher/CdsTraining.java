package org.opsconsole.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * {@code opsconsole --train-cds}: one start and stop of the whole console in a throw-away data folder, run by
 * the start script under {@code -XX:ArchiveClassesAtExit} so that the JVM archives every class the console
 * loads, those of the bundles included (class data sharing). Later starts map the archive instead of loading,
 * verifying and linking the classes again, which saves about a third of the start. Nothing of the training is
 * kept but the archive: its data folder, with the first accounts' passwords, is deleted.
 *
 * <p>Two things keep the bundles' classes in the archive. The start script trains with class unloading off:
 * the classes of a stopped framework's bundles would otherwise be unloaded before the JVM exits and archives.
 * And the JVM archives only linked classes, while many are merely loaded (a type named in a signature, say):
 * the start script logs every loaded class to {@value #CLASS_LOG} and, before stopping, the training links
 * those of the bundles by asking for their methods.
 */
final class CdsTraining {

    /** System property: the file the JVM logs loaded classes to during the training ({@code -Xlog:class+load}). */
    static final String CLASS_LOG = "opsconsole.cds.classlog";

    /** A line of {@code -Xlog:class+load}: the class name and where it came from (a bundle's location). */
    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (\\S+)$");

    private CdsTraining() {
    }

    static void run() throws Exception {
        Path data = Files.createTempDirectory("opsconsole-cds-");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("OPSCONSOLE_LOG_LEVEL", "WARN");
        env.put("OPSCONSOLE_PLUGINS_DEPLOY", "off"); // the training installs nothing from the deploy folder
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", Integer.toString(port), "--data", data.toString()},
                env, Path.of(System.getProperty(LaunchOptions.HOME, ".")));
        LogSetup.configure(data.resolve("log"), options.logLevel());
        Launcher launcher = new Launcher(options);
        try {
            launcher.start();
            // the first requests load the classes a start ends with: health, the shell, a static file
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : new String[] {"/api/health", "/", "/js/opsconsole.js"}) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build();
                client.send(request, HttpResponse.BodyHandlers.discarding());
            }
            String classLog = System.getProperty(CLASS_LOG);
            if (classLog != null && Files.isRegularFile(Path.of(classLog))) {
                link(launcher.framework().getBundleContext(), Files.readAllLines(Path.of(classLog)));
            }
        } finally {
            launcher.stop();
            LogSetup.ShutdownAwareLogManager.closeNow();
            delete(data);
        }
    }

    /** Links the bundles' loaded classes (reflection on a class's methods links it), so that they are archived. */
    static int link(BundleContext context, List<String> classLog) {
        int linked = 0;
        for (String line : classLog) {
            Matcher loaded = LOADED.matcher(line);
            if (!loaded.find() || loaded.group(1).contains("$$Lambda")) {
                continue;
            }
            Bundle bundle = context.getBundle(loaded.group(2));
            if (bundle == null) {
                continue;
            }
            try {
                bundle.loadClass(loaded.group(1)).getDeclaredMethods();
                linked++;
            } catch (ClassNotFoundException | LinkageError e) {
                // a class whose optional dependencies are absent stays out of the archive, as before
            }
        }
        return linked;
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
