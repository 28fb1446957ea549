package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.metrics;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.monitoring.ProbeResult;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** The HTTP(S) probe against a local HTTP server and a local HTTPS server with a self-signed certificate. */
class HttpProbeTest {

    private final HttpProbe probe = new HttpProbe();
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve(server);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpServer on) {
        on.setExecutor(threads);
        on.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\",\"db\":\"ok\"}"));
        on.createContext("/broken", exchange -> answer(exchange, 503, "维护中"));
        on.createContext("/missing", exchange -> answer(exchange, 404, "not here"));
        on.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/health");
            answer(exchange, 302, "");
        });
        on.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late");
        });
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        requests.add(exchange.getRequestHeaders());
        methods.add(exchange.getRequestMethod());
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aHealthyEndpointIsUpWithItsStatusAndLatencyAndNoTlsSample() throws Exception {
        ProbeResult result = probe.probe(target("http", Map.of("url", url("/health"))));

        assertTrue(result.up(), result::toString);
        assertEquals(200, value(result, "http_status"));
        assertEquals(0, value(result, "http_5xx"));
        assertTrue(value(result, "http_latency_ms") > 0);
        assertEquals(List.of("http_status", "http_latency_ms", "http_5xx"), metrics(result));
        assertTrue(result.message().matches("HTTP 200，\\d+ 毫秒"), result.message());
        assertTrue(result.messageEn().matches("HTTP 200 in \\d+ ms"), result.messageEn());
        assertEquals("GET", methods.get(0));
        assertNull(requests.get(0).getFirst("Authorization"));
        assertNull(requests.get(0).getFirst("Expect"));
    }

    @Test
    void a503IsDownAndCountsAsA5xx() throws Exception {
        ProbeResult result = probe.probe(target("http", Map.of("url", url("/broken"))));

        assertFalse(result.up());
        assertEquals(503, value(result, "http_status"));
        assertEquals(1, value(result, "http_5xx"));
        assertTrue(result.message().endsWith("；状态码不在预期的 200-399 内"), result.message());
        assertTrue(result.messageEn().matches("HTTP 503 in \\d+ ms; the status is not in the expected 200-399"), result.messageEn());
    }

    @Test
    void theExpectedStatusesDecideWhetherAnAnswerIsUp() throws Exception {
        assertTrue(probe.probe(target("http", Map.of("url", url("/missing"), "expectStatus", "200,404"))).up());
        assertFalse(probe.probe(target("http", Map.of("url", url("/missing")))).up());
        ProbeResult redirect = probe.probe(target("http", Map.of("url", url("/moved"), "expectStatus", "200")));
        assertFalse(redirect.up(), "a redirect is not followed");
        assertEquals(302, value(redirect, "http_status"));
    }

    @Test
    void theBodyMustContainTheTextOrMatchTheExpression() throws Exception {
        ProbeResult text = probe.probe(target("http", Map.of("url", url("/health"), "bodyContains", "\"UP\"")));
        assertTrue(text.up());
        assertEquals(1, value(text, "http_body_match"));

        ProbeResult regex = probe.probe(target("http", Map.of("url", url("/health"), "bodyContains", "/\"status\"\\s*:\\s*\"UP\"/")));
        assertTrue(regex.up());
        assertEquals(1, value(regex, "http_body_match"));

        ProbeResult absent = probe.probe(target("http", Map.of("url", url("/health"), "bodyContains", "/\"status\":\"DOWN\"/")));
        assertFalse(absent.up());
        assertEquals(0, value(absent, "http_body_match"));
        assertEquals(200, value(absent, "http_status"));
        assertTrue(absent.message().endsWith("；正文不含 /\"status\":\"DOWN\"/"), absent.message());
        assertTrue(absent.messageEn().endsWith("; the body does not contain /\"status\":\"DOWN\"/"), absent.messageEn());
    }

    @Test
    void aHeadRequestAndABearerTokenAreSentAsConfigured() throws Exception {
        ProbeResult result = probe.probe(target("http", Map.of("url", url("/health"), "method", "head", "bearerToken", "s3cr3t-token")));

        assertTrue(result.up(), result::toString);
        assertEquals("HEAD", methods.get(0));
        assertEquals("Bearer s3cr3t-token", requests.get(0).getFirst("Authorization"));
        assertFalse(result.message().contains("s3cr3t"));
        assertFalse(result.messageEn().contains("s3cr3t"));
    }

    @Test
    void anEndpointThatAnswersTooLateIsDownWithinTheTimeOut() throws Exception {
        long start = System.nanoTime();
        ProbeResult result = probe.probe(target("http", Map.of("url", url("/slow")), Duration.ofMillis(500)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(result.up());
        assertTrue(result.message().contains("500 毫秒内没有完整应答"), result.message());
        assertTrue(result.messageEn().endsWith(" gave no complete answer within 500 ms"), result.messageEn());
        assertTrue(millis < 3000, "took " + millis + " ms");
    }

    @Test
    void aClosedPortIsDownWithAMessage() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProbeResult result = probe.probe(target("http", Map.of("url", "http://127.0.0.1:" + port + "/")));

        assertFalse(result.up());
        assertTrue(result.message().startsWith("无法连接 127.0.0.1:" + port + "："), result.message());
        assertTrue(result.messageEn().startsWith("Cannot connect to 127.0.0.1:" + port + ": "), result.messageEn());
        assertTrue(result.samples().isEmpty());
    }

    @Test
    void settingsThatWereNeverValidatedMakeItDownSayingWhichInBothLanguages() throws Exception {
        ProbeResult url = probe.probe(target("http", Map.of("url", "ftp://example.org/")));
        assertFalse(url.up());
        assertEquals("地址无效：ftp://example.org/", url.message());
        assertEquals("Invalid URL: ftp://example.org/", url.messageEn());

        ProbeResult status = probe.probe(target("http", Map.of("url", url("/health"), "expectStatus", "2xx")));
        assertFalse(status.up());
        assertEquals("预期状态码无效：2xx", status.message());
        assertEquals("Invalid expected status: 2xx", status.messageEn());
        assertTrue(requests.isEmpty(), "nothing was requested");
    }

    @Test
    void aSelfSignedCertificateIsRefusedUnlessTlsErrorsAreIgnoredAndItsDaysLeftAreReadEitherWay(@TempDir Path folder) throws Exception {
        Path keystore = TestTargets.selfSignedKeyStore(folder, 30);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context));
        serve(https);
        https.start();
        try {
            String url = "https://localhost:" + https.getAddress().getPort() + "/health";

            ProbeResult refused = probe.probe(target("http", Map.of("url", url)));
            assertFalse(refused.up());
            assertTrue(refused.message().contains("TLS 握手失败"), refused.message());
            assertTrue(refused.messageEn().startsWith("The TLS handshake with localhost:"), refused.messageEn());

            ProbeResult ignored = probe.probe(target("http", Map.of("url", url, "ignoreTlsErrors", "true")));
            assertTrue(ignored.up(), ignored::toString);
            double days = value(ignored, "tls_cert_days_left");
            assertTrue(days > 29.9 && days <= 30.01, "days left: " + days);

            // by address, the certificate's host name check is skipped too
            ProbeResult byAddress = probe.probe(target("http", Map.of("url", url.replace("localhost", "127.0.0.1"),
                    "ignoreTlsErrors", "TRUE", "bodyContains", "UP")));
            assertTrue(byAddress.up(), byAddress::toString);
            assertEquals(1, value(byAddress, "http_body_match"));
        } finally {
            https.stop(0);
        }
    }
}
