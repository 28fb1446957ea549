package org.opsconsole.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Where the assembled distribution is, and small helpers to talk to a running console. */
final class Distribution {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Distribution() {
    }

    /** The distribution folder built by releng/distribution. */
    static Path home() {
        Path home = Path.of(System.getProperty("opsconsole.distribution", "../distribution/target/opsconsole"));
        if (!Files.isRegularFile(home.resolve("bin/opsconsole"))) {
            throw new IllegalStateException("no distribution at " + home.toAbsolutePath() + "; build it with mvn package");
        }
        return home.toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code /api/health} answers 200, at most the given time; false when it never did. */
    static boolean awaitHealthy(int port, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (get(port, "/api/health").statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }
}
