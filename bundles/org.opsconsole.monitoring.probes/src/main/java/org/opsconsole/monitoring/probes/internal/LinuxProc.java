package org.opsconsole.monitoring.probes.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host probe reads from Linux's {@code /proc}: the CPU times ({@code /proc/stat}), the load averages
 * ({@code /proc/loadavg}), the memory ({@code /proc/meminfo}) and the mounted file systems ({@code /proc/self/mounts}),
 * each parsed from the file's text. A text not in the expected form throws {@link IllegalArgumentException}.
 */
final class LinuxProc {

    /** File system types that hold no disk space of their own. */
    static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of("proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "cgroup",
            "cgroup2", "mqueue", "securityfs", "debugfs", "tracefs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs",
            "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "ramfs", "efivarfs", "selinuxfs", "squashfs", "fuse.lxcfs",
            "fuse.gvfsd-fuse", "fuse.portal", "nfsd");

    private LinuxProc() {
    }

    /**
     * The CPU time spent since boot, over all CPUs, in clock ticks.
     *
     * @param total all time: user, nice, system, idle, iowait, irq, softirq, steal
     * @param idle the idle and I/O-wait time
     */
    record CpuTimes(long total, long idle) {

        /** @return the share of the time between the earlier reading and this one that the CPUs were busy, 0..1 */
        double usedSince(CpuTimes earlier) {
            long total = this.total - earlier.total;
            long idle = this.idle - earlier.idle;
            if (total <= 0) {
                return 0;
            }
            return Math.min(1, Math.max(0, 1 - (double) idle / total));
        }
    }

    /**
     * The load averages.
     *
     * @param one over 1 minute
     * @param five over 5 minutes
     * @param fifteen over 15 minutes
     */
    record Load(double one, double five, double fifteen) {
    }

    /**
     * The memory.
     *
     * @param total the usable RAM, in bytes
     * @param available what can be had for new work without swapping, in bytes
     */
    record Memory(long total, long available) {
    }

    /**
     * A mounted file system.
     *
     * @param device what is mounted
     * @param path where
     * @param type the file system type
     */
    record Mount(String device, String path, String type) {
    }

    /** @return the times of the {@code cpu} line of {@code /proc/stat} */
    static CpuTimes cpuTimes(String stat) {
        for (String line : stat.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields[0].equals("cpu")) {
                if (fields.length < 5) {
                    throw new IllegalArgumentException("/proc/stat: the cpu line has too few fields");
                }
                long total = 0;
                for (int i = 1; i < Math.min(fields.length, 9); i++) {
                    total += Long.parseLong(fields[i]);
                }
                long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
                return new CpuTimes(total, idle);
            }
        }
        throw new IllegalArgumentException("/proc/stat has no cpu line");
    }

    /** @return the three averages of {@code /proc/loadavg} */
    static Load load(String loadavg) {
        String[] fields = loadavg.strip().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("/proc/loadavg has too few fields");
        }
        return new Load(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
    }

    /** @return the total and available memory of {@code /proc/meminfo} (kernels before 3.14 have no MemAvailable) */
    static Memory memory(String meminfo) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] value = line.substring(colon + 1).strip().split("\\s+");
                try {
                    kib.put(line.substring(0, colon).strip(), Long.parseLong(value[0]));
                } catch (NumberFormatException e) {
                    // not a number: not one of ours
                }
            }
        }
        Long total = kib.get("MemTotal");
        if (total == null) {
            throw new IllegalArgumentException("/proc/meminfo has no MemTotal");
        }
        Long available = kib.get("MemAvailable");
        if (available == null) {
            available = kib.getOrDefault("MemFree", 0L) + kib.getOrDefault("Buffers", 0L) + kib.getOrDefault("Cached", 0L);
        }
        return new Memory(total * 1024, available * 1024);
    }

    /** @return the mounts of {@code /proc/self/mounts}, in its order, paths decoded ({@code \040} is a space) */
    static List<Mount> mounts(String mounts) {
        List<Mount> result = new ArrayList<>();
        for (String line : mounts.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3) {
                result.add(new Mount(unescape(fields[0]), unescape(fields[1]), fields[2]));
            }
        }
        return result;
    }

    /**
     * The mounts that hold disk space: no pseudo file systems, and each device once, at its shortest path (a bind
     * mount or a container's overlay shows the same space again).
     */
    static List<Mount> realFileSystems(List<Mount> mounts) {
        Map<String, Mount> byDevice = new LinkedHashMap<>();
        for (Mount mount : mounts) {
            if (PSEUDO_FILE_SYSTEMS.contains(mount.type()) || !mount.path().startsWith("/")) {
                continue;
            }
            byDevice.merge(mount.device(), mount, (kept, other) -> other.path().length() < kept.path().length() ? other : kept);
        }
        return List.copyOf(byDevice.values());
    }

    /** Decodes the octal escapes the kernel writes for spaces, tabs, new lines and backslashes. */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
