package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Fault#DISK_FILL} fault: while it is on, the file {@value #FILE} in the sandbox folder grows by
 * {@value #STEP_MB} MB a second up to the set size (shrinking when the size is lowered), but never leaves less than
 * {@value #RESERVE_MB} MB free on its disk. Switched off, or when the sandbox stops, the file is removed.
 */
@Component(immediate = true)
public class DiskFill {

    static final String FILE = "disk-fill.bin";
    static final int STEP_MB = 16;
    static final long RESERVE_MB = 1024;
    private static final long MB = 1024L * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DiskFill.class);

    private final FaultSwitches faults;
    private final Path file;
    private final long reserveBytes;
    private final ScheduledExecutorService timer;
    private boolean warned;

    @Activate
    public DiskFill(@Reference FaultSwitches faults, @Reference PlatformDatabase platform) {
        this(faults, platform.folder().resolve(FILE), RESERVE_MB * MB);
        timer.scheduleWithFixedDelay(this::tickLogged, 1, 1, TimeUnit.SECONDS);
    }

    DiskFill(FaultSwitches faults, Path file, long reserveBytes) {
        this.faults = faults;
        this.file = file;
        this.reserveBytes = reserveBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "opsconsole-sandbox-disk-fill");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("The sandbox's disk-fill file {} could not be removed: {}", file, e.getMessage());
        }
    }

    private void tickLogged() {
        try {
            tick();
        } catch (IOException | RuntimeException e) {
            LOG.warn("The sandbox's disk-fill fault could not change {}: {}", file, e.getMessage());
        }
    }

    /** One step: grow, shrink or remove the file as the switch says. */
    synchronized void tick() throws IOException {
        FaultSwitches.Switch fill = faults.get(Fault.DISK_FILL);
        if (!fill.enabled()) {
            Files.deleteIfExists(file);
            warned = false;
            return;
        }
        Files.createDirectories(file.getParent());
        long target = fill.setting() * MB;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size > target) {
                channel.truncate(target);
                return;
            }
            long step = Math.min(STEP_MB * MB, target - size);
            long free = Files.getFileStore(file.getParent()).getUsableSpace();
            if (free - step < reserveBytes) {
                step = Math.max(0, free - reserveBytes);
                if (!warned) {
                    LOG.warn("The sandbox's disk-fill fault stops growing {} to keep {} MB free on the disk", file, reserveBytes / MB);
                    warned = true;
                }
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(MB, Math.max(1, step)));
            long written = 0;
            channel.position(size);
            while (written < step) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), step - written));
                written += channel.write(chunk);
            }
        }
    }

    /** @return the file the fault grows */
    Path file() {
        return file;
    }
}
