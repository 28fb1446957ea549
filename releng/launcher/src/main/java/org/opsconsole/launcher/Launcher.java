package org.opsconsole.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;

/**
 * Embeds Apache Felix and brings it to the desired state: the configured features (and the features
 * they need) from the {@code system/} repository, their configurations applied, their bundles started in
 * start order. The same steps serve a first start and a restart on an existing data folder: bundles
 * already in the framework cache are kept, changed artifacts are updated, bundles no feature names any
 * more are removed.
 *
 * <p>A bundle that cannot be installed or started is reported with its cause; the others start anyway.
 */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    /**
     * Packages the launcher shares with the bundles: the log API and the Configuration Admin API. SLF4J 2
     * serves the 1.7 API too, under both versions, as its own jar declares.
     */
    static final String SYSTEM_PACKAGES = String.join(",",
            "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17", "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36",
            "org.osgi.service.cm;version=1.6.1");

    /**
     * The JVM system property the launcher sets once every bundle was started (and clears at a stop), so
     * that health can tell a console still starting from one whose bundles failed.
     */
    public static final String STARTED_PROPERTY = "opsconsole.started";

    /**
     * The JVM system property naming, comma-separated, the bundles the features name but that could not be
     * installed (set with {@link #STARTED_PROPERTY}), so that health reports them as well.
     */
    public static final String MISSING_PROPERTY = "opsconsole.missing";

    /** Location prefix of the bundles the plugin manager installed at runtime; the launcher leaves them alone. */
    static final String PLUGIN_LOCATION_PREFIX = "plugin:";

    /** Start level of bundles whose feature gives no {@code start-order}. */
    static final int DEFAULT_START_LEVEL = 10;

    private final LaunchOptions options;
    private final Map<Bundle, Throwable> failures = new ConcurrentHashMap<>();
    /** The locations of the bundles that could not be installed at the last start. */
    private final List<String> missing = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Framework framework;

    public Launcher(LaunchOptions options) {
        this.options = options;
    }

    /** The running framework, or null before {@link #start()}. */
    public Framework framework() {
        return framework;
    }

    /**
     * Starts the framework and brings it to the desired state; returns when every start level has been
     * reached.
     *
     * @return the started framework
     * @throws IllegalArgumentException when the configured features cannot be read
     * @throws BundleException when the framework itself cannot start
     */
    public Framework start() throws BundleException, IOException, InterruptedException {
        long begin = System.nanoTime();
        FeatureRepository repository = new FeatureRepository(options.home().resolve("system"));
        List<Feature> features = repository.closure(options.features());

        Files.createDirectories(options.data());
        Map<String, Object> config = new HashMap<>(options.properties());
        config.put(Constants.FRAMEWORK_STORAGE, options.data().resolve("cache").toString());
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES);
        config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        config.put("org.osgi.service.http.port", Integer.toString(options.port()));
        config.putIfAbsent("felix.log.level", "1");
        config.put("felix.log.logger", new FelixLogger());
        config.put("felix.shutdown.hook", "false");
        config.put(NodeId.PROPERTY, NodeId.resolve(options.properties().get(NodeId.PROPERTY), options.data()));

        LOG.debug("Features read in {} ms", (System.nanoTime() - begin) / 1_000_000);
        Felix felix = new Felix(config);
        felix.init();
        felix.getBundleContext().addFrameworkListener(this::frameworkEvent);
        if (LOG.isDebugEnabled()) {
            felix.getBundleContext().addBundleListener(new StartTimes());
        }
        felix.start();
        this.framework = felix;
        LOG.debug("Framework started after {} ms", (System.nanoTime() - begin) / 1_000_000);

        BundleContext context = felix.getBundleContext();
        Map<String, Desired> desired = desiredBundles(repository, features);
        boolean refresh = reconcile(context, desired);
        if (refresh) {
            refresh(felix);
        }
        LOG.debug("Bundles in place after {} ms", (System.nanoTime() - begin) / 1_000_000);
        applyConfigurations(context, features);
        // one resolution of every bundle is cheaper than one at each bundle's start; what does not resolve fails at its start
        felix.adapt(FrameworkWiring.class).resolveBundles(null);
        LOG.debug("Bundles resolved after {} ms", (System.nanoTime() - begin) / 1_000_000);
        int level = desired.values().stream().mapToInt(Desired::startLevel).max().orElse(1);
        raiseStartLevel(felix, level);
        awaitFailureEvents(context);
        LOG.debug("Start level {} reached after {} ms", level, (System.nanoTime() - begin) / 1_000_000);
        writeState(features);
        report(context, begin);
        if (missing.isEmpty()) {
            System.clearProperty(MISSING_PROPERTY);
        } else {
            System.setProperty(MISSING_PROPERTY, String.join(",", missing));
        }
        System.setProperty(STARTED_PROPERTY, Long.toString(System.currentTimeMillis()));
        return felix;
    }

    /** Stops the framework and waits for it, at most 20 seconds. Safe to call more than once. */
    public void stop() {
        Framework current = framework;
        if (current == null || (current.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
            return;
        }
        long begin = System.nanoTime();
        System.clearProperty(STARTED_PROPERTY);
        System.clearProperty(MISSING_PROPERTY);
        LOG.info("Stopping opsconsole");
        try {
            current.stop();
            FrameworkEvent event = current.waitForStop(20_000);
            long ms = (System.nanoTime() - begin) / 1_000_000;
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.warn("The framework did not stop within 20 s");
            } else {
                LOG.info("Framework stopped cleanly in {} ms", ms);
            }
        } catch (BundleException e) {
            LOG.error("The framework could not be stopped: {}", e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the framework stops, for whatever reason. */
    public FrameworkEvent awaitStop() throws InterruptedException {
        return framework.waitForStop(0);
    }

    private record Desired(String location, Path file, int startLevel, String feature) {
    }

    private static Map<String, Desired> desiredBundles(FeatureRepository repository, List<Feature> features) {
        Map<String, Desired> desired = new LinkedHashMap<>();
        for (Feature feature : features) {
            for (FeatureBundle bundle : feature.getBundles()) {
                String location = FeatureRepository.location(bundle.getID());
                desired.putIfAbsent(location, new Desired(location, repository.artifact(bundle.getID()),
                        startLevel(bundle), feature.getID().toString()));
            }
        }
        return desired;
    }

    private static int startLevel(FeatureBundle bundle) {
        Object order = bundle.getMetadata().get("start-order");
        try {
            int level = order == null ? DEFAULT_START_LEVEL : Integer.parseInt(order.toString().trim());
            return Math.max(1, level);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bundle " + bundle.getID() + ": start-order '" + order + "' is not a number", e);
        }
    }

    /** Installs, updates and removes bundles so that the framework holds exactly the desired ones. */
    private boolean reconcile(BundleContext context, Map<String, Desired> desired) {
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0) {
                installed.put(bundle.getLocation(), bundle);
            }
        }
        Properties sums = readChecksums();
        Properties wanted = new Properties();
        boolean refresh = false;
        for (Bundle bundle : installed.values()) {
            // the plugin manager keeps the modules installed at runtime, and reconciles them to its own records
            if (!desired.containsKey(bundle.getLocation()) && !bundle.getLocation().startsWith(PLUGIN_LOCATION_PREFIX)) {
                LOG.info("Removing {} ({}): no installed feature names it any more", bundle.getSymbolicName(), bundle.getLocation());
                try {
                    bundle.uninstall();
                    refresh = true;
                } catch (BundleException e) {
                    LOG.error("Bundle {} could not be removed: {}", bundle.getLocation(), e.getMessage(), e);
                }
            }
        }
        // install and place every bundle first, then start: a bundle may resolve only with the ones after it
        List<Bundle> toStart = new ArrayList<>();
        for (Desired want : desired.values()) {
            Bundle bundle = installed.get(want.location());
            try {
                // a released version is never rebuilt under its id: only SNAPSHOTs are read for their checksum
                String sum = want.location().endsWith("-SNAPSHOT") ? checksum(want.file()) : RELEASED;
                wanted.setProperty(want.location(), sum);
                if (bundle == null) {
                    try (InputStream in = Files.newInputStream(want.file())) {
                        bundle = context.installBundle(want.location(), in);
                    }
                    LOG.debug("Installed {} {}", bundle.getSymbolicName(), bundle.getVersion());
                } else if (!sum.equals(sums.getProperty(want.location()))) {
                    // the same Maven id with other content: a rebuilt SNAPSHOT (file dates are fixed by the build)
                    try (InputStream in = Files.newInputStream(want.file())) {
                        bundle.update(in);
                    }
                    refresh = true;
                    LOG.info("Updated {} from {}", bundle.getSymbolicName(), want.file().getFileName());
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(want.startLevel());
                if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    toStart.add(bundle);
                }
            } catch (IOException | BundleException | RuntimeException e) {
                missing.add(want.location());
                LOG.error("Bundle {} of feature {} could not be installed from {}: {}", want.location(), want.feature(),
                        want.file(), e.getMessage());
            }
        }
        writeChecksums(wanted);
        for (Bundle bundle : toStart) {
            try {
                bundle.start();
            } catch (BundleException e) {
                failed(bundle, e);
            }
        }
        return refresh;
    }

    /** What {@code state/bundles.properties} records for a released (immutable) artifact. */
    private static final String RELEASED = "released";

    /** The size and CRC-32 of a bundle's file, to tell a changed file under the same Maven id. */
    static String checksum(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            crc.update(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            return channel.size() + ":" + Long.toHexString(crc.getValue());
        }
    }

    private Path checksumsFile() {
        return options.data().resolve("state").resolve("bundles.properties");
    }

    /** What the installed bundles were installed from, by location (empty on a first start). */
    private Properties readChecksums() {
        Properties sums = new Properties();
        Path file = checksumsFile();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                sums.load(in);
            } catch (IOException e) {
                LOG.warn("{} cannot be read ({}); every bundle is installed again from the repository", file, e.getMessage());
            }
        }
        return sums;
    }

    private void writeChecksums(Properties sums) {
        Path file = checksumsFile();
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                sums.store(out, "size:crc32 of the SNAPSHOT file each bundle was installed from");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("{} cannot be written ({}); the next start installs every bundle again", file, e.getMessage());
        }
    }

    private static void refresh(Framework felix) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        felix.adapt(FrameworkWiring.class).refreshBundles(null, event -> done.countDown());
        if (!done.await(60, TimeUnit.SECONDS)) {
            LOG.warn("Refreshing the bundles took longer than 60 s");
        }
    }

    private static void applyConfigurations(BundleContext context, List<Feature> features) throws IOException {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            if (features.stream().anyMatch(f -> !f.getConfigurations().isEmpty())) {
                LOG.error("Configuration Admin is not running; the features' configurations are not applied");
            }
            return;
        }
        ConfigurationAdmin admin = context.getService(reference);
        try {
            for (Feature feature : features) {
                for (FeatureConfiguration wanted : feature.getConfigurations().values()) {
                    Configuration configuration = wanted.getFactoryPid().isPresent()
                            ? admin.getFactoryConfiguration(wanted.getFactoryPid().get(), factoryName(wanted), "?")
                            : admin.getConfiguration(wanted.getPid(), "?");
                    Dictionary<String, Object> values = new Hashtable<>(wanted.getValues());
                    if (configuration.updateIfDifferent(values)) {
                        LOG.debug("Configuration {} applied from feature {}", wanted.getPid(), feature.getID());
                    }
                }
            }
        } finally {
            context.ungetService(reference);
        }
    }

    private static String factoryName(FeatureConfiguration configuration) {
        String pid = configuration.getPid();
        int tilde = pid.indexOf('~');
        return tilde < 0 ? pid : pid.substring(tilde + 1);
    }

    private static void raiseStartLevel(Framework felix, int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        felix.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
        if (!reached.await(120, TimeUnit.SECONDS)) {
            LOG.warn("Start level {} was not reached within 120 s", level);
        }
    }

    /**
     * Felix reports a bundle's start failure by an asynchronous framework event, which may arrive after the start
     * level is reached. Waits briefly for the event of every bundle that should run and does not, so that the
     * report and {@link #failures()} name the cause.
     */
    private void awaitFailureEvents(BundleContext context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && Arrays.stream(context.getBundles()).anyMatch(this::failureUnreported)) {
            Thread.sleep(10);
        }
    }

    private boolean failureUnreported(Bundle bundle) {
        return bundle.getBundleId() != 0 && bundle.getState() == Bundle.RESOLVED && !failures.containsKey(bundle)
                && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null
                && bundle.adapt(BundleStartLevel.class).isPersistentlyStarted();
    }

    private void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            failed(event.getBundle(), event.getThrowable());
        } else if (event.getType() == FrameworkEvent.WARNING) {
            LOG.warn("{}: {}", event.getBundle() == null ? "framework" : event.getBundle().getSymbolicName(),
                    event.getThrowable() == null ? "warning" : event.getThrowable().getMessage());
        }
    }

    private void failed(Bundle bundle, Throwable error) {
        if (bundle == null || bundle.getBundleId() == 0) {
            LOG.error("Framework error: {}", error == null ? "unknown" : error.getMessage(), error);
            return;
        }
        failures.put(bundle, error == null ? new BundleException("unknown cause") : error);
        if (bundle.getState() == Bundle.ACTIVE) {
            LOG.error("Error in bundle {} {}: {}", bundle.getSymbolicName(), bundle.getVersion(), cause(error), error);
        } else {
            LOG.error("Bundle {} {} could not start: {}", bundle.getSymbolicName(), bundle.getVersion(), cause(error));
            LOG.debug("Cause of the failure of " + bundle.getSymbolicName(), error);
        }
    }

    /** The innermost message of an exception chain: usually what an operator needs to read. */
    static String cause(Throwable error) {
        if (error == null) {
            return "unknown cause";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return root == error ? message : message + " (" + error.getMessage() + ")";
    }

    /** Records the installed features and their bundles, for the System page and the next start. */
    private void writeState(List<Feature> features) throws IOException {
        Path folder = options.data().resolve("state");
        Files.createDirectories(folder);
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Feature feature : features) {
            JsonArrayBuilder bundles = Json.createArrayBuilder();
            feature.getBundles().forEach(b -> bundles.add(FeatureRepository.location(b.getID())));
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("id", feature.getID().toString())
                    .add("name", feature.getName().orElse(feature.getID().getArtifactId()))
                    .add("description", feature.getDescription().orElse(""))
                    .add("descriptionEn", FeatureRepository.descriptionEn(feature).or(feature::getDescription).orElse(""))
                    .add("bundles", bundles);
            list.add(item);
        }
        Path temp = folder.resolve("features.json.tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                JsonGenerator json = Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                        .createGenerator(writer)) {
            json.write(Json.createObjectBuilder().add("features", list).build());
        }
        Files.move(temp, folder.resolve("features.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void report(BundleContext context, long begin) {
        long ms = (System.nanoTime() - begin) / 1_000_000;
        List<String> notActive = new ArrayList<>();
        int active = 0;
        Bundle[] bundles = context.getBundles();
        for (Bundle bundle : bundles) {
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            } else if (!fragment) {
                Throwable error = failures.get(bundle);
                notActive.add(bundle.getSymbolicName() + (error == null ? "" : " (" + cause(error) + ")"));
            }
        }
        LOG.info("opsconsole {} started in {} ms on node {}: {} bundles, {} active; console at http://localhost:{}/",
                options.properties().get(LaunchOptions.VERSION), ms, context.getProperty(NodeId.PROPERTY), bundles.length,
                active, options.port());
        if (!notActive.isEmpty()) {
            LOG.error("Not running: {}", String.join("; ", notActive));
        }
    }

    /** Bundles that failed to start since the launch, with their causes. */
    public Map<Bundle, Throwable> failures() {
        return Collections.unmodifiableMap(failures);
    }

    /** At DEBUG, how long each bundle took from STARTING to the next bundle's STARTING (its components included). */
    private static final class StartTimes implements SynchronousBundleListener {
        private Bundle last;
        private long lastAt;

        @Override
        public synchronized void bundleChanged(BundleEvent event) {
            if (event.getType() == BundleEvent.STARTING) {
                long now = System.nanoTime();
                if (last != null) {
                    LOG.debug("Started {} in {} ms", last.getSymbolicName(), (now - lastAt) / 1_000_000);
                }
                last = event.getBundle();
                lastAt = now;
            }
        }
    }
}
