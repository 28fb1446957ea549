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
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code opsconsole --train-cds}: one start and stop of the whole console in a throw-away data folder, run by
 * the start script under {@code -XX:ArchiveClassesAtExit} so that the JVM archives every class the console
 * loads, those of the bundles included (class data sharing). Later starts map the archive instead of loading,
 * verifying and linking the classes again, which saves about a third of the start. Nothing of the training is
 * kept but the archive: its data folder, with the first accounts' passwords, is deleted.
 */
final class CdsTraining {

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
        } finally {
            launcher.stop();
            LogSetup.ShutdownAwareLogManager.closeNow();
            delete(data);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
