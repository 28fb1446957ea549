package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.health.HealthCheck;
import org.opsconsole.api.monitoring.ProbeResult;

/** The health probe over small checks: fine, worried, failing, throwing and hanging ones. */
class HealthProbeTest {

    private static final String ID = "opsconsole.health.id";

    private final HealthProbe probe = new HealthProbe();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        probe.deactivate();
    }

    @Test
    void anOkAndAWarningCheckAreUpWithTheirStatuses() throws Exception {
        probe.addCheck(() -> HealthCheck.Result.ok("可读写", "Readable"), Map.of(ID, "notify.outbox"));
        probe.addCheck(() -> HealthCheck.Result.warning("证书 20 天后到期", "Certificate expires in 20 days"), Map.of(ID, "web.tls"));

        ProbeResult result = probe.probe(target("health", Map.of()));

        assertTrue(result.up(), result::toString);
        assertEquals(0, value(result, "health_check_status", Map.of("check", "notify.outbox")));
        assertEquals(1, value(result, "health_check_status", Map.of("check", "web.tls")));
        assertEquals("警告：web.tls（证书 20 天后到期）", result.message());
        assertEquals("Warning: web.tls (Certificate expires in 20 days)", result.messageEn());
    }

    @Test
    void aCriticalAThrowingAndAHangingCheckMakeItDownWithinTheTimeLimit() throws Exception {
        HealthCheck ok = () -> HealthCheck.Result.ok("正常", "Fine");
        probe.addCheck(ok, Map.of(ID, "a.ok"));
        probe.addCheck(() -> HealthCheck.Result.critical("数据库不可用", "Database down"), Map.of(ID, "b.db"));
        probe.addCheck(() -> {
            throw new IllegalStateException("表不存在");
        }, Map.of(ID, "c.throws"));
        probe.addCheck(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthCheck.Result.ok("迟到", "Late");
        }, Map.of(ID, "d.hangs"));

        long start = System.nanoTime();
        ProbeResult result = probe.probe(target("health", Map.of(), Duration.ofSeconds(10)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(result.up());
        assertTrue(millis >= HealthProbe.CHECK_MILLIS - 50 && millis < HealthProbe.CHECK_MILLIS + 1500, millis + " ms");
        assertEquals(0, value(result, "health_check_status", Map.of("check", "a.ok")));
        assertEquals(2, value(result, "health_check_status", Map.of("check", "b.db")));
        assertEquals(2, value(result, "health_check_status", Map.of("check", "c.throws")));
        assertEquals(2, value(result, "health_check_status", Map.of("check", "d.hangs")));
        assertTrue(result.message().startsWith("严重：b.db（数据库不可用）、c.throws（检查出错：表不存在）、d.hangs（2000 毫秒内没有答复）"),
                result.message());
        assertTrue(result.messageEn().startsWith("Critical: b.db (Database down), c.throws (The check failed: 表不存在),"
                + " d.hangs (No answer within 2000 ms)"), result.messageEn());

        probe.removeCheck(ok);
        ProbeResult without = probe.probe(target("health", Map.of(), Duration.ofMillis(300)));
        assertEquals(3, without.samples().size());
    }

    @Test
    void noChecksIsUpWithoutSamples() throws Exception {
        ProbeResult result = probe.probe(target("health", Map.of()));

        assertTrue(result.up());
        assertEquals("0 项检查全部正常", result.message());
        assertEquals("0 checks, all OK", result.messageEn());
        assertTrue(result.samples().isEmpty());
    }
}
