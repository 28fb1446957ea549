package org.opsconsole.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.trust.UntrustedUploadException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distribution's {@code deploy/} folder as a door to the plugin manager: a feature archive ({@code .zip}) or a
 * bundle ({@code .jar}) dropped there is installed (or updated, when changed) with the same trust check, plan and
 * rollback as an upload, once its size and date stay the same for one look; removing the file uninstalls what it
 * installed. When a file cannot be installed, {@code <file>.failed.txt} beside it says why (removed once it
 * works). What the folder installed is remembered in {@code <data>/plugins/deploy.properties}. The folder is looked at
 * every {@value #DEFAULT_POLL_MILLIS} ms ({@code opsconsole.plugins.deploy.poll.ms}); {@code opsconsole.plugins.deploy = off}
 * closes this door.
 */
@Component(immediate = true)
public class DeployFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolder.class);

    static final long DEFAULT_POLL_MILLIS = 2000;
    static final String ACTOR = "deploy-folder";
    private static final String FAILED = "FAILED";

    private final PluginManager manager;
    private final Path folder;
    private final Path stateFile;
    private final ScheduledExecutorService timer;
    /** size:modified of each file at the last look, to install a file only once it stays the same. */
    private final Map<String, String> lastSeen = new HashMap<>();

    @Activate
    public DeployFolder(BundleContext context, @Reference PluginManager manager) {
        this.manager = manager;
        String home = context.getProperty("opsconsole.home");
        String data = context.getProperty("opsconsole.data");
        this.folder = Path.of(home == null ? "." : home).resolve("deploy");
        this.stateFile = Path.of(data == null ? "data" : data).resolve("plugins").resolve("deploy.properties");
        String poll = context.getProperty("opsconsole.plugins.deploy.poll.ms");
        long millis = poll == null || !poll.trim().matches("\\d{2,7}") ? DEFAULT_POLL_MILLIS : Long.parseLong(poll.trim());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "opsconsole-deploy-folder");
            thread.setDaemon(true);
            return thread;
        });
        if ("off".equalsIgnoreCase(String.valueOf(context.getProperty("opsconsole.plugins.deploy")).trim())) {
            LOG.info("The deploy folder is off (opsconsole.plugins.deploy = off)");
        } else {
            timer.scheduleWithFixedDelay(this::look, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** One look at the folder. */
    void look() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try {
            Properties state = readState();
            Map<String, Path> files = new TreeMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.{zip,jar}")) {
                for (Path file : entries) {
                    if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
                        files.put(file.getFileName().toString(), file);
                    }
                }
            }
            boolean changed = false;
            for (Map.Entry<String, Path> entry : files.entrySet()) {
                String name = entry.getKey();
                String stamp = Files.size(entry.getValue()) + ":" + Files.getLastModifiedTime(entry.getValue()).toMillis();
                String known = state.getProperty(name);
                if (known != null && known.startsWith(stamp + "|")) {
                    continue;
                }
                if (!stamp.equals(lastSeen.put(name, stamp))) {
                    continue; // new or still being written: wait for one more look
                }
                state.setProperty(name, stamp + "|" + install(entry.getValue(), name));
                changed = true;
            }
            for (String name : state.stringPropertyNames()) {
                if (!files.containsKey(name)) {
                    String key = state.getProperty(name).substring(state.getProperty(name).indexOf('|') + 1);
                    if (!key.equals(FAILED)) {
                        uninstall(name, key);
                    }
                    state.remove(name);
                    lastSeen.remove(name);
                    changed = true;
                }
            }
            if (changed) {
                writeState(state);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The deploy folder {} could not be read: {}", folder, e.getMessage(), e);
        }
    }

    /** @return the key of the installed feature, or {@value #FAILED} */
    private String install(Path file, String name) throws IOException {
        Path failed = folder.resolve(name + ".failed.txt");
        Path copy = manager.workFolder().resolve("incoming").resolve("deploy-" + name);
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try {
            PluginManager.Prepared ready = manager.prepare(copy, name, "deploy:" + name, ACTOR);
            PluginManager.Applied applied = manager.apply(ready.id(), ACTOR, "deploy:" + name);
            Files.deleteIfExists(failed);
            LOG.info("Deploy folder: {} installed as change {} ({})", name, applied.change(), applied.featureId());
            return ready.feature().key();
        } catch (ArchiveException e) {
            return failed(failed, name, e.messageZh() + "\n" + e.messageEn());
        } catch (UntrustedUploadException e) {
            return failed(failed, name, e.messageZh() + "\n" + e.messageEn());
        } catch (PluginManager.RefusedException e) {
            StringBuilder why = new StringBuilder();
            e.plan.problems().forEach(p -> why.append(p.zh()).append('\n').append(p.en()).append('\n'));
            return failed(failed, name, why.toString().trim());
        } catch (PluginManager.FailedException e) {
            return failed(failed, name, "变更失败，已回滚：" + e.reason.zh() + "\nThe change failed and was rolled back: " + e.reason.en());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private String failed(Path report, String name, String why) throws IOException {
        LOG.warn("Deploy folder: {} was not installed: {}", name, why.replace('\n', ' '));
        Files.writeString(report, why + "\n", StandardCharsets.UTF_8);
        return FAILED;
    }

    private void uninstall(String name, String key) {
        try {
            PluginManager.Applied applied = manager.uninstall(key, ACTOR, "deploy:" + name);
            LOG.info("Deploy folder: {} removed, so {} was uninstalled (change {})", name, key, applied.change());
        } catch (PluginManager.RefusedException | PluginManager.FailedException | IOException e) {
            LOG.warn("Deploy folder: {} was removed, but {} could not be uninstalled: {}", name, key, e.getMessage());
        }
    }

    private Properties readState() throws IOException {
        Properties state = new Properties();
        if (Files.isRegularFile(stateFile)) {
            try (InputStream in = Files.newInputStream(stateFile)) {
                state.load(in);
            }
        }
        return state;
    }

    private void writeState(Properties state) throws IOException {
        Files.createDirectories(stateFile.getParent());
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            state.store(out, "deploy/ files and the module each installed: size:modified|feature key");
        }
        Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
