package org.opsconsole.modules.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.backup.ModuleChange;
import org.opsconsole.api.backup.ProtectingBackup;
import org.opsconsole.api.backup.UpgradeBackupException;
import org.opsconsole.api.backup.UpgradeBackups;
import org.opsconsole.api.db.Database;
import org.opsconsole.modules.internal.Plan.Message;
import org.opsconsole.modules.internal.PluginStore.Action;
import org.opsconsole.modules.internal.PluginStore.Outcome;
import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.archive.ArchiveLimits;
import org.opsconsole.modules.internal.archive.ArchiveReader;
import org.opsconsole.modules.internal.archive.ArtifactId;
import org.opsconsole.modules.internal.archive.BundleArtifact;
import org.opsconsole.modules.internal.archive.FeatureDescriptor;
import org.opsconsole.modules.internal.archive.Upload;
import org.opsconsole.modules.internal.trust.TrustDecision;
import org.opsconsole.modules.internal.trust.TrustPolicy;
import org.opsconsole.modules.internal.trust.TrustVerifier;
import org.opsconsole.modules.internal.trust.TrustedUploadReader;
import org.opsconsole.modules.internal.trust.TrustedUploadReader.TrustedUpload;
import org.opsconsole.modules.internal.trust.UntrustedUploadException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.resolver.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plugin manager: the one service behind every door (the Modules page, the REST API, the deploy folder). Every
 * change goes the same way: the upload is read safely and every bundle's trust checked; the change is planned against
 * what is installed, without touching the framework; it is applied all or nothing; and it is recorded — who, when,
 * what, the artifacts' hashes, the outcome — with the exact artifacts kept, so that any earlier state can be restored.
 * One change at a time.
 *
 * <p>When a backup module is installed (an {@link UpgradeBackups} service), it is asked for a backup that protects a
 * change after the change is planned and before the framework is touched; when it cannot take one, the change is
 * refused, and the backup it names is recorded with the change. Without one, changes go ahead unprotected, and their
 * plans say so.
 *
 * <p>Settings (framework properties, from {@code conf/opsconsole.properties} or {@code OPSCONSOLE_*} variables; not
 * changeable from the console, so that a console account alone cannot lower the trust):
 * <ul>
 * <li>{@value #TRUST}: {@code signed} (the default: signed by a key of the truststore or on the allow-list) or
 * {@code development} (anything, said on every page);</li>
 * <li>{@value #TRUSTSTORE} (default {@code conf/plugins-truststore.p12}), {@value #TRUSTSTORE_PASSWORD};</li>
 * <li>{@value #ALLOWLIST} (default {@code conf/plugins-allowlist.txt}: SHA-256 hashes of trusted jars);</li>
 * <li>{@value #MAX_UPLOAD} (bytes, default 200 MB);</li>
 * <li>{@value #REPOSITORIES}: where features are installed from by id (see {@link Repositories}).</li>
 * </ul>
 */
@Component(service = PluginManager.class, immediate = true)
public class PluginManager {

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    static final String TRUST = "opsconsole.plugins.trust";
    static final String TRUSTSTORE = "opsconsole.plugins.truststore";
    static final String TRUSTSTORE_PASSWORD = "opsconsole.plugins.truststore.password";
    static final String ALLOWLIST = "opsconsole.plugins.allowlist";
    static final String MAX_UPLOAD = "opsconsole.plugins.max.upload";
    static final String REPOSITORIES = "opsconsole.plugins.repositories";

    /** How long a planned upload waits to be applied. */
    static final Duration UPLOAD_LIFETIME = Duration.ofMinutes(30);

    /** The API bundle whose version a feature's {@code opsconsole-api} range is checked against. */
    static final String API_BUNDLE = "org.opsconsole.api";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A change refused before anything was touched; the plan says why. The status is the HTTP status that fits: 404
     * (nothing to change), 409 (the change conflicts with what is installed), 422 (the upload cannot be installed), 503
     * (the pre-upgrade backup failed).
     */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        final transient Plan plan;
        final int status;

        RefusedException(Plan plan, int status) {
            super(plan.problems().stream().map(Message::toString).collect(Collectors.joining("; ")));
            this.plan = plan;
            this.status = status;
        }
    }

    /** A change that failed while being applied and was rolled back. */
    static final class FailedException extends Exception {
        private static final long serialVersionUID = 1L;

        final Message reason;
        final long change;

        FailedException(Message reason, long change, Throwable cause) {
            super(reason.toString(), cause);
            this.reason = reason;
            this.change = change;
        }
    }

    /**
     * An upload read, trusted and planned, waiting for the operator to apply it.
     *
     * @param id the upload's id
     * @param fileName the file's name
     * @param source where it came from ({@code upload:<file>}, {@code deploy:<file>})
     * @param feature the feature it installs or updates
     * @param action INSTALL or UPDATE
     * @param decisions what each bundle is trusted on
     * @param plan what applying it does (as planned when it was uploaded)
     * @param expires when it is discarded
     */
    record Prepared(String id, String fileName, String source, PluginState.Feature feature, Action action,
            List<TrustDecision> decisions, Plan plan, Instant expires, Upload upload, String actor) {
    }

    /** The outcome of an applied change. */
    record Applied(long change, Action action, String featureId, Plan plan) {
    }

    private final BundleContext context;
    private final Resolver resolver;
    private final AuditLog audit;
    private final PluginStore store;
    private final Clock clock;
    private final ReentrantLock changing = new ReentrantLock();
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    private final Path work;
    private final ArchiveLimits limits;
    private final TrustPolicy.Mode mode;
    private final Path truststore;
    private final Path allowList;
    private final char[] truststorePassword;
    private final Repositories repositories;
    private volatile ConfigurationAdmin configurationAdmin;
    private volatile ServiceComponentRuntime scr;
    private volatile UpgradeBackups backups;
    private volatile Thread reconciler;

    @Activate
    public PluginManager(BundleContext context, @Reference Resolver resolver, @Reference AuditLog audit,
            @Reference Database database) {
        this(context, resolver, audit, new PluginStore(database, Clock.systemUTC()), Clock.systemUTC());
        reconcileInBackground();
    }

    PluginManager(BundleContext context, Resolver resolver, AuditLog audit, PluginStore store, Clock clock) {
        this.context = context;
        this.resolver = resolver;
        this.audit = audit;
        this.store = store;
        this.clock = clock;
        Path home = Path.of(property("opsconsole.home", "."));
        Path data = Path.of(property("opsconsole.data", "data"));
        this.work = data.resolve("plugins").resolve("work");
        this.mode = "development".equalsIgnoreCase(property(TRUST, "signed").trim()) ? TrustPolicy.Mode.DEVELOPMENT
                : TrustPolicy.Mode.SIGNED_OR_ALLOWLISTED;
        this.truststore = home.resolve(property(TRUSTSTORE, "conf/plugins-truststore.p12"));
        this.allowList = home.resolve(property(ALLOWLIST, "conf/plugins-allowlist.txt"));
        this.truststorePassword = property(TRUSTSTORE_PASSWORD, "").toCharArray();
        Map<String, Object> limitConfig = new HashMap<>();
        String maxUpload = property(MAX_UPLOAD, "");
        if (!maxUpload.isBlank()) {
            limitConfig.put(ArchiveLimits.MAX_UPLOAD_BYTES, maxUpload.trim());
        }
        this.limits = ArchiveLimits.fromConfig(limitConfig);
        this.repositories = new Repositories(property(REPOSITORIES, "system"), home, limits.maxUploadBytes());
        if (mode == TrustPolicy.Mode.DEVELOPMENT) {
            LOG.warn("Plugin trust is in DEVELOPMENT mode: unsigned modules are installed. Never use this in production.");
        }
        delete(work); // what an interrupted upload left
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurationAdmin = admin;
    }

    void unsetConfigurationAdmin(ConfigurationAdmin admin) {
        if (this.configurationAdmin == admin) {
            this.configurationAdmin = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    void setScr(ServiceComponentRuntime runtime) {
        this.scr = runtime;
    }

    void unsetScr(ServiceComponentRuntime runtime) {
        if (this.scr == runtime) {
            this.scr = null;
        }
    }

    /**
     * Binds the backup module's pre-upgrade backups. Dynamic: installing or removing the backup module (through this
     * very plugin manager, say) does not restart the plugin manager.
     *
     * @param service the backup module's service
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setUpgradeBackups(UpgradeBackups service) {
        this.backups = service;
    }

    /**
     * Unbinds the backup module's pre-upgrade backups; changes then go ahead without a backup.
     *
     * @param service the service going away
     */
    void unsetUpgradeBackups(UpgradeBackups service) {
        if (this.backups == service) {
            this.backups = null;
        }
    }

    /** Brings the framework to the recorded desired state, off the start's thread. */
    void reconcileInBackground() {
        Thread thread = new Thread(() -> {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.error("The installed modules could not be brought to the recorded state: {}", e.getMessage(), e);
            }
        }, "opsconsole-plugins-reconcile");
        thread.setDaemon(true);
        reconciler = thread;
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Thread thread = reconciler;
        if (thread != null) {
            thread.join(10_000);
        }
        prepared.values().forEach(this::discard);
        prepared.clear();
    }

    private String property(String name, String fallback) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    boolean developmentMode() {
        return mode == TrustPolicy.Mode.DEVELOPMENT;
    }

    ArchiveLimits limits() {
        return limits;
    }

    Path workFolder() {
        return work;
    }

    private TrustVerifier verifier(Set<String> installationJars) {
        TrustPolicy policy = TrustPolicy.load(mode, Files.isRegularFile(truststore) ? truststore : null, truststorePassword,
                Files.isRegularFile(allowList) ? allowList : null);
        if (!installationJars.isEmpty()) {
            Set<String> allowed = new LinkedHashSet<>(policy.allowedSha256());
            allowed.addAll(installationJars);
            policy = new TrustPolicy(policy.mode(), policy.trustAnchors(), allowed);
        }
        return new TrustVerifier(policy, clock);
    }

    /** The recorded desired state. */
    PluginState state() {
        return store.state();
    }

    List<PluginStore.Installed> installedRecords() {
        return store.installed();
    }

    List<PluginStore.Change> history(int limit, Long before) {
        return store.history(limit, before);
    }

    Optional<Prepared> prepared(String id) {
        expire();
        return Optional.ofNullable(prepared.get(id));
    }

    /** The plugin bundles as the framework has them now, by symbolic name. */
    Map<String, Bundle> bundles() {
        return Planner.pluginBundles(context);
    }

    /**
     * Reads an uploaded file, checks every bundle's trust and plans installing it.
     *
     * @param file the uploaded file (moved into the plugin manager's work folder; the caller may delete its own copy)
     * @param fileName the file's name as the operator knows it
     * @param source where it came from: {@code upload:<name>} or {@code deploy:<name>}
     * @throws ArchiveException when the file is damaged, unsafe, too large or not bundles
     * @throws UntrustedUploadException when a bundle is not trusted
     * @throws RefusedException when the plan shows it cannot be installed (the upload is discarded)
     */
    Prepared prepare(Path file, String fileName, String source, String actor)
            throws ArchiveException, UntrustedUploadException, RefusedException, IOException {
        return prepare(file, fileName, source, actor, Set.of());
    }

    /** As {@link #prepare(Path, String, String, String)}, with jars trusted as part of the installation (by SHA-256). */
    private Prepared prepare(Path file, String fileName, String source, String actor, Set<String> installationJars)
            throws ArchiveException, UntrustedUploadException, RefusedException, IOException {
        expire();
        String id = UUID.randomUUID().toString();
        Path folder = work.resolve(id);
        TrustedUpload trusted;
        try {
            trusted = new TrustedUploadReader(new ArchiveReader(limits), verifier(installationJars)).read(file, fileName, folder);
        } catch (ArchiveException | UntrustedUploadException | IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
        Upload upload = trusted.upload();
        try {
            PluginState current = store.state();
            PluginState.Feature feature = feature(upload, source);
            Action action = current.feature(feature.key()).isPresent() ? Action.UPDATE : Action.INSTALL;
            Plan plan = planInstall(current, feature, upload, trusted.decisions());
            if (!plan.feasible()) {
                boolean installed = current.feature(feature.key()).map(f -> f.id().equals(feature.id())).orElse(false);
                throw new RefusedException(plan, installed ? 409 : 422);
            }
            Prepared ready = new Prepared(id, fileName, source, feature, action, trusted.decisions(), plan,
                    clock.instant().plus(UPLOAD_LIFETIME), upload, actor);
            prepared.put(id, ready);
            return ready;
        } catch (RefusedException | RuntimeException e) {
            upload.discard();
            delete(folder);
            throw e;
        }
    }

    /** The repositories features can be installed from by id. */
    List<String> repositories() {
        return repositories.names();
    }

    /**
     * Fetches a feature and its bundles from the configured repositories and prepares it as an upload (the same
     * checks: limits, trust, plan).
     *
     * @throws Repositories.NotFoundException when no repository has it
     */
    Prepared prepareFromRepository(ArtifactId featureId, String actor)
            throws Repositories.NotFoundException, ArchiveException, UntrustedUploadException, RefusedException, IOException {
        Path folder = work.resolve("fetch-" + UUID.randomUUID());
        try {
            Repositories.Fetched fetched = repositories.fetch(featureId, folder);
            return prepare(fetched.archive(), fetched.archive().getFileName().toString(),
                    "repository:" + fetched.repository() + ":" + featureId, actor, fetched.installationJars());
        } finally {
            delete(folder);
        }
    }

    /** The feature an upload installs: its own description, or one made for a single bundle. */
    private static PluginState.Feature feature(Upload upload, String source) throws IOException {
        if (upload instanceof Upload.FeatureArchive archive) {
            FeatureDescriptor descriptor = archive.feature();
            List<PluginState.Bundle> bundles = new ArrayList<>();
            int position = 0;
            for (FeatureDescriptor.FeatureBundle named : descriptor.bundles()) {
                BundleArtifact artifact = archive.artifact(named.id());
                int order = named.startOrder() == null ? 1000 + position : named.startOrder() * 1000 + position;
                bundles.add(new PluginState.Bundle(artifact.symbolicName(), artifact.version().toString(), artifact.sha256(),
                        fileName(artifact.originalName()), order));
                position++;
            }
            bundles.sort(Comparator.comparingInt(PluginState.Bundle::startOrder));
            String json = Files.readString(archive.featureFile(), StandardCharsets.UTF_8);
            return new PluginState.Feature(descriptor.id().toString(), descriptor.name(), descriptor.id().version(),
                    descriptor.description(), source, json, bundles);
        }
        BundleArtifact bundle = upload.bundles().get(0);
        String id = "opsconsole.bundle:" + bundle.symbolicName() + ":" + bundle.version();
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("feature-resource-version", "1.0");
        descriptor.put("id", id);
        descriptor.put("name", bundle.manifest().getOrDefault("Bundle-Name", bundle.symbolicName()));
        descriptor.put("bundles", List.of(Map.of("id", id)));
        String json = JSON.writeValueAsString(descriptor);
        return new PluginState.Feature(id, String.valueOf(descriptor.get("name")), bundle.version().toString(), null, source,
                json, List.of(new PluginState.Bundle(bundle.symbolicName(), bundle.version().toString(), bundle.sha256(),
                        fileName(bundle.originalName()), 1000)));
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private Plan planInstall(PluginState current, PluginState.Feature feature, Upload upload, List<TrustDecision> decisions) {
        List<Message> problems = new ArrayList<>();
        Optional<PluginState.Feature> existing = current.feature(feature.key());
        if (existing.isPresent() && existing.get().id().equals(feature.id())) {
            boolean same = existing.get().bundles().equals(feature.bundles()) && existing.get().descriptor().equals(feature.descriptor());
            problems.add(same
                    ? new Message("模块 " + feature.id() + " 已经安装，内容完全相同", "Module " + feature.id() + " is already installed, with the same content")
                    : new Message("模块 " + feature.id() + " 已经安装（版本相同、内容不同）；新的构建须使用新的版本号",
                            "Module " + feature.id() + " is already installed (same version, other content); a new build needs a new version"));
        }
        for (PluginState.Bundle bundle : feature.bundles()) {
            current.owner(bundle.symbolicName()).filter(owner -> !owner.key().equals(feature.key())).ifPresent(owner ->
                    problems.add(new Message("模块 " + bundle.symbolicName() + " 已属于已安装的功能 " + owner.id() + "，两个功能不能共用一个模块",
                            "Bundle " + bundle.symbolicName() + " already belongs to the installed feature " + owner.id()
                                    + "; two features cannot share a bundle")));
        }
        if (upload instanceof Upload.FeatureArchive archive) {
            problems.addAll(compatibility(archive.feature()));
            problems.addAll(requirements(archive.feature(), current));
        }
        Map<String, BundleArtifact> artifacts = new HashMap<>();
        Map<String, String> trust = new HashMap<>();
        for (BundleArtifact artifact : upload.bundles()) {
            artifacts.put(artifact.sha256(), artifact);
        }
        for (TrustDecision decision : decisions) {
            trust.put(decision.sha256(), trustWords(decision));
        }
        PluginState target = current.with(feature);
        Plan plan = problems.isEmpty() ? new Planner(context, resolver).plan(current, target, artifacts, trust)
                : new Plan(List.of(), List.of(), List.of(), List.of(), List.of(), problems, List.of());
        if (decisions.stream().anyMatch(TrustDecision::developmentMode)) {
            plan = plan.withNotes(List.of(new Message("开发模式：未经签名校验的代码将被安装",
                    "Development mode: code that was not verified will be installed")));
        }
        return withBackupNote(plan);
    }

    /** The note of a plan when a backup module is installed. */
    static final Message BACKUP_FIRST = new Message("应用前将先备份控制台数据库（或使用最近的备份）",
            "A backup of the console database is taken first (or a recent one is used)");

    /** The note of a plan when no backup module is installed. */
    static final Message NO_BACKUP = new Message("未安装备份模块：此变更前不会备份",
            "No backup module is installed: no backup is taken before this change");

    /** A plan that can be applied, with what happens to backups before it is. */
    private Plan withBackupNote(Plan plan) {
        return plan.feasible() ? plan.withNotes(List.of(backups == null ? NO_BACKUP : BACKUP_FIRST)) : plan;
    }

    /**
     * The change as the backup module is told about it.
     *
     * @param action what the change does
     * @param featureId the feature it is about ({@code change:<n>} for a revert)
     * @param plan its plan
     * @param actor who asked for it
     * @return the change, naming the bundles the plan installs, updates or removes
     */
    static ModuleChange moduleChange(Action action, String featureId, Plan plan, String actor) {
        return new ModuleChange(action.name(), featureId, plan.changedBundles(), actor);
    }

    /**
     * Why a change was refused when its backup failed. The backup module's reason comes in Chinese and English
     * ({@code 中文 / English}); each half goes to its language, or the whole reason to both when it is not split so.
     *
     * @param failure what the backup module threw
     * @return the problem of the refused plan
     */
    static Message backupFailed(Exception failure) {
        String reason = failure.getMessage() == null || failure.getMessage().isBlank() ? failure.getClass().getName()
                : failure.getMessage().strip();
        int separator = reason.indexOf(" / ");
        String zh = separator < 0 ? reason : reason.substring(0, separator);
        String en = separator < 0 ? reason : reason.substring(separator + 3);
        return new Message("升级前备份失败，变更未执行：" + zh, "The pre-upgrade backup failed; the change was not applied: " + en);
    }

    /**
     * Asks the backup module, when one is installed, for the backup that protects a change about to be applied. Called
     * with the change lock held, after the plan was found feasible and before anything is touched.
     *
     * @return the backup, or null when no backup module is installed or it says the change needs none
     * @throws RefusedException (503) when the backup failed: the change must not go ahead; audited as a failure
     */
    private ProtectingBackup protect(String actor, String from, Action action, String featureId, Plan plan)
            throws RefusedException {
        UpgradeBackups service = backups;
        if (service == null) {
            return null;
        }
        try {
            return service.beforeChange(moduleChange(action, featureId, plan, actor)).orElse(null);
        } catch (UpgradeBackupException | RuntimeException e) {
            LOG.warn("The pre-upgrade backup of {} {} failed; the change is not applied: {}", action, featureId,
                    e.getMessage(), e);
            Plan refused = plan.withProblems(List.of(backupFailed(e)));
            audit(actor, from, action, featureId, AuditEvent.Outcome.FAILURE, refused.summary());
            throw new RefusedException(refused, 503);
        }
    }

    static String trustWords(TrustDecision decision) {
        return switch (decision.basis()) {
            case SIGNATURE -> "signed by " + decision.signerSubject() + " (SHA-256 " + decision.signerFingerprint() + ")";
            case ALLOW_LIST -> "on the allow-list";
            case DEVELOPMENT_MODE -> "not verified (development mode)";
            case NONE -> "not trusted";
        };
    }

    /** The feature's {@code opsconsole-api} range against the installed API bundle. */
    private List<Message> compatibility(FeatureDescriptor descriptor) {
        if (descriptor.apiRange() == null) {
            return List.of();
        }
        Version api = Stream.of(context.getBundles()).filter(b -> API_BUNDLE.equals(b.getSymbolicName()))
                .map(Bundle::getVersion).max(Comparator.naturalOrder()).orElse(Version.emptyVersion);
        if (descriptor.apiRange().includes(api)) {
            return List.of();
        }
        String range = descriptor.apiRange().toString();
        return List.of(new Message("模块 " + descriptor.id() + " 需要控制台接口版本 " + range + "，而本控制台的接口版本是 " + api,
                "Module " + descriptor.id() + " needs console API " + range + ", but this console's API is " + api));
    }

    /** The features a feature needs: installed at runtime, or the console's own (platform, core). */
    private static List<Message> requirements(FeatureDescriptor descriptor, PluginState current) {
        List<Message> problems = new ArrayList<>();
        for (ArtifactId needed : descriptor.requires()) {
            String key = needed.groupId() + ":" + needed.artifactId();
            boolean own = needed.groupId().equals("org.opsconsole.features")
                    && (needed.artifactId().equals("core") || needed.artifactId().equals("platform"));
            if (!own && current.feature(key).isEmpty()) {
                problems.add(new Message("模块 " + descriptor.id() + " 需要功能 " + needed + "，它没有安装",
                        "Module " + descriptor.id() + " needs the feature " + needed + ", which is not installed"));
            }
        }
        return problems;
    }

    /** Applies a prepared upload. */
    Applied apply(String uploadId, String actor, String from) throws RefusedException, FailedException, IOException {
        expire();
        Prepared ready = prepared.get(uploadId);
        if (ready == null) {
            throw new RefusedException(new Plan(List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(new Message("没有该上传，或它已过期（30 分钟）", "No such upload, or it expired (30 minutes)")), List.of()), 404);
        }
        changing.lock();
        try {
            PluginState current = store.state();
            Plan plan = planInstall(current, ready.feature(), ready.upload(), ready.decisions());
            if (!plan.feasible()) {
                audit(actor, from, ready.action(), ready.feature().id(), AuditEvent.Outcome.FAILURE, plan.summary());
                throw new RefusedException(plan, 409);
            }
            ProtectingBackup backup = protect(actor, from, ready.action(), ready.feature().id(), plan);
            Map<String, Path> files = new HashMap<>();
            for (BundleArtifact artifact : ready.upload().bundles()) {
                store.keep(artifact);
                files.put(artifact.sha256(), artifact.file());
            }
            Applied applied = transition(actor, from, ready.action(), ready.feature().id(), current,
                    current.with(ready.feature()), plan, files, backup);
            prepared.remove(uploadId);
            discard(ready);
            return applied;
        } finally {
            changing.unlock();
        }
    }

    /** Discards a prepared upload. */
    boolean discard(String uploadId) {
        Prepared ready = prepared.remove(uploadId);
        if (ready != null) {
            discard(ready);
        }
        return ready != null;
    }

    /** Plans removing a feature: refused when another feature or bundle needs it. */
    Plan planUninstall(String featureKey) {
        PluginState current = store.state();
        Optional<PluginState.Feature> feature = current.feature(featureKey);
        if (feature.isEmpty()) {
            return refusal(new Message("没有安装该模块：" + featureKey, "No such module is installed: " + featureKey));
        }
        List<Message> problems = new ArrayList<>(dependents(current, feature.get()));
        Plan plan = new Planner(context, resolver).plan(current, current.without(featureKey), Map.of(), Map.of());
        return withBackupNote(plan.withProblems(problems));
    }

    Applied uninstall(String featureKey, String actor, String from) throws RefusedException, FailedException, IOException {
        changing.lock();
        try {
            Plan plan = planUninstall(featureKey);
            String featureId = store.state().feature(featureKey).map(PluginState.Feature::id).orElse(featureKey);
            if (!plan.feasible()) {
                audit(actor, from, Action.UNINSTALL, featureId, AuditEvent.Outcome.FAILURE, plan.summary());
                throw new RefusedException(plan, store.state().feature(featureKey).isEmpty() ? 404 : 409);
            }
            ProtectingBackup backup = protect(actor, from, Action.UNINSTALL, featureId, plan);
            PluginState current = store.state();
            return transition(actor, from, Action.UNINSTALL, featureId, current, current.without(featureKey), plan, Map.of(),
                    backup);
        } finally {
            changing.unlock();
        }
    }

    /** Who needs a feature: features that require it, bundles outside it wired to its bundles. */
    private List<Message> dependents(PluginState current, PluginState.Feature feature) {
        List<Message> problems = new ArrayList<>();
        for (PluginState.Feature other : current.features()) {
            if (other.key().equals(feature.key())) {
                continue;
            }
            try {
                FeatureDescriptor descriptor = FeatureDescriptor.parse(other.descriptor().getBytes(StandardCharsets.UTF_8), other.id());
                if (descriptor.requires().stream().anyMatch(r -> (r.groupId() + ":" + r.artifactId()).equals(feature.key()))) {
                    problems.add(new Message("已安装的功能 " + other.id() + " 需要 " + feature.id() + "，请先卸载它",
                            "The installed feature " + other.id() + " needs " + feature.id() + "; remove it first"));
                }
            } catch (ArchiveException e) {
                LOG.warn("The recorded description of {} cannot be read: {}", other.id(), e.getMessage());
            }
        }
        Set<String> own = feature.bundles().stream().map(PluginState.Bundle::symbolicName).collect(Collectors.toSet());
        Map<String, Bundle> installed = bundles();
        Set<String> users = new LinkedHashSet<>();
        for (String name : own) {
            Bundle bundle = installed.get(name);
            BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getProvidedWires(null)) {
                Bundle user = wire.getRequirer().getBundle();
                if (user.getBundleId() != 0 && !own.contains(user.getSymbolicName())) {
                    users.add(user.getSymbolicName());
                }
            }
        }
        if (!users.isEmpty()) {
            problems.add(new Message("模块 " + String.join("、", users) + " 正在使用 " + feature.id() + " 提供的软件包，不能卸载",
                    String.join(", ", users) + " use packages of " + feature.id() + "; it cannot be removed"));
        }
        return problems;
    }

    /** Plans going back to the state before a change. */
    Plan planRevert(long changeId) {
        Optional<PluginStore.Change> change = store.change(changeId);
        if (change.isEmpty()) {
            return refusal(new Message("没有编号为 " + changeId + " 的变更", "No change number " + changeId));
        }
        PluginState current = store.state();
        PluginState target = change.get().before();
        Map<String, BundleArtifact> artifacts = new HashMap<>();
        List<Message> problems = new ArrayList<>();
        for (PluginState.Bundle bundle : target.bundles().values()) {
            if (!store.keeps(bundle.sha256())) {
                problems.add(new Message("缺少 " + bundle.symbolicName() + " " + bundle.version() + " 的存档文件",
                        "The kept jar of " + bundle.symbolicName() + " " + bundle.version() + " is missing"));
            }
        }
        if (!problems.isEmpty()) {
            return refusal(problems.toArray(Message[]::new));
        }
        Path folder = work.resolve("revert-" + changeId);
        try {
            for (PluginState.Bundle bundle : target.bundles().values()) {
                Path file = store.artifactFile(bundle.sha256(), folder);
                artifacts.put(bundle.sha256(), new ArchiveReader(limits).readBundle(file, bundle.fileName()));
            }
            return withBackupNote(new Planner(context, resolver).plan(current, target, artifacts, Map.of()));
        } catch (IOException | ArchiveException e) {
            return refusal(new Message("存档文件无法读取：" + e.getMessage(), "A kept jar cannot be read: " + e.getMessage()));
        } finally {
            delete(folder);
        }
    }

    Applied revert(long changeId, String actor, String from) throws RefusedException, FailedException, IOException {
        changing.lock();
        try {
            Plan plan = planRevert(changeId);
            if (!plan.feasible()) {
                audit(actor, from, Action.REVERT, "change:" + changeId, AuditEvent.Outcome.FAILURE, plan.summary());
                throw new RefusedException(plan, store.change(changeId).isEmpty() ? 404 : 409);
            }
            ProtectingBackup backup = protect(actor, from, Action.REVERT, "change:" + changeId, plan);
            PluginState current = store.state();
            PluginState target = store.change(changeId).orElseThrow().before();
            return transition(actor, from, Action.REVERT, "change:" + changeId, current, target, plan,
                    storedFiles(target, "revert-" + changeId), backup);
        } finally {
            changing.unlock();
        }
    }

    private Map<String, Path> storedFiles(PluginState state, String name) throws IOException {
        Map<String, Path> files = new HashMap<>();
        Path folder = work.resolve(name);
        for (PluginState.Bundle bundle : state.bundles().values()) {
            files.put(bundle.sha256(), store.artifactFile(bundle.sha256(), folder));
        }
        return files;
    }

    private static Plan refusal(Message... problems) {
        return new Plan(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(problems), List.of());
    }

    /**
     * Applies a planned transition, records it with the backup that protects it (null for none) and audits it; on
     * failure everything is rolled back, and the change is recorded as such, with its backup, which was taken.
     */
    private Applied transition(String actor, String from, Action action, String featureId, PluginState before,
            PluginState after, Plan plan, Map<String, Path> files, ProtectingBackup backup) throws FailedException, IOException {
        String backupId = backup == null ? null : backup.backupId();
        String backupLink = backup == null ? null : backup.link();
        // first in the audit detail, which a long plan may clip
        String backupWords = backup == null ? "" : " (backup " + backup.backupId() + ")";
        Applier applier = new Applier(context, configurationAdmin, scr);
        Path scratch = work.resolve("apply-" + UUID.randomUUID());
        Applier.Artifacts artifacts = sha256 -> {
            Path file = files.get(sha256);
            return file != null && Files.isRegularFile(file) ? file : store.artifactFile(sha256, scratch);
        };
        try {
            applier.apply(before, after, plan, artifacts);
        } catch (Applier.ApplyException e) {
            long change = store.record(actor, action, featureId, plan.summary(), before, after, Outcome.ROLLED_BACK,
                    e.reason.toString(), backupId, backupLink);
            audit(actor, from, action, featureId, AuditEvent.Outcome.FAILURE, "change " + change + backupWords + ": "
                    + plan.summary() + "; rolled back: " + e.reason.en());
            throw new FailedException(e.reason, change, e);
        } finally {
            delete(scratch);
        }
        long change;
        try {
            change = store.record(actor, action, featureId, plan.summary(), before, after, Outcome.APPLIED, null, backupId,
                    backupLink);
        } catch (RuntimeException e) {
            // the framework changed but the database did not take it: put the framework back
            LOG.error("The change could not be recorded ({}); rolling the framework back", e.getMessage(), e);
            try {
                Plan back = new Planner(context, resolver).plan(after, before, Map.of(), Map.of());
                applier.apply(after, before, back, sha256 -> {
                    Path file = files.get(sha256);
                    return file != null ? file : store.artifactFile(sha256, scratch);
                });
            } catch (Applier.ApplyException rollback) {
                LOG.error("Rolling back after the failed record failed too: {}", rollback.getMessage(), rollback);
            }
            throw new FailedException(new Message("变更无法记录到数据库，已撤销：" + e.getMessage(),
                    "The change could not be recorded in the database and was undone: " + e.getMessage()), 0, e);
        }
        audit(actor, from, action, featureId, AuditEvent.Outcome.SUCCESS, "change " + change + backupWords + ": " + plan.summary());
        return new Applied(change, action, featureId, plan);
    }

    private void audit(String actor, String from, Action action, String target, AuditEvent.Outcome outcome, String detail) {
        audit.record(new AuditEvent(actor, from, "plugins." + action.name().toLowerCase(java.util.Locale.ROOT), target, outcome,
                detail.length() > 3900 ? detail.substring(0, 3900) + "…" : detail));
    }

    /**
     * Brings the framework to the recorded desired state: after a restart on a wiped bundle cache, or when another
     * console node changed the modules. Bundles the framework already has in the recorded version are kept.
     */
    void reconcile() {
        changing.lock();
        try {
            PluginState desired = store.state();
            Map<String, Bundle> installed = bundles();
            Map<String, PluginState.Bundle> wanted = desired.bundles();
            boolean same = installed.size() == wanted.size() && wanted.values().stream().allMatch(b -> {
                Bundle bundle = installed.get(b.symbolicName());
                return bundle != null && bundle.getVersion().toString().equals(b.version());
            });
            if (same) {
                for (Bundle bundle : installed.values()) {
                    if (bundle.getState() == Bundle.RESOLVED || bundle.getState() == Bundle.INSTALLED) {
                        start(bundle);
                    }
                }
                return;
            }
            // what the framework has, as a state: its bundles are all replaced by the recorded artifacts
            List<PluginState.Bundle> present = installed.entrySet().stream()
                    .map(e -> new PluginState.Bundle(e.getKey(), e.getValue().getVersion().toString(), "0".repeat(64), e.getKey(), 0))
                    .toList();
            PluginState framework = new PluginState(present.isEmpty() ? List.of()
                    : List.of(new PluginState.Feature("framework:present:0", null, "0", null, "framework", "{}", present)));
            Map<String, BundleArtifact> artifacts = new HashMap<>();
            Path folder = work.resolve("reconcile");
            for (PluginState.Bundle bundle : wanted.values()) {
                Path file = store.artifactFile(bundle.sha256(), folder);
                artifacts.put(bundle.sha256(), new ArchiveReader(limits).readBundle(file, bundle.fileName()));
            }
            Plan plan = new Planner(context, resolver).plan(framework, desired, artifacts, Map.of());
            if (!plan.feasible()) {
                LOG.error("The recorded modules cannot be installed: {}", plan.summary());
                return;
            }
            new Applier(context, configurationAdmin, scr).apply(framework, desired, plan, sha -> folder.resolve(sha + ".jar"));
            LOG.info("The installed modules were brought to the recorded state: {}", plan.summary());
            delete(folder);
        } catch (IOException | ArchiveException | Applier.ApplyException e) {
            LOG.error("The installed modules could not be brought to the recorded state: {}", e.getMessage(), e);
        } finally {
            changing.unlock();
        }
    }

    private static void start(Bundle bundle) {
        try {
            if (bundle.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        } catch (Exception e) {
            LOG.error("Module {} could not be started: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    private void expire() {
        Instant now = clock.instant();
        prepared.values().removeIf(ready -> {
            if (ready.expires().isBefore(now)) {
                discard(ready);
                return true;
            }
            return false;
        });
    }

    private void discard(Prepared ready) {
        try {
            ready.upload().discard();
        } catch (IOException e) {
            LOG.debug("Upload {} could not be removed: {}", ready.id(), e.getMessage());
        }
        delete(work.resolve(ready.id()));
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.debug("{} could not be removed: {}", folder, e.getMessage());
        }
    }
}
