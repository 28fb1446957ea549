package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text exposition format reader, on fixed texts. */
class PrometheusTextTest {

    static final String NODE_EXPORTER = """
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            node_load1 0.42
            # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
            # TYPE node_filesystem_avail_bytes gauge
            node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1.2345678e+10
            node_filesystem_avail_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/data",} 5.5e9 1732600000000
            # a plain comment, and a blank line

            node_label_escapes{path="C:\\\\tmp",quote="say \\"hi\\"",lines="a\\nb"} -3
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.1"} 10
            http_request_duration_seconds_bucket{le="+Inf"} 12
            http_request_duration_seconds_sum 1.5
            http_request_duration_seconds_count 12
            go_gc_ratio NaN
            go_max +Inf
            go_min -Inf
            spaced_metric { a = "1" , b="2" }\t7\t-12
            """;

    @Test
    void aNodeExporterTextIsReadSeriesBySeries() throws Exception {
        List<PrometheusText.Series> series = PrometheusText.parse(NODE_EXPORTER);

        assertEquals(12, series.size());
        assertEquals(new PrometheusText.Series("node_load1", Map.of(), 0.42), series.get(0));
        assertEquals(Map.of("device", "/dev/sda1", "fstype", "ext4", "mountpoint", "/"), series.get(1).labels());
        assertEquals(1.2345678e10, series.get(1).value());
        assertEquals("/data", series.get(2).labels().get("mountpoint"));
        assertEquals(5.5e9, series.get(2).value());
        assertEquals(Map.of("path", "C:\\tmp", "quote", "say \"hi\"", "lines", "a\nb"), series.get(3).labels());
        assertEquals(-3, series.get(3).value());
        assertEquals("http_request_duration_seconds_bucket", series.get(4).metric());
        assertEquals("+Inf", series.get(5).labels().get("le"));
        assertEquals("http_request_duration_seconds_count", series.get(7).metric());
        assertTrue(Double.isNaN(series.get(8).value()));
        assertEquals(Double.POSITIVE_INFINITY, series.get(9).value());
        assertEquals(Double.NEGATIVE_INFINITY, series.get(10).value());
        assertEquals(new PrometheusText.Series("spaced_metric", Map.of("a", "1", "b", "2"), 7), series.get(11));
    }

    @Test
    void windowsLineEndsAndAnEmptyTextAreFine() throws Exception {
        assertEquals(List.of(new PrometheusText.Series("a", Map.of(), 1), new PrometheusText.Series("b", Map.of(), 2)),
                PrometheusText.parse("a 1\r\nb 2\r\n"));
        assertEquals(List.of(), PrometheusText.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "node_load1",
        "node_load1 abc",
        "node_load1 0x10",
        "node_load1 1 2 3",
        "node_load1 1 1.5",
        "9metric 1",
        "m{a=\"1\" 1",
        "m{a=1} 1",
        "m{a=\"1\",a=\"2\"} 1",
        "m{a=\"bad \\t escape\"} 1",
        "m{a=\"unclosed} 1",
        "m{a:b=\"1\"} 1",
        "m{a=\"1\" b=\"2\"} 1",
        "# TYPE m gauges",
        "# HELP",
    })
    void aLineOutOfTheFormatFailsNamingItsLine(String line) {
        PrometheusText.FormatException e = assertThrows(PrometheusText.FormatException.class,
                () -> PrometheusText.parse("ok_metric 1\n" + line + "\n"));
        assertTrue(e.getMessage().startsWith("第 2 行："), e.getMessage());
        assertTrue(e.messageEn().startsWith("Line 2: ") && e.messageEn().chars().allMatch(c -> c < 0x2E80), e.messageEn());
    }
}
