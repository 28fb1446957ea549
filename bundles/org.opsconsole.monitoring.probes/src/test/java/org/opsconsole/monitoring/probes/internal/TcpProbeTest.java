package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.metrics;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.monitoring.ProbeResult;

/** The TCP probe against a listening socket and a closed port. */
class TcpProbeTest {

    private final TcpProbe probe = new TcpProbe();

    @Test
    void aListeningPortIsUpWithItsConnectTime() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProbeResult result = probe.probe(target("tcp", Map.of("host", "127.0.0.1", "port", Integer.toString(server.getLocalPort()))));

            assertTrue(result.up(), result::toString);
            assertEquals(List.of("tcp_connect_ms"), metrics(result));
            assertTrue(value(result, "tcp_connect_ms") >= 0);
            assertTrue(result.message().matches("已连接 127\\.0\\.0\\.1:" + server.getLocalPort() + "，\\d+ 毫秒"), result.message());
            assertTrue(result.messageEn().matches("Connected to 127\\.0\\.0\\.1:" + server.getLocalPort() + " in \\d+ ms"),
                    result.messageEn());
        }
    }

    @Test
    void aClosedPortIsDownWithoutSamples() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        ProbeResult result = probe.probe(target("tcp", Map.of("host", "127.0.0.1", "port", Integer.toString(port))));

        assertFalse(result.up());
        assertTrue(result.samples().isEmpty());
        assertTrue(result.message().contains("连接被拒绝"), result.message());
        assertEquals("Cannot connect to 127.0.0.1:" + port + ": connection refused (nothing listens on the port, or a firewall refuses)",
                result.messageEn());
    }

    @Test
    void anUnknownHostIsDown() throws Exception {
        ProbeResult result = probe.probe(target("tcp", Map.of("host", "no-such-host.invalid", "port", "80")));

        assertFalse(result.up());
        assertEquals("无法解析主机名 no-such-host.invalid", result.message());
        assertEquals("Cannot resolve the host name no-such-host.invalid", result.messageEn());
    }

    @Test
    void aPortThatWasNeverValidatedIsDownSayingSoInBothLanguages() throws Exception {
        ProbeResult result = probe.probe(target("tcp", Map.of("host", "127.0.0.1", "port", "70000")));

        assertFalse(result.up());
        assertEquals("端口无效：70000", result.message());
        assertEquals("Invalid port: 70000", result.messageEn());
    }
}
