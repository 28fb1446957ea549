package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.metrics;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.monitoring.ProbeResult;

/** The JVM probe on the test's own JVM. */
class JvmProbeTest {

    @Test
    void theTestsJvmHasHeapThreadsCollectionsUptimeAndCpuInRange() {
        System.gc();
        ProbeResult result = new JvmProbe().probe(target("jvm", Map.of()));

        assertTrue(result.up());
        assertTrue(result.message().matches("堆 \\d+ MB / \\d+ MB，线程 \\d+"), result.message());
        assertTrue(result.messageEn().matches("Heap \\d+ MB / \\d+ MB, \\d+ threads"), result.messageEn());
        assertEquals(List.of("jvm_heap_used_bytes", "jvm_heap_max_bytes", "jvm_heap_used_ratio", "jvm_nonheap_used_bytes",
                "jvm_threads", "jvm_gc_count", "jvm_gc_time_ms", "jvm_uptime_seconds", "jvm_cpu_load"), metrics(result));
        double used = value(result, "jvm_heap_used_bytes");
        double max = value(result, "jvm_heap_max_bytes");
        assertTrue(used > 0 && used <= max, used + " of " + max);
        assertEquals(used / max, value(result, "jvm_heap_used_ratio"), 1e-9);
        assertTrue(value(result, "jvm_nonheap_used_bytes") > 0);
        assertTrue(value(result, "jvm_threads") >= 1);
        assertTrue(value(result, "jvm_gc_count") >= 1, "System.gc() ran a collection");
        assertTrue(value(result, "jvm_gc_time_ms") >= 0);
        assertTrue(value(result, "jvm_uptime_seconds") > 0);
        double cpu = value(result, "jvm_cpu_load");
        assertTrue(cpu >= 0 && cpu <= 1, "cpu " + cpu);
    }
}
