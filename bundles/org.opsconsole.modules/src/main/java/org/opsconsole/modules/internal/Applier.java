package org.opsconsole.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opsconsole.api.db.Database;
import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.archive.FeatureDescriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Plan} to the framework, all or nothing: stops and removes or updates the bundles that leave,
 * installs the new ones, refreshes only what depended on what changed, applies the features' configurations, starts
 * the bundles in order and checks that they really work (active, no component failed to activate, migrations
 * applied). When any step fails, everything done so far is undone — bundles, their versions, configurations — and
 * the failure is thrown with its cause.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** A change that failed and was undone; the message says why, in Chinese and English. */
    static final class ApplyException extends Exception {
        private static final long serialVersionUID = 1L;

        final Plan.Message reason;

        ApplyException(Plan.Message reason, Throwable cause) {
            super(reason.toString(), cause);
            this.reason = reason;
        }
    }

    /** Where the jar of an artifact can be read, by SHA-256. */
    interface Artifacts {
        Path file(String sha256) throws IOException;
    }

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final ServiceComponentRuntime scr;

    Applier(BundleContext context, ConfigurationAdmin configurationAdmin, ServiceComponentRuntime scr) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.scr = scr;
    }

    /** What was done, to undo it. */
    private final class Undo {
        final List<Bundle> installed = new ArrayList<>();
        final Map<Bundle, String> updated = new LinkedHashMap<>();
        final Map<String, PluginState.Bundle> removed = new LinkedHashMap<>();
        final Set<String> wasActive = new LinkedHashSet<>();
        final Map<String, Dictionary<String, Object>> configurations = new LinkedHashMap<>();
    }

    void apply(PluginState from, PluginState to, Plan plan, Artifacts artifacts) throws ApplyException {
        Map<String, Bundle> installed = Planner.pluginBundles(context);
        Map<String, PluginState.Bundle> before = from.bundles();
        Map<String, PluginState.Bundle> after = to.bundles();
        Undo undo = new Undo();
        installed.forEach((name, bundle) -> {
            if (bundle.getState() == Bundle.ACTIVE) {
                undo.wasActive.add(name);
            }
        });
        int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        String step = "";
        try {
            List<Bundle> leaving = new ArrayList<>();
            for (Plan.Step s : plan.update()) {
                leaving.add(installed.get(s.symbolicName()));
            }
            for (Plan.Step s : plan.remove()) {
                leaving.add(installed.get(s.symbolicName()));
            }
            for (Bundle bundle : reversed(leaving)) {
                step = "stop " + bundle.getSymbolicName();
                stop(bundle);
            }
            for (Plan.Step s : plan.remove()) {
                step = "remove " + s.symbolicName();
                Bundle bundle = installed.get(s.symbolicName());
                bundle.uninstall();
                undo.removed.put(s.symbolicName(), before.get(s.symbolicName()));
            }
            for (Plan.Step s : plan.update()) {
                step = "update " + s.symbolicName();
                Bundle bundle = installed.get(s.symbolicName());
                try (InputStream in = Files.newInputStream(artifacts.file(s.sha256()))) {
                    bundle.update(in);
                }
                PluginState.Bundle old = before.get(s.symbolicName());
                undo.updated.put(bundle, old == null ? null : old.sha256());
            }
            List<Bundle> fresh = new ArrayList<>();
            for (Plan.Step s : plan.install()) {
                step = "install " + s.symbolicName();
                Bundle bundle;
                try (InputStream in = Files.newInputStream(artifacts.file(s.sha256()))) {
                    bundle = context.installBundle(Planner.location(s.symbolicName()), in);
                }
                undo.installed.add(bundle);
                bundle.adapt(BundleStartLevel.class).setStartLevel(level);
                fresh.add(bundle);
            }
            step = "refresh";
            if (!leaving.isEmpty()) {
                refresh(leaving);
            }
            Map<String, Bundle> now = Planner.pluginBundles(context);
            List<Bundle> changed = new ArrayList<>(fresh);
            for (Plan.Step s : plan.update()) {
                changed.add(now.get(s.symbolicName()));
            }
            step = "resolve";
            if (!changed.isEmpty() && !context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(changed)) {
                List<String> unresolved = changed.stream().filter(b -> b.getState() == Bundle.INSTALLED)
                        .map(Bundle::getSymbolicName).toList();
                throw new ApplyException(new Plan.Message("模块无法解析：" + unresolved, "These bundles do not resolve: " + unresolved),
                        null);
            }
            step = "configure";
            configure(from, to, undo);
            for (Plan.Step s : plan.start()) {
                step = "start " + s.symbolicName();
                Bundle bundle = now.get(s.symbolicName());
                try {
                    bundle.start();
                } catch (BundleException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new ApplyException(new Plan.Message("模块 " + s.symbolicName() + " 启动失败：" + cause,
                            "Module " + s.symbolicName() + " failed to start: " + cause), e);
                }
            }
            for (Plan.Step s : plan.start()) {
                step = "check " + s.symbolicName();
                check(now.get(s.symbolicName()));
            }
            LOG.info("Applied: {}", plan.summary());
        } catch (ApplyException e) {
            rollback(undo, artifacts, after);
            throw e;
        } catch (IOException | BundleException | RuntimeException e) {
            rollback(undo, artifacts, after);
            throw new ApplyException(new Plan.Message("变更在“" + step + "”一步失败：" + e.getMessage(),
                    "The change failed at \"" + step + "\": " + e.getMessage()), e);
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static void stop(Bundle bundle) throws BundleException {
        if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
            bundle.stop();
        }
    }

    /** Refreshes the bundles and what depends on them, and waits for it. */
    private void refresh(Collection<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> done.countDown());
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                LOG.warn("Refreshing {} took longer than 60 s", bundles);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails when a bundle is not active, a component of it failed to activate, or its migrations fail. */
    private void check(Bundle bundle) throws ApplyException {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            throw new ApplyException(new Plan.Message("模块 " + bundle.getSymbolicName() + " 没有运行",
                    "Module " + bundle.getSymbolicName() + " is not running"), null);
        }
        if (bundle.getHeaders("").get(Database.MIGRATIONS_HEADER) != null) {
            migrate(bundle);
        }
        if (scr != null) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        String failure = configuration.failure == null ? "" : firstLine(configuration.failure);
                        throw new ApplyException(new Plan.Message(
                                "模块 " + bundle.getSymbolicName() + " 的组件 " + description.name + " 启动失败：" + failure,
                                "Component " + description.name + " of " + bundle.getSymbolicName() + " failed to activate: " + failure),
                                null);
                    }
                }
            }
        }
    }

    /** Applies the bundle's migration scripts now (the core applies them at first use), so that a failure undoes the change. */
    private static void migrate(Bundle bundle) throws ApplyException {
        BundleContext bundleContext = bundle.getBundleContext();
        ServiceReference<Database> reference = bundleContext == null ? null : bundleContext.getServiceReference(Database.class);
        if (reference == null) {
            throw new ApplyException(new Plan.Message("模块 " + bundle.getSymbolicName() + " 需要数据库，但数据库服务不可用",
                    "Module " + bundle.getSymbolicName() + " needs the database, which is not available"), null);
        }
        Database database = bundleContext.getService(reference);
        try {
            database.dsl();
        } catch (RuntimeException e) {
            throw new ApplyException(new Plan.Message("模块 " + bundle.getSymbolicName() + " 的数据库迁移失败：" + e.getMessage(),
                    "The migration of " + bundle.getSymbolicName() + " failed: " + e.getMessage()), e);
        } finally {
            try {
                bundleContext.ungetService(reference);
            } catch (IllegalStateException e) {
                // the bundle stopped meanwhile (a failed migration stops it)
            }
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    /** Creates or updates the configurations of the wanted features and deletes those of the features leaving. */
    private void configure(PluginState from, PluginState to, Undo undo) throws IOException, ApplyException {
        Map<String, FeatureDescriptor.FeatureConfiguration> wanted = configurations(to);
        Map<String, FeatureDescriptor.FeatureConfiguration> had = configurations(from);
        if ((wanted.isEmpty() && had.isEmpty()) || configurationAdmin == null) {
            return;
        }
        for (FeatureDescriptor.FeatureConfiguration c : wanted.values()) {
            Configuration configuration = configuration(c);
            undo.configurations.putIfAbsent(c.pid(), configuration.getProperties());
            configuration.updateIfDifferent(properties(c.properties()));
        }
        for (FeatureDescriptor.FeatureConfiguration c : had.values()) {
            if (!wanted.containsKey(c.pid())) {
                Configuration configuration = configuration(c);
                undo.configurations.putIfAbsent(c.pid(), configuration.getProperties());
                configuration.delete();
            }
        }
    }

    private Configuration configuration(FeatureDescriptor.FeatureConfiguration c) throws IOException {
        return c.factoryPid() == null ? configurationAdmin.getConfiguration(c.pid(), "?")
                : configurationAdmin.getFactoryConfiguration(c.factoryPid(), c.name(), "?");
    }

    private static Map<String, FeatureDescriptor.FeatureConfiguration> configurations(PluginState state) throws ApplyException {
        Map<String, FeatureDescriptor.FeatureConfiguration> all = new LinkedHashMap<>();
        for (PluginState.Feature feature : state.features()) {
            try {
                FeatureDescriptor descriptor = FeatureDescriptor.parse(feature.descriptor().getBytes(StandardCharsets.UTF_8),
                        feature.id());
                for (FeatureDescriptor.FeatureConfiguration c : descriptor.configurations()) {
                    all.put(c.pid(), c);
                }
            } catch (ArchiveException e) {
                throw new ApplyException(new Plan.Message("模块 " + feature.id() + " 的描述无法读取：" + e.getMessage(),
                        "The description of " + feature.id() + " cannot be read: " + e.getMessage()), e);
            }
        }
        return all;
    }

    /** The properties with the type hints of the Feature format ({@code "port:Integer"}) applied. */
    static Dictionary<String, Object> properties(Map<String, Object> written) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (Map.Entry<String, Object> entry : written.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            int colon = key.indexOf(':');
            if (colon > 0) {
                String type = key.substring(colon + 1);
                key = key.substring(0, colon);
                String text = String.valueOf(value);
                value = switch (type) {
                    case "Integer" -> Integer.valueOf(text);
                    case "Long" -> Long.valueOf(text);
                    case "Boolean" -> Boolean.valueOf(text);
                    case "Double" -> Double.valueOf(text);
                    default -> text;
                };
            } else if (value instanceof List<?> list) {
                value = list.stream().map(String::valueOf).toArray(String[]::new);
            } else if (value instanceof Map<?, ?>) {
                value = String.valueOf(value);
            }
            properties.put(key, value);
        }
        return properties;
    }

    /** Puts back what was done: best effort, every step tried, what could not be undone logged. */
    private void rollback(Undo undo, Artifacts artifacts, Map<String, PluginState.Bundle> after) {
        LOG.warn("Rolling the change back");
        Set<Bundle> touched = new LinkedHashSet<>();
        for (Bundle bundle : reversed(undo.installed)) {
            try {
                bundle.uninstall();
                touched.add(bundle);
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Rollback: {} could not be removed: {}", bundle.getLocation(), e.getMessage());
            }
        }
        int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        for (Map.Entry<Bundle, String> entry : undo.updated.entrySet()) {
            Bundle bundle = entry.getKey();
            try {
                stop(bundle);
                try (InputStream in = Files.newInputStream(artifacts.file(entry.getValue()))) {
                    bundle.update(in);
                }
                touched.add(bundle);
            } catch (IOException | BundleException | RuntimeException e) {
                LOG.error("Rollback: {} could not be put back to its previous version: {}", bundle.getLocation(), e.getMessage());
            }
        }
        for (Map.Entry<String, PluginState.Bundle> entry : undo.removed.entrySet()) {
            try (InputStream in = Files.newInputStream(artifacts.file(entry.getValue().sha256()))) {
                Bundle bundle = context.installBundle(Planner.location(entry.getKey()), in);
                bundle.adapt(BundleStartLevel.class).setStartLevel(level);
                touched.add(bundle);
            } catch (IOException | BundleException | RuntimeException e) {
                LOG.error("Rollback: {} could not be installed again: {}", entry.getKey(), e.getMessage());
            }
        }
        for (Map.Entry<String, Dictionary<String, Object>> entry : undo.configurations.entrySet()) {
            try {
                Configuration configuration = configurationAdmin.getConfiguration(entry.getKey(), "?");
                if (entry.getValue() == null) {
                    configuration.delete();
                } else {
                    configuration.update(entry.getValue());
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Rollback: configuration {} could not be restored: {}", entry.getKey(), e.getMessage());
            }
        }
        if (!touched.isEmpty()) {
            refresh(touched);
        }
        Map<String, Bundle> now = Planner.pluginBundles(context);
        for (String name : undo.wasActive) {
            Bundle bundle = now.get(name);
            if (bundle != null && bundle.getState() != Bundle.ACTIVE && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start();
                } catch (BundleException | RuntimeException e) {
                    LOG.error("Rollback: {} could not be started again: {}", name, e.getMessage());
                }
            }
        }
        LOG.warn("Rolled back; the plugin bundles are {}", new HashMap<>(now).keySet());
    }
}
