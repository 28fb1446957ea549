package org.opsconsole.modules.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.utils.resource.ResourceBuilder;
import org.opsconsole.modules.internal.Plan.Message;
import org.opsconsole.modules.internal.Plan.Step;
import org.opsconsole.modules.internal.archive.BundleArtifact;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.ResolveContext;
import org.osgi.service.resolver.Resolver;

/**
 * Works out what taking the framework from one desired state to another does, without touching it: which bundles
 * are installed, updated and removed, whether the new ones resolve against what stays installed (with the
 * framework's own resolver, on a copy of the wiring), and which other bundles would be refreshed. Bundles the plugin
 * manager installs have the location {@value #LOCATION_PREFIX}{@code <symbolic name>}; the console's own bundles are
 * never touched.
 */
final class Planner {

    /** The location prefix of the bundles the plugin manager installed. */
    static final String LOCATION_PREFIX = "plugin:";

    private final BundleContext context;
    private final Resolver resolver;

    Planner(BundleContext context, Resolver resolver) {
        this.context = context;
        this.resolver = resolver;
    }

    static String location(String symbolicName) {
        return LOCATION_PREFIX + symbolicName;
    }

    /** @return the bundles the plugin manager installed, by symbolic name */
    static Map<String, Bundle> pluginBundles(BundleContext context) {
        Map<String, Bundle> bundles = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX)) {
                bundles.put(bundle.getLocation().substring(LOCATION_PREFIX.length()), bundle);
            }
        }
        return bundles;
    }

    /**
     * Plans going from the framework as it is (whose plugin bundles the state {@code from} describes) to the state
     * {@code to}.
     *
     * @param from the desired state the framework is in
     * @param to the desired state wanted
     * @param artifacts the jars of the bundles to install or update, by SHA-256, with what they are trusted on
     */
    Plan plan(PluginState from, PluginState to, Map<String, BundleArtifact> artifacts, Map<String, String> trust) {
        Map<String, Bundle> installed = pluginBundles(context);
        Map<String, PluginState.Bundle> now = from.bundles();
        Map<String, PluginState.Bundle> wanted = to.bundles();
        List<Message> problems = new ArrayList<>();
        List<Step> install = new ArrayList<>();
        List<Step> update = new ArrayList<>();
        List<Step> remove = new ArrayList<>();
        List<Step> start = new ArrayList<>();
        Map<String, BundleArtifact> changed = new LinkedHashMap<>();

        Map<String, Bundle> core = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (!bundle.getLocation().startsWith(LOCATION_PREFIX) && bundle.getSymbolicName() != null) {
                core.put(bundle.getSymbolicName(), bundle);
            }
        }
        List<PluginState.Bundle> ordered = new ArrayList<>();
        for (PluginState.Feature feature : to.features()) {
            feature.bundles().stream().sorted(Comparator.comparingInt(PluginState.Bundle::startOrder)).forEach(ordered::add);
        }
        for (PluginState.Bundle want : ordered) {
            String name = want.symbolicName();
            if (core.containsKey(name)) {
                problems.add(new Message("模块 " + name + " 是控制台自身的组件，不能由扩展模块安装或替换",
                        name + " is part of the console itself; a module cannot install or replace it"));
                continue;
            }
            Bundle bundle = installed.get(name);
            PluginState.Bundle current = now.get(name);
            boolean same = bundle != null && current != null && current.sha256().equals(want.sha256());
            if (!same) {
                BundleArtifact artifact = artifacts.get(want.sha256());
                if (artifact == null) {
                    problems.add(new Message("缺少 " + name + " " + want.version() + " 的安装文件",
                            "The jar of " + name + " " + want.version() + " is missing"));
                    continue;
                }
                changed.put(name, artifact);
                Step step = new Step(name, want.version(), bundle == null ? null : bundle.getVersion().toString(),
                        want.sha256(), trust.get(want.sha256()));
                (bundle == null ? install : update).add(step);
            }
            if (!same || bundle.getState() != Bundle.ACTIVE) {
                if (!isFragment(changed.get(name), bundle)) {
                    start.add(new Step(name, want.version(), null, null, null));
                }
            }
        }
        for (Map.Entry<String, Bundle> entry : installed.entrySet()) {
            if (!wanted.containsKey(entry.getKey())) {
                remove.add(new Step(entry.getKey(), entry.getValue().getVersion().toString(), null, null, null));
            }
        }
        List<Bundle> leaving = new ArrayList<>();
        for (Step step : update) {
            leaving.add(installed.get(step.symbolicName()));
        }
        for (Step step : remove) {
            leaving.add(installed.get(step.symbolicName()));
        }
        Set<Bundle> refreshed = new LinkedHashSet<>();
        if (problems.isEmpty()) {
            problems.addAll(resolve(changed, leaving, refreshed));
        }
        if (!leaving.isEmpty()) {
            refreshed.addAll(context.getBundle(0).adapt(FrameworkWiring.class).getDependencyClosure(leaving));
        }
        refreshed.removeAll(leaving);
        List<Step> refresh = refreshed.stream()
                .filter(b -> b.getSymbolicName() != null && !changed.containsKey(b.getSymbolicName()))
                .map(b -> new Step(b.getSymbolicName(), b.getVersion().toString(), null, null, null)).toList();
        return new Plan(install, update, remove, start, refresh, problems, List.of());
    }

    private static boolean isFragment(BundleArtifact artifact, Bundle bundle) {
        if (artifact != null) {
            return artifact.manifest().containsKey(Constants.FRAGMENT_HOST);
        }
        return bundle != null && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /**
     * Resolves the new and updated bundles against the bundles that stay; hosts that new fragments attach to are
     * added to {@code refreshed}.
     */
    private List<Message> resolve(Map<String, BundleArtifact> changed, Collection<Bundle> leaving, Set<Bundle> refreshed) {
        List<Message> problems = new ArrayList<>();
        Map<Resource, String> resources = new LinkedHashMap<>();
        for (Map.Entry<String, BundleArtifact> entry : changed.entrySet()) {
            try {
                resources.put(ResourceBuilder.build(location(entry.getKey()), entry.getValue().manifest()), entry.getKey());
            } catch (BundleException | RuntimeException e) {
                problems.add(new Message("模块 " + entry.getKey() + " 的清单文件有误：" + e.getMessage(),
                        "The manifest of " + entry.getKey() + " is not valid: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty() || resources.isEmpty()) {
            return problems;
        }
        DryRun dryRun = new DryRun(context, resources.keySet(), leaving);
        for (Map.Entry<Resource, String> entry : resources.entrySet()) {
            for (Requirement requirement : entry.getKey().getRequirements(null)) {
                if (dryRun.isEffective(requirement) && !optional(requirement) && dryRun.findProviders(requirement).isEmpty()) {
                    problems.add(missing(entry.getValue(), requirement));
                }
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            Map<Resource, List<Wire>> wiring = resolver.resolve(dryRun);
            for (Map.Entry<Resource, List<Wire>> entry : wiring.entrySet()) {
                for (Wire wire : entry.getValue()) {
                    if (HostNamespace.HOST_NAMESPACE.equals(wire.getCapability().getNamespace())
                            && wire.getProvider() instanceof BundleRevision host) {
                        refreshed.add(host.getBundle());
                    }
                }
            }
        } catch (ResolutionException e) {
            problems.add(new Message("模块无法与已安装的模块一起解析：" + e.getMessage(),
                    "The module does not resolve with the installed bundles: " + e.getMessage()));
        }
        return problems;
    }

    private static boolean optional(Requirement requirement) {
        String resolution = requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
        return Namespace.RESOLUTION_OPTIONAL.equals(resolution) || "dynamic".equals(resolution);
    }

    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern LOWER = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    /** "x needs package y version ≥ 2, which no installed bundle provides", from a requirement nothing provides. */
    static Message missing(String bundle, Requirement requirement) {
        String filter = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            Matcher name = PACKAGE.matcher(filter);
            String pkg = name.find() ? name.group(1) : filter;
            String range = range(filter);
            return new Message("模块 " + bundle + " 需要软件包 " + pkg + range + "，没有已安装的模块提供",
                    "Module " + bundle + " needs package " + pkg + range + ", which no installed bundle provides");
        }
        if (BundleRevision.BUNDLE_NAMESPACE.equals(requirement.getNamespace())) {
            return new Message("模块 " + bundle + " 需要模块 " + filter + "，它没有安装",
                    "Module " + bundle + " needs bundle " + filter + ", which is not installed");
        }
        return new Message("模块 " + bundle + " 需要 " + requirement.getNamespace() + " " + filter + "，没有已安装的模块提供",
                "Module " + bundle + " needs " + requirement.getNamespace() + " " + filter + ", which no installed bundle provides");
    }

    private static String range(String filter) {
        Matcher lower = LOWER.matcher(filter);
        Matcher upper = UPPER.matcher(filter);
        boolean hasLower = lower.find();
        boolean hasUpper = upper.find();
        if (hasLower && hasUpper) {
            return " version ≥ " + lower.group(1) + " < " + upper.group(1);
        }
        return hasLower ? " version ≥ " + lower.group(1) : "";
    }

    /**
     * The resolve context of a dry run: the new resources are mandatory; providers are the capabilities of the bundles
     * that stay (resolved ones first, as the framework prefers them) and of the new resources.
     */
    private static final class DryRun extends ResolveContext {

        private final List<Resource> mandatory;
        private final Map<Resource, Wiring> wirings = new HashMap<>();
        private final List<Capability> capabilities = new ArrayList<>();

        DryRun(BundleContext context, Collection<Resource> added, Collection<Bundle> leaving) {
            this.mandatory = List.copyOf(added);
            for (Bundle bundle : context.getBundles()) {
                if (leaving.contains(bundle) || bundle.getState() == Bundle.UNINSTALLED) {
                    continue;
                }
                BundleRevision revision = bundle.adapt(BundleRevision.class);
                if (revision == null) {
                    continue;
                }
                if (revision.getWiring() != null) {
                    wirings.put(revision, revision.getWiring());
                    capabilities.addAll(revision.getWiring().getResourceCapabilities(null));
                } else {
                    capabilities.addAll(revision.getCapabilities(null));
                }
            }
            for (Resource resource : added) {
                capabilities.addAll(resource.getCapabilities(null));
            }
        }

        @Override
        public Collection<Resource> getMandatoryResources() {
            return mandatory;
        }

        @Override
        public List<Capability> findProviders(Requirement requirement) {
            Filter filter = null;
            String text = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            if (text != null) {
                try {
                    filter = FrameworkUtil.createFilter(text);
                } catch (InvalidSyntaxException e) {
                    return List.of();
                }
            }
            List<Capability> resolved = new ArrayList<>();
            List<Capability> others = new ArrayList<>();
            for (Capability capability : capabilities) {
                if (!capability.getNamespace().equals(requirement.getNamespace())
                        || IdentityNamespace.IDENTITY_NAMESPACE.equals(capability.getNamespace()) && filter == null) {
                    continue;
                }
                if (filter == null || filter.matches(capability.getAttributes())) {
                    (wirings.containsKey(capability.getResource()) ? resolved : others).add(capability);
                }
            }
            resolved.addAll(others);
            return resolved;
        }

        @Override
        public int insertHostedCapability(List<Capability> capabilities, HostedCapability hostedCapability) {
            capabilities.add(hostedCapability);
            return capabilities.size() - 1;
        }

        @Override
        public boolean isEffective(Requirement requirement) {
            String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
        }

        @Override
        public Map<Resource, Wiring> getWirings() {
            return wirings;
        }
    }
}
