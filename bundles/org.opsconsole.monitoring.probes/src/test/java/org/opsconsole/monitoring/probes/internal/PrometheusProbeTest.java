package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.metrics;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.monitoring.ProbeResult;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The Prometheus probe scraping a local exposition endpoint. */
class PrometheusProbeTest {

    private final PrometheusProbe probe = new PrometheusProbe();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> answer(exchange, 200, PrometheusTextTest.NODE_EXPORTER
                + "up 1\nprobe_duration_ms 3\n"
                + "many{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\",f=\"6\",g=\"7\",h=\"8\",i=\"9\"} 1\n"));
        server.createContext("/broken", exchange -> answer(exchange, 500, "oops"));
        server.createContext("/html", exchange -> answer(exchange, 200, "<html><body>login</body></html>"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void everyFiniteSeriesBecomesASampleAndWhatCannotIsCounted() throws Exception {
        ProbeResult result = probe.probe(target("prometheus", Map.of("url", url("/metrics"), "bearerToken", "tok-123")));

        assertTrue(result.up(), result::toString);
        assertEquals(0.42, value(result, "node_load1"));
        assertEquals(5.5e9, value(result, "node_filesystem_avail_bytes", Map.of("device", "/dev/sdb1", "fstype", "xfs", "mountpoint", "/data")));
        assertEquals(12, value(result, "http_request_duration_seconds_bucket", Map.of("le", "+Inf")));
        assertFalse(metrics(result).contains("go_gc_ratio"));
        assertFalse(metrics(result).contains("up"));
        assertFalse(metrics(result).contains("many"));
        assertEquals(9, result.samples().size());
        assertEquals("抓取 15 个序列，保留 9 个；跳过：非有限值（NaN/Inf） 3，标签过多或名称过长 1，与监控模块自身指标同名 2", result.message());
        assertEquals("Scraped 15 series, kept 9; skipped: 3 not finite (NaN/Inf), 1 with too many labels or too long names,"
                + " 2 named like the monitoring module's own metrics", result.messageEn());
        assertEquals(List.of("Bearer tok-123"), authorizations);
    }

    @Test
    void theIncludeExpressionMatchesWholeNamesAndMaxSamplesCuts() throws Exception {
        ProbeResult filtered = probe.probe(target("prometheus", Map.of("url", url("/metrics"), "include", "node_.*")));
        assertEquals(List.of("node_load1", "node_filesystem_avail_bytes", "node_filesystem_avail_bytes", "node_label_escapes"),
                metrics(filtered));

        ProbeResult whole = probe.probe(target("prometheus", Map.of("url", url("/metrics"), "include", "node_load")));
        assertEquals(List.of(), metrics(whole), "node_load does not match node_load1 as a whole");
        assertEquals("抓取 15 个序列，匹配筛选 0 个，保留 0 个", whole.message());
        assertEquals("Scraped 15 series, 0 matching the filter, kept 0", whole.messageEn());

        ProbeResult cut = probe.probe(target("prometheus", Map.of("url", url("/metrics"), "maxSamples", "2")));
        assertTrue(cut.up());
        assertEquals(List.of("node_load1", "node_filesystem_avail_bytes"), metrics(cut));
        assertTrue(cut.message().contains("超出上限 8"), cut.message());
        assertTrue(cut.messageEn().contains("skipped: 8 beyond the maximum"), cut.messageEn());
        assertEquals("null", authorizations.get(0));
    }

    @Test
    void anErrorStatusOrATextOutOfTheFormatIsDown() throws Exception {
        ProbeResult broken = probe.probe(target("prometheus", Map.of("url", url("/broken"))));
        assertFalse(broken.up());
        assertEquals("指标端点应答 HTTP 500（应为 200）", broken.message());
        assertEquals("The metrics endpoint answered HTTP 500 (200 expected)", broken.messageEn());

        ProbeResult html = probe.probe(target("prometheus", Map.of("url", url("/html"))));
        assertFalse(html.up());
        assertTrue(html.message().startsWith("指标不是 Prometheus 文本格式：第 1 行："), html.message());
        assertTrue(html.messageEn().startsWith("The metrics are not in the Prometheus text format: Line 1: "), html.messageEn());
        assertTrue(html.samples().isEmpty());
    }
}
