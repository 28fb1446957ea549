package org.opsconsole.monitoring.probes.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;

import javax.management.JMException;
import javax.management.ObjectName;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.osgi.service.component.annotations.Component;

/**
 * The console's own JVM (控制台 JVM), through {@code java.lang.management}; always up. No settings.
 *
 * <p>Samples: {@code jvm_heap_used_bytes}, {@code jvm_heap_max_bytes} (the committed heap when the JVM has no
 * maximum), {@code jvm_heap_used_ratio}, {@code jvm_nonheap_used_bytes}, {@code jvm_threads}, {@code jvm_gc_count}
 * and {@code jvm_gc_time_ms} (totals over the collectors since the start), {@code jvm_uptime_seconds}, and
 * {@code jvm_cpu_load} (the process's CPU use, 0..1, when the JVM tells it). The CPU load is read as the platform
 * MBean's {@code ProcessCpuLoad} attribute, so that the bundle needs no {@code com.sun.management} import.
 */
@Component(service = Probe.class)
@ProbeService(kind = "jvm", title = "控制台 JVM", titleEn = "Console JVM")
public class JvmProbe implements Probe {

    private static final double MEBIBYTE = 1024.0 * 1024;

    @Override
    public List<SettingField> fields() {
        return List.of();
    }

    @Override
    public ProbeResult probe(ProbeTarget target) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double heapRatio = max > 0 ? (double) heap.getUsed() / max : 0;
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        String heapText = Math.round(heap.getUsed() / MEBIBYTE) + " MB / " + Math.round(max / MEBIBYTE) + " MB";
        ProbeResult.Builder result = ProbeResult.up("堆 " + heapText + "，线程 " + threads,
                        "Heap " + heapText + ", " + threads + " threads")
                .sample("jvm_heap_used_bytes", heap.getUsed())
                .sample("jvm_heap_max_bytes", max)
                .sample("jvm_heap_used_ratio", heapRatio)
                .sample("jvm_nonheap_used_bytes", nonHeap.getUsed())
                .sample("jvm_threads", threads)
                .sample("jvm_gc_count", gcCount)
                .sample("jvm_gc_time_ms", gcMillis)
                .sample("jvm_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        double cpu = processCpuLoad();
        if (cpu >= 0 && cpu <= 1) {
            result.sample("jvm_cpu_load", cpu);
        }
        return result.build();
    }

    /** @return the process's recent CPU use, 0..1, or a negative number when the JVM does not tell it */
    static double processCpuLoad() {
        try {
            Object load = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuLoad");
            return load instanceof Number number ? number.doubleValue() : -1;
        } catch (JMException e) {
            return -1;
        }
    }
}
