package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.Sample;

/** The host probe on this machine, and its reading of /proc texts. */
class HostProbeTest {

    private final HostProbe probe = new HostProbe();

    @Test
    void thisMachineHasCpuLoadMemoryAndTheRootFileSystemInRange() throws Exception {
        ProbeResult first = probe.probe(target("host", Map.of()));
        ProbeResult second = probe.probe(target("host", Map.of()));

        for (ProbeResult result : List.of(first, second)) {
            assertTrue(result.up(), result::toString);
            double cpu = value(result, "host_cpu_used_ratio");
            assertTrue(cpu >= 0 && cpu <= 1, "cpu " + cpu);
            assertTrue(value(result, "host_load1") >= 0 && value(result, "host_load5") >= 0 && value(result, "host_load15") >= 0);
            double total = value(result, "host_memory_total_bytes");
            double available = value(result, "host_memory_available_bytes");
            assertTrue(total > 64 * 1024 * 1024 && available > 0 && available <= total, total + " " + available);
            assertEquals(1 - available / total, value(result, "host_memory_used_ratio"), 1e-9);
            assertTrue(result.message().matches("CPU \\d+%，负载 [0-9.]+，内存 \\d+%(，最满的磁盘 .+ \\d+%)?"), result.message());
            assertTrue(result.messageEn().matches("CPU \\d+%, load [0-9.]+, memory \\d+%(, fullest disk .+ \\d+%)?"),
                    result.messageEn());
        }
        Set<String> mounts = mounts(first);
        assertTrue(mounts.contains("/"), mounts::toString);
        for (String mount : mounts) {
            Map<String, String> label = Map.of("mount", mount);
            double size = value(first, "disk_size_bytes", label);
            double used = value(first, "disk_used_bytes", label);
            double free = value(first, "disk_free_bytes", label);
            double ratio = value(first, "disk_used_ratio", label);
            assertTrue(size > 0 && used >= 0 && free >= 0 && used + free <= size, mount + ": " + size + " " + used + " " + free);
            assertTrue(ratio >= 0 && ratio <= 1, mount + ": " + ratio);
            assertFalse(mount.startsWith("/proc") || mount.startsWith("/sys") || mount.equals("/dev"), mount);
        }
    }

    @Test
    void onlyTheNamedMountsAreMeasuredAndAMissingOneMakesTheTargetDown(@TempDir Path folder) throws Exception {
        ProbeResult root = probe.probe(target("host", Map.of("mounts", "/")));
        assertTrue(root.up(), root::toString);
        assertEquals(Set.of("/"), mounts(root));

        ProbeResult missing = probe.probe(target("host", Map.of("mounts", "/, " + folder.resolve("nothing-here"))));
        assertFalse(missing.up());
        assertTrue(missing.message().startsWith("挂载点不存在或读不到：" + folder.resolve("nothing-here") + "；CPU "), missing.message());
        assertTrue(missing.messageEn().startsWith("Mount points missing or unreadable: " + folder.resolve("nothing-here") + "; CPU "),
                missing.messageEn());
        assertEquals(Set.of("/"), mounts(missing));
    }

    @Test
    void withoutProcTheProbeIsDown(@TempDir Path folder) throws Exception {
        ProbeResult result = new HostProbe(folder).probe(target("host", Map.of()));

        assertFalse(result.up());
        assertEquals("读不到 " + folder.resolve("stat") + "：本机主机探测只支持 Linux", result.message());
        assertEquals("Cannot read " + folder.resolve("stat") + ": the host probe works on Linux only", result.messageEn());
    }

    @Test
    void procTextsAreRead() {
        LinuxProc.CpuTimes before = LinuxProc.cpuTimes("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\n");
        LinuxProc.CpuTimes after = LinuxProc.cpuTimes("cpu  160 0 70 900 70 0 0 0 0 0\n");
        assertEquals(new LinuxProc.CpuTimes(1000, 850), before);
        assertEquals(0.4, after.usedSince(before), 1e-9);
        assertEquals(new LinuxProc.Load(0.5, 1.25, 2.0), LinuxProc.load("0.50 1.25 2.00 1/234 5678\n"));
        assertEquals(new LinuxProc.Memory(2048L * 1024, 1024L * 1024),
                LinuxProc.memory("MemTotal:        2048 kB\nMemFree:  100 kB\nMemAvailable:    1024 kB\n"));
        assertEquals(new LinuxProc.Memory(2048L * 1024, 700L * 1024),
                LinuxProc.memory("MemTotal: 2048 kB\nMemFree: 100 kB\nBuffers: 100 kB\nCached: 500 kB\n"));
    }

    @Test
    void realFileSystemsLeaveOutPseudoOnesAndRepeatedDevices() {
        List<LinuxProc.Mount> mounts = LinuxProc.mounts("""
                overlay / overlay rw,relatime,lowerdir=/a 0 0
                proc /proc proc rw,nosuid 0 0
                tmpfs /dev tmpfs rw 0 0
                sysfs /sys sysfs ro 0 0
                cgroup /sys/fs/cgroup cgroup2 ro 0 0
                /dev/sda1 /etc/hosts ext4 rw 0 0
                /dev/sda1 /data ext4 rw 0 0
                /dev/sdb1 /mnt/backup\\040disk xfs rw 0 0
                """);
        assertEquals(List.of(new LinuxProc.Mount("overlay", "/", "overlay"), new LinuxProc.Mount("/dev/sda1", "/data", "ext4"),
                new LinuxProc.Mount("/dev/sdb1", "/mnt/backup disk", "xfs")), LinuxProc.realFileSystems(mounts));
    }

    private static Set<String> mounts(ProbeResult result) {
        return result.samples().stream().filter(s -> s.metric().equals("disk_size_bytes")).map(Sample::labels)
                .map(labels -> labels.get("mount")).collect(Collectors.toSet());
    }
}
