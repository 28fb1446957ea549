package org.opsconsole.monitoring.probes.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

/**
 * The console's own host (本机主机), on Linux: CPU, load, memory from {@code /proc}, and the disk space of each
 * mounted file system (or of the mounts the target names). Up when everything could be read.
 *
 * <p>The CPU use is measured between this probe's previous call and this one (shared by all host targets: any two
 * readings give a valid measure); at the first call, or when the previous call was only a moment ago, over
 * {@value #SHORT_MEASURE_MILLIS} ms.
 *
 * <p>Samples: {@code host_cpu_used_ratio} (0..1), {@code host_load1}, {@code host_load5}, {@code host_load15},
 * {@code host_memory_total_bytes}, {@code host_memory_available_bytes}, {@code host_memory_used_ratio}, and per
 * mount (label {@code mount}) {@code disk_size_bytes}, {@code disk_used_bytes}, {@code disk_free_bytes} (what is
 * free to other users than root) and {@code disk_used_ratio} (used / (used + free), as {@code df} shows it).
 */
@Component(service = Probe.class)
@ProbeService(kind = "host", title = "本机主机", titleEn = "Console host")
public class HostProbe implements Probe {

    static final long SHORT_MEASURE_MILLIS = 200;
    /** Fewer clock ticks than this since the previous reading (10 ms each) are too few to tell the CPU use. */
    private static final long MIN_TICKS = 10;

    private static final List<SettingField> FIELDS = List.of(new SettingField("mounts", "挂载点", "Mount points",
            Kind.TEXT, false, "可选，以逗号分隔，例如 /,/data；留空则统计全部实际文件系统"
                    + " / Optional, separated by commas, e.g. /,/data; leave empty to measure all real file systems"));

    private final Path proc;
    private final AtomicReference<LinuxProc.CpuTimes> previous = new AtomicReference<>();

    /** A probe of this machine. */
    public HostProbe() {
        this(Path.of("/proc"));
    }

    /** @param proc where the proc file system is mounted */
    HostProbe(Path proc) {
        this.proc = proc;
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        for (String mount : mounts(ProbeSettings.text(settings, "mounts"))) {
            if (!mount.startsWith("/")) {
                return List.of(new FieldError("mounts", "挂载点须为以 / 开头的绝对路径：" + mount,
                        "Mount points must be absolute paths starting with /: " + mount));
            }
        }
        return List.of();
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        if (!Files.isReadable(proc.resolve("stat"))) {
            return ProbeResult.down("读不到 " + proc.resolve("stat") + "：本机主机探测只支持 Linux",
                    "Cannot read " + proc.resolve("stat") + ": the host probe works on Linux only").build();
        }
        List<Sample> samples = new ArrayList<>();
        double cpu = cpuUsed(target);
        samples.add(Sample.of("host_cpu_used_ratio", cpu));
        LinuxProc.Load load = LinuxProc.load(read("loadavg"));
        samples.add(Sample.of("host_load1", load.one()));
        samples.add(Sample.of("host_load5", load.five()));
        samples.add(Sample.of("host_load15", load.fifteen()));
        LinuxProc.Memory memory = LinuxProc.memory(read("meminfo"));
        double memoryUsed = memory.total() == 0 ? 0 : 1 - (double) memory.available() / memory.total();
        samples.add(Sample.of("host_memory_total_bytes", memory.total()));
        samples.add(Sample.of("host_memory_available_bytes", memory.available()));
        samples.add(Sample.of("host_memory_used_ratio", memoryUsed));

        List<String> wanted = mounts(target.setting("mounts"));
        List<String> paths = wanted.isEmpty()
                ? LinuxProc.realFileSystems(LinuxProc.mounts(read("self/mounts"))).stream().map(LinuxProc.Mount::path).toList()
                : wanted;
        List<String> missing = new ArrayList<>();
        String fullest = null;
        double fullestRatio = -1;
        for (String path : paths) {
            if (path.length() > Sample.MAX_LABEL_VALUE) {
                continue;
            }
            Path mount = Path.of(path);
            if (!Files.isDirectory(mount)) {
                missing.add(path);
                continue;
            }
            FileStore store;
            try {
                store = Files.getFileStore(mount);
            } catch (IOException e) {
                missing.add(path);
                continue;
            }
            long size = store.getTotalSpace();
            if (size <= 0 && wanted.isEmpty()) {
                continue;
            }
            long used = size - store.getUnallocatedSpace();
            long free = store.getUsableSpace();
            double ratio = used + free <= 0 ? 0 : (double) used / (used + free);
            Map<String, String> label = Map.of("mount", path);
            samples.add(new Sample("disk_size_bytes", label, size));
            samples.add(new Sample("disk_used_bytes", label, used));
            samples.add(new Sample("disk_free_bytes", label, free));
            samples.add(new Sample("disk_used_ratio", label, ratio));
            if (ratio > fullestRatio) {
                fullestRatio = ratio;
                fullest = path;
            }
        }
        String message = "CPU " + percent(cpu) + "，负载 " + load.one() + "，内存 " + percent(memoryUsed)
                + (fullest == null ? "" : "，最满的磁盘 " + fullest + " " + percent(fullestRatio));
        String messageEn = "CPU " + percent(cpu) + ", load " + load.one() + ", memory " + percent(memoryUsed)
                + (fullest == null ? "" : ", fullest disk " + fullest + " " + percent(fullestRatio));
        ProbeResult.Builder result = missing.isEmpty() ? ProbeResult.up(message, messageEn)
                : ProbeResult.down("挂载点不存在或读不到：" + String.join("、", missing) + "；" + message,
                        "Mount points missing or unreadable: " + String.join(", ", missing) + "; " + messageEn);
        samples.forEach(result::sample);
        return result.build();
    }

    /** The CPU use since the previous call, or over a short moment when there is no usable previous reading. */
    private double cpuUsed(ProbeTarget target) throws IOException, InterruptedException {
        LinuxProc.CpuTimes now = LinuxProc.cpuTimes(read("stat"));
        LinuxProc.CpuTimes before = previous.getAndSet(now);
        if (before != null && now.total() - before.total() >= MIN_TICKS) {
            return now.usedSince(before);
        }
        Thread.sleep(Math.min(SHORT_MEASURE_MILLIS, Math.max(1, target.timeout().toMillis() / 4)));
        LinuxProc.CpuTimes later = LinuxProc.cpuTimes(read("stat"));
        previous.set(later);
        return later.usedSince(now);
    }

    private String read(String file) throws IOException {
        // not readString: a mount path may hold bytes that are not UTF-8, which readString refuses
        return new String(Files.readAllBytes(proc.resolve(file)), StandardCharsets.UTF_8);
    }

    private static List<String> mounts(String setting) {
        List<String> mounts = new ArrayList<>();
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                mounts.add(part.strip());
            }
        }
        return mounts;
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }
}
