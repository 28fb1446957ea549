package org.opsconsole.backups.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.backup.ModuleChange;
import org.opsconsole.api.backup.ProtectingBackup;
import org.opsconsole.api.backup.UpgradeBackupException;
import org.opsconsole.api.backup.UpgradeBackups;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.db.JdbcUrls;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Notifier;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.backups.internal.engine.BackupFiles;
import org.opsconsole.backups.internal.engine.ConnectionSource;
import org.opsconsole.backups.internal.engine.DatabaseChecker;
import org.opsconsole.backups.internal.engine.DatabaseDumper;
import org.opsconsole.backups.internal.engine.DatabaseLoader;
import org.opsconsole.backups.internal.engine.FolderArchive;
import org.opsconsole.backups.internal.engine.Manifest;
import org.opsconsole.backups.internal.engine.ScratchDatabase;
import org.opsconsole.backups.internal.engine.Sealing;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup module's work: taking backups of targets into the repository, verifying them by a restore into a scratch
 * database, restoring them, pruning by the retention policy, the dead-man's switch, and the backup before every module
 * change ({@link UpgradeBackups}). Backups, verifications and restores run one at a time per target, on this node's
 * workers; each is recorded, audited, and reported through the notification service when it fails.
 *
 * <p>A backup is written into a partial folder and is complete only once its manifest is on disk and the folder
 * renamed; a backup this node was taking when it stopped (or was killed) is found at the next start and recorded as
 * INTERRUPTED, its partial folder deleted — or, when it had got as far as the rename, recorded as COMPLETE.
 */
@Component(service = {BackupService.class, UpgradeBackups.class}, immediate = true)
public class BackupService implements UpgradeBackups {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    static final String SOURCE = "backups";
    static final String LINK = "/#/backups";
    /** A running backup's record is refreshed this often; one not refreshed for {@link #STALE} was abandoned. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration STALE = Duration.ofMinutes(3);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.of("UTC"));
    private static final DateTimeFormatter SCRATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.systemDefault());

    /** Another backup, verification or restore of the target is running. */
    public static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException(String target) {
            super("备份对象“" + target + "”正有备份、校验或恢复在进行，请稍后再试 / A backup, verification or restore of “" + target
                    + "” is running; try again later");
        }
    }

    /** A request that cannot be done as asked; the message says why, in Chinese and English. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Where a restore goes. */
    public enum Destination {
        /** A new scratch database (or folder) beside the original. */
        SCRATCH,
        /** Over the original, after a backup of it. */
        ORIGINAL
    }

    private final BundleContext context;
    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final BackupSettings settings;
    private final KeyRing keys;
    private final TargetStore targets;
    private final RunStore runs;
    private final Repository repository;
    private final String node;
    private final ZoneId zone = ZoneId.systemDefault();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<Long, String> busy = new ConcurrentHashMap<>();
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeats;
    private volatile Notifier notifier;
    private volatile TargetSchedules schedules;

    @Activate
    public BackupService(BundleContext context, @Reference Database database, @Reference SecretBox box, @Reference AuditLog audit) {
        this(context, database, box, audit, Clock.systemUTC(), BackupSettings.of(context));
        schedules = new TargetSchedules(context, this);
        recover();
        schedules.sync(targets.list());
    }

    BackupService(BundleContext context, Database database, SecretBox box, AuditLog audit, Clock clock, BackupSettings settings) {
        this.context = context;
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.keys = new KeyRing(database, box, clock);
        Path home = Path.of(property(context, "opsconsole.home", "."));
        this.targets = new TargetStore(database, box, clock, home);
        this.runs = new RunStore(database, clock);
        this.repository = new Repository(settings.repository());
        this.node = node(context);
        this.workers = Executors.newFixedThreadPool(2, daemon("opsconsole-backup-worker"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("opsconsole-backup-heartbeat"));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (schedules != null) {
            schedules.close();
        }
        operations.values().forEach(Operation::cancel);
        workers.shutdown();
        if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        heartbeats.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setNotifier(Notifier notifier) {
        this.notifier = notifier;
    }

    void unsetNotifier(Notifier notifier) {
        if (this.notifier == notifier) {
            this.notifier = null;
        }
    }

    public BackupSettings settings() {
        return settings;
    }

    public TargetStore targets() {
        return targets;
    }

    public RunStore runs() {
        return runs;
    }

    public Repository repository() {
        return repository;
    }

    public ZoneId zone() {
        return zone;
    }

    /** @return a complete backup's manifest, its MAC checked */
    public Manifest manifest(Run run) throws IOException {
        return repository.manifest(run.targetId(), run.id(), keys::byId);
    }

    /** The targets changed: their schedules follow. */
    public void targetsChanged() {
        TargetSchedules current = schedules;
        if (current != null) {
            current.sync(targets.list());
        }
    }

    /** @return the operations on this node, the newest first */
    public List<Operation> operations() {
        List<Operation> list = new ArrayList<>(operations.values());
        list.sort(Comparator.comparing((Operation o) -> o.startedAt).reversed());
        return list;
    }

    public Optional<Operation> operation(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    // ---- starting work ---------------------------------------------------------------------------------------------

    /**
     * Starts a backup of a target on a worker.
     *
     * @throws BusyException when the target has work running
     */
    public Operation startBackup(Target target, Run.Reason reason, String actor, String from, String note) throws BusyException {
        String backupId = newBackupId();
        Operation operation = claim(Operation.Kind.BACKUP, target, backupId, actor);
        audit.record(new AuditEvent(actor, from, "backups.backup", target.name(), AuditEvent.Outcome.SUCCESS,
                "backup " + backupId + " started (" + reason + ")" + (note == null || note.isBlank() ? "" : ": " + note)));
        return onWorker(target, operation, () -> {
            try {
                backup(target, reason, actor, from, note, backupId, operation);
            } catch (Exception e) {
                // recorded, audited and reported by backup()
            }
        });
    }

    /**
     * Starts a verification of a backup on a worker.
     *
     * @throws RefusedException when the backup is not complete
     */
    public Operation startVerify(Run run, String actor, String from) throws BusyException, RefusedException {
        Target target = targetOf(run);
        Operation operation = claim(Operation.Kind.VERIFY, target, run.id(), actor);
        audit.record(new AuditEvent(actor, from, "backups.verify", target.name(), AuditEvent.Outcome.SUCCESS,
                "verification of backup " + run.id() + " started"));
        return onWorker(target, operation, () -> verify(run, target, actor, operation));
    }

    /**
     * Starts a restore on a worker.
     *
     * @throws RefusedException when the backup is not complete, or cannot be restored where asked
     */
    public Operation startRestore(Run run, Destination destination, String actor, String from) throws BusyException, RefusedException {
        Target target = targetOf(run);
        if (destination == Destination.ORIGINAL && target.kind() == TargetKind.CONSOLE) {
            throw new RefusedException("控制台自己的数据库不能在运行中覆盖恢复：请恢复到临时库，或停止控制台后按 README 的说明恢复 / The console's "
                    + "own database cannot be restored over while the console runs: restore it into a scratch database, or stop "
                    + "the console and follow the README");
        }
        Operation operation = claim(Operation.Kind.RESTORE, target, run.id(), actor);
        audit.record(new AuditEvent(actor, from, "backups.restore", target.name(), AuditEvent.Outcome.SUCCESS,
                "restore of backup " + run.id() + " into " + destination.name().toLowerCase(Locale.ROOT) + " started"));
        return onWorker(target, operation, () -> restore(run, target, destination, actor, from, operation));
    }

    private Target targetOf(Run run) throws RefusedException {
        if (run.state() != Run.State.COMPLETE) {
            throw new RefusedException("只有完整的备份才能校验或恢复（此备份的状态：" + run.state() + "） / Only a complete backup can be "
                    + "verified or restored (this one is " + run.state() + ")");
        }
        return targets.find(run.targetId()).orElseThrow(() -> new RefusedException(
                "此备份的备份对象已删除 / The backup's target was deleted"));
    }

    private Operation claim(Operation.Kind kind, Target target, String backupId, String actor) throws BusyException {
        Operation operation = new Operation(UUID.randomUUID().toString(), kind, target, backupId, actor, clock);
        if (busy.putIfAbsent(target.id(), operation.id) != null) {
            throw new BusyException(target.name());
        }
        operations.put(operation.id, operation);
        forgetOldOperations();
        return operation;
    }

    /** Runs claimed work on a worker, and releases the target when it ends. */
    private Operation onWorker(Target target, Operation operation, Runnable work) {
        workers.execute(() -> {
            try {
                work.run();
            } finally {
                release(target, operation);
            }
        });
        return operation;
    }

    private void release(Target target, Operation operation) {
        busy.remove(target.id(), operation.id);
    }

    private void forgetOldOperations() {
        List<Operation> finished = operations.values().stream().filter(o -> o.state() != Operation.State.RUNNING)
                .sorted(Comparator.comparing((Operation o) -> o.startedAt).reversed()).toList();
        finished.stream().skip(50).forEach(o -> operations.remove(o.id));
    }

    // ---- backing up ------------------------------------------------------------------------------------------------

    /**
     * Takes a backup now, on the caller's thread (a schedule, a module change), one at a time per target.
     *
     * @throws BusyException when the target has work running
     * @throws Exception when the backup failed (recorded, audited and reported)
     */
    Run backupNow(Target target, Run.Reason reason, String actor, String note, java.util.function.BooleanSupplier cancelled)
            throws Exception {
        String backupId = newBackupId();
        Operation operation = new Operation(UUID.randomUUID().toString(), Operation.Kind.BACKUP, target, backupId, actor, clock)
                .cancelledWhen(cancelled);
        if (busy.putIfAbsent(target.id(), operation.id) != null) {
            throw new BusyException(target.name());
        }
        operations.put(operation.id, operation);
        try {
            return backup(target, reason, actor, null, note, backupId, operation);
        } finally {
            release(target, operation);
        }
    }

    private Run backup(Target target, Run.Reason reason, String actor, String from, String note, String backupId, Operation operation)
            throws Exception {
        runs.started(backupId, target, reason, node, actor, note);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(backupId), HEARTBEAT.toSeconds(),
                HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        Instant started = clock.instant();
        try {
            Sealing sealing = keys.current().with(settings.cipher());
            Path folder = repository.begin(target.id(), backupId);
            Manifest manifest;
            if (target.kind().database()) {
                DatabaseDumper.Result dumped = new DatabaseDumper(settings.threads(), settings.compression())
                        .dump(source(target), folder, sealing, operation);
                manifest = new Manifest(Manifest.FORMAT, backupId, target.name(), "database", started.toString(), clock.instant().toString(),
                        sealing.algorithm().title(), sealing.keyId(), "deflate", dumped.source(), dumped.tables(), null, dumped.files());
            } else {
                Path source = targets.folder(target);
                operation.phase("复制文件", "Copying the files");
                FolderArchive.Summary[] summary = new FolderArchive.Summary[1];
                Manifest.FileEntry file = BackupFiles.write(folder, "files.archive", sealing, settings.compression(),
                        out -> summary[0] = FolderArchive.write(source, out, operation));
                manifest = new Manifest(Manifest.FORMAT, backupId, target.name(), "files", started.toString(), clock.instant().toString(),
                        sealing.algorithm().title(), sealing.keyId(), "deflate", null, null,
                        new Manifest.FolderEntry(source.toString(), file.name(), summary[0].count(), summary[0].bytes(), summary[0].checksum()),
                        List.of(file));
            }
            operation.phase("写入清单", "Writing the manifest");
            String sha = repository.complete(target.id(), backupId, manifest, sealing);
            runs.completed(backupId, manifest.size(), operation.bytes(), manifest.tables() == null ? null : manifest.tables().size(),
                    manifest.tables() == null ? null : manifest.rows(), manifest.folder() == null ? null : manifest.folder().count(),
                    sealing.keyId(), sha);
            Run run = runs.find(backupId).orElseThrow();
            String summary = describe(run);
            audit.record(new AuditEvent(actor == null ? "system" : actor, from, "backups.backup", target.name(), AuditEvent.Outcome.SUCCESS,
                    "backup " + backupId + " complete: " + summary));
            LOG.info("Backup {} of {} complete: {}", backupId, target.name(), summary);
            backOnTime(target);
            prune(target);
            // done once the retention policy is applied too: whoever waits for the operation sees the pruned backups gone
            operation.finish(true, summary);
            return run;
        } catch (Exception e) {
            boolean interrupted = operation.cancelled() || e instanceof InterruptedIOException;
            String reasonText = reason(e);
            try {
                repository.remove(target.id(), backupId);
            } catch (IOException cleanup) {
                LOG.warn("The partial backup {} could not be deleted: {}", backupId, cleanup.getMessage());
            }
            runs.ended(backupId, interrupted ? Run.State.INTERRUPTED : Run.State.FAILED, reasonText);
            operation.finish(false, reasonText);
            audit.record(new AuditEvent(actor == null ? "system" : actor, from, "backups.backup", target.name(), AuditEvent.Outcome.FAILURE,
                    "backup " + backupId + (interrupted ? " interrupted: " : " failed: ") + reasonText));
            LOG.error("Backup {} of {} failed: {}", backupId, target.name(), reasonText, e);
            if (!interrupted) {
                notify(Severity.CRITICAL, "备份失败：" + target.name(), "备份 " + backupId + " 失败：" + reasonText
                        + "\n\nBackup " + backupId + " of " + target.englishName() + " failed.");
            }
            throw e;
        } finally {
            heartbeat.cancel(false);
            recordUsage();
        }
    }

    private void heartbeat(String backupId) {
        try {
            runs.heartbeat(backupId);
        } catch (RuntimeException e) {
            LOG.debug("Heartbeat of backup {} not recorded: {}", backupId, e.getMessage());
        }
    }

    static String describe(Run run) {
        StringBuilder text = new StringBuilder();
        if (run.tables() != null) {
            text.append(run.tables()).append(" 张表，").append(String.format("%,d", run.rows())).append(" 行，");
        }
        if (run.files() != null) {
            text.append(String.format("%,d", run.files())).append(" 个文件，");
        }
        text.append(sizeText(run.sizeBytes() == null ? 0 : run.sizeBytes())).append("，用时 ")
                .append(String.format("%.1f", (run.durationMs() == null ? 0 : run.durationMs()) / 1000.0)).append(" 秒");
        return text.toString();
    }

    /** @return a size in B, KB, MB or GB (decimal, as disks are sold) */
    static String sizeText(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format("%.1f %s", value, units[unit]);
    }

    /** Finds what a stop or a kill left: this node's running backups, and any node's that stopped saying they are alive. */
    void recover() {
        Instant staleBefore = clock.instant().minus(STALE);
        for (Run run : runs.running(node, staleBefore)) {
            if (operations.values().stream().anyMatch(o -> run.id().equals(o.backupId()) && o.state() == Operation.State.RUNNING)) {
                continue;
            }
            try {
                Manifest manifest = repository.manifest(run.targetId(), run.id(), keys::byId);
                // it got as far as the rename: complete, only its record was not updated
                runs.completed(run.id(), manifest.size(), manifest.size(), manifest.tables() == null ? null : manifest.tables().size(),
                        manifest.tables() == null ? null : manifest.rows(), manifest.folder() == null ? null : manifest.folder().count(),
                        manifest.keyId(), null);
                LOG.info("Backup {} of {} was complete when the console stopped; recorded as complete", run.id(), run.targetName());
                continue;
            } catch (IOException notComplete) {
                // not complete: cleaned below
            }
            try {
                repository.remove(run.targetId(), run.id());
            } catch (IOException e) {
                LOG.warn("The partial backup {} could not be deleted: {}", run.id(), e.getMessage());
            }
            runs.ended(run.id(), Run.State.INTERRUPTED, "控制台在备份进行中停止或被终止；未完成的文件已删除 / The console stopped or was killed "
                    + "while the backup ran; its partial files were deleted");
            LOG.warn("Backup {} of {} was interrupted; its partial files were deleted", run.id(), run.targetName());
        }
        try {
            Set<String> running = new HashSet<>();
            runs.list(null, List.of(Run.State.RUNNING), 1000).forEach(r -> running.add(r.id()));
            for (Path partial : repository.partials()) {
                String id = partial.getFileName().toString().replace(Repository.PARTIAL, "");
                if (!running.contains(id)) {
                    Repository.delete(partial);
                }
            }
        } catch (IOException e) {
            LOG.warn("The backup repository's partial folders could not be cleaned: {}", e.getMessage());
        }
    }

    // ---- verifying -------------------------------------------------------------------------------------------------

    /**
     * Verifies a backup: the manifest's MAC; then a restore into a scratch database (or folder), which checks every
     * file's SHA-256 as it reads it, and whose rows (or files) are counted and checksummed and compared with the
     * manifest. Recorded, audited,
     * reported when it fails.
     *
     * @return whether it passed
     */
    boolean verify(Run run, Target target, String actor, Operation operation) {
        Instant started = clock.instant();
        List<String> problems = new ArrayList<>();
        inUse.add(run.id());
        try {
            // reading every file for the restore checks its SHA-256 and every chunk's authentication on the way
            operation.phase("检查清单", "Checking the manifest");
            Manifest manifest = repository.manifest(run.targetId(), run.id(), keys::byId);
            Path folder = repository.folder(run.targetId(), run.id());
            Sealing sealing = keys.byId(manifest.keyId());
            if (manifest.folder() != null) {
                Path scratch = settings.scratch().resolve("verify-" + run.id());
                try {
                    problems.addAll(restoreFolder(manifest, folder, sealing, scratch, operation));
                } finally {
                    Repository.delete(scratch);
                }
            } else {
                ScratchDatabase scratch = scratch(target, manifest, "opsconsole_verify_" + shortId(run.id()));
                try {
                    new DatabaseLoader(settings.threads()).load(manifest, folder, sealing, scratch.connections(), false, operation);
                    problems.addAll(new DatabaseChecker(settings.threads()).check(scratch.connections(), manifest.tables(), operation));
                } finally {
                    drop(scratch);
                }
            }
        } catch (Exception e) {
            problems.add(reason(e));
        } finally {
            inUse.remove(run.id());
        }
        boolean passed = problems.isEmpty();
        long millis = Duration.between(started, clock.instant()).toMillis();
        String detail = passed ? "通过：恢复到临时库后行数与校验和与清单一致，用时 " + millis / 1000.0 + " 秒 / Passed: restored into a scratch "
                + "database, the row counts and checksums match the manifest (" + millis / 1000.0 + " s)" : String.join("\n", problems);
        runs.verified(run.id(), started, passed, actor, detail);
        try {
            audit.record(new AuditEvent(actor == null ? "system" : actor, null, "backups.verify", target.name(),
                    passed ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, "backup " + run.id() + ": " + cut(detail)));
            if (!passed) {
                notify(Severity.CRITICAL, "备份校验失败：" + target.name(), "备份 " + run.id() + " 校验失败：\n" + cut(detail)
                        + "\n\nThe verification of backup " + run.id() + " of " + target.englishName() + " failed.");
            }
            prune(target);
        } finally {
            // done once the retention policy is applied too (a backup verified now may let an older one go)
            operation.finish(passed, passed ? detail : "校验失败 / Verification failed: " + detail);
        }
        return passed;
    }

    /** Verifies the latest complete backup of every enabled target, one after another; for the verification job. */
    String verifyLatest(String actor, java.util.function.BooleanSupplier cancelled) {
        int passed = 0;
        int failed = 0;
        int busyTargets = 0;
        for (Target target : targets.list()) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            Optional<Run> latest = runs.list(target.id(), List.of(Run.State.COMPLETE), 1).stream().findFirst();
            if (latest.isEmpty() || !target.enabled()) {
                continue;
            }
            Operation operation;
            try {
                operation = claim(Operation.Kind.VERIFY, target, latest.get().id(), actor);
            } catch (BusyException e) {
                busyTargets++;
                continue;
            }
            try {
                if (verify(latest.get(), target, actor, operation)) {
                    passed++;
                } else {
                    failed++;
                }
            } finally {
                release(target, operation);
            }
        }
        return "校验通过 " + passed + " 份，失败 " + failed + " 份" + (busyTargets > 0 ? "，" + busyTargets + " 个对象正忙未校验" : "")
                + " / " + passed + " passed, " + failed + " failed" + (busyTargets > 0 ? ", " + busyTargets + " busy" : "");
    }

    // ---- restoring -------------------------------------------------------------------------------------------------

    private void restore(Run run, Target target, Destination destination, String actor, String from, Operation operation) {
        long restoreId = runs.restoreStarted(run.id(), target.id(), destination.name(), actor);
        inUse.add(run.id());
        String location = null;
        String safety = null;
        try {
            Manifest manifest = repository.manifest(run.targetId(), run.id(), keys::byId);
            Path folder = repository.folder(run.targetId(), run.id());
            Sealing sealing = keys.byId(manifest.keyId());
            List<String> problems;
            if (destination == Destination.SCRATCH) {
                if (manifest.folder() != null) {
                    Path scratch = settings.scratch().resolve("restore-" + run.id() + "-" + SCRATCH_TIME.format(clock.instant()));
                    location = scratch.toString();
                    problems = restoreFolder(manifest, folder, sealing, scratch, operation);
                } else {
                    ScratchDatabase scratch = scratch(target, manifest, scratchName(manifest));
                    location = scratch.location();
                    new DatabaseLoader(settings.threads()).load(manifest, folder, sealing, scratch.connections(), false, operation);
                    problems = new DatabaseChecker(settings.threads()).check(scratch.connections(), manifest.tables(), operation);
                }
            } else {
                // a changed backup must not get as far as dropping the original's tables: every file is checked first
                for (Manifest.FileEntry file : manifest.files()) {
                    BackupFiles.checkHash(folder, file);
                }
                operation.phase("先备份当前数据", "Backing up the current data first");
                String beforeId = newBackupId();
                Operation beforeOperation = new Operation(UUID.randomUUID().toString(), Operation.Kind.BACKUP, target, beforeId, actor, clock)
                        .cancelledWhen(operation::cancelled);
                operations.put(beforeOperation.id, beforeOperation);
                Run before = backup(target, Run.Reason.BEFORE_RESTORE, actor, from, "恢复备份 " + run.id() + " 之前 / before restoring "
                        + run.id(), beforeId, beforeOperation);
                safety = before.id();
                location = manifest.folder() != null ? targets.folder(target).toString() : "original";
                try {
                    problems = overOriginal(target, manifest, folder, sealing, operation);
                } catch (Exception e) {
                    problems = List.of(reason(e));
                }
                if (!problems.isEmpty()) {
                    operation.phase("恢复失败，回滚到恢复前的备份", "The restore failed: putting back the backup taken before it");
                    Manifest back = repository.manifest(target.id(), safety, keys::byId);
                    overOriginal(target, back, repository.folder(target.id(), safety), keys.byId(back.keyId()), operation);
                    problems = new ArrayList<>(problems);
                    problems.add("已回滚到恢复前的备份 " + safety + " / Rolled back to the backup taken before the restore, " + safety);
                }
            }
            boolean done = problems.isEmpty();
            String detail = done ? "恢复完成，行数与校验和与清单一致 / Restored; the row counts and checksums match the manifest"
                    : String.join("\n", problems);
            runs.restoreEnded(restoreId, done, location, safety, detail);
            operation.finish(done, (location == null ? "" : location + "：") + detail);
            audit.record(new AuditEvent(actor, from, "backups.restore", target.name(), done ? AuditEvent.Outcome.SUCCESS
                    : AuditEvent.Outcome.FAILURE, "backup " + run.id() + " into " + location + ": " + cut(detail)
                    + (safety == null ? "" : " (backup before the restore: " + safety + ")")));
            if (!done) {
                notify(Severity.CRITICAL, "恢复失败：" + target.name(), "恢复备份 " + run.id() + " 失败：\n" + cut(detail));
            }
        } catch (Exception e) {
            String reasonText = reason(e);
            runs.restoreEnded(restoreId, false, location, safety, reasonText);
            operation.finish(false, reasonText);
            audit.record(new AuditEvent(actor, from, "backups.restore", target.name(), AuditEvent.Outcome.FAILURE,
                    "backup " + run.id() + ": " + reasonText));
            LOG.error("Restore of backup {} failed: {}", run.id(), reasonText, e);
            notify(Severity.CRITICAL, "恢复失败：" + target.name(), "恢复备份 " + run.id() + " 失败：" + reasonText);
        } finally {
            inUse.remove(run.id());
        }
    }

    /** Restores over the original database or folder; returns what differs afterwards. */
    private List<String> overOriginal(Target target, Manifest manifest, Path folder, Sealing sealing, Operation operation)
            throws Exception {
        if (manifest.folder() != null) {
            return restoreFolder(manifest, folder, sealing, targets.folder(target), operation);
        }
        ConnectionSource source = source(target);
        new DatabaseLoader(settings.threads()).load(manifest, folder, sealing, source, true, operation);
        return new DatabaseChecker(settings.threads()).check(source, manifest.tables(), operation);
    }

    /** Unpacks a folder backup into a folder; returns what differs from the manifest. */
    private static List<String> restoreFolder(Manifest manifest, Path folder, Sealing sealing, Path into, Operation operation)
            throws IOException {
        operation.phase("恢复文件", "Restoring the files");
        Manifest.FileEntry file = manifest.files().stream().filter(f -> f.name().equals(manifest.folder().file())).findFirst()
                .orElseThrow(() -> new IOException("the backup has no archive file"));
        FolderArchive.Summary restored = BackupFiles.read(folder, file, sealing, in -> FolderArchive.restore(in, into, operation));
        Manifest.FolderEntry expected = manifest.folder();
        if (restored.count() != expected.count() || restored.bytes() != expected.bytes() || !restored.checksum().equals(expected.checksum())) {
            return List.of("文件与清单不符：" + restored.count() + " 个文件（清单 " + expected.count() + "），校验和 " + restored.checksum() + "（清单 "
                    + expected.checksum() + "） / The files do not match the manifest");
        }
        return List.of();
    }

    private String scratchName(Manifest manifest) {
        String base = manifest.source().database().replaceAll("[^A-Za-z0-9_]", "_");
        String suffix = "_restore_" + SCRATCH_TIME.format(clock.instant());
        return (base.length() + suffix.length() > 64 ? base.substring(0, 64 - suffix.length()) : base) + suffix;
    }

    private ScratchDatabase scratch(Target target, Manifest manifest, String name) throws SQLException, IOException {
        if ("H2".equals(manifest.source().dialect())) {
            return ScratchDatabase.h2(settings.scratch(), name, manifest.source());
        }
        return ScratchDatabase.mysql(source(target), name, manifest.source().settings());
    }

    private static void drop(ScratchDatabase scratch) {
        try {
            scratch.drop();
        } catch (SQLException | IOException e) {
            LOG.warn("The scratch database {} could not be removed: {}", scratch.location(), e.getMessage());
        }
    }

    // ---- where the data is -----------------------------------------------------------------------------------------

    /** @return connections to a database target */
    ConnectionSource source(Target target) throws SQLException {
        if (target.kind() == TargetKind.CONSOLE) {
            org.jooq.ConnectionProvider provider = database.dsl().configuration().connectionProvider();
            return provider::acquire;
        }
        Map<String, String> values = targets.settings(target);
        String name = values.getOrDefault("dataSource", "").strip();
        if (!name.isEmpty()) {
            return () -> dataSource(name).getConnection();
        }
        String url = values.getOrDefault("url", "").strip();
        if (!JdbcUrls.safe(url)) {
            throw new SQLException("JDBC 地址不可用 / The JDBC URL cannot be used: " + url);
        }
        String user = values.getOrDefault("user", "");
        String password = values.getOrDefault("password", "");
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2::getConnection;
        }
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL(url);
        mysql.setUser(user);
        mysql.setPassword(password);
        mysql.setConnectTimeout(10_000);
        return mysql::getConnection;
    }

    /** @return the data source service of that name */
    DataSource dataSource(String name) throws SQLException {
        try {
            for (ServiceReference<DataSource> reference : context.getServiceReferences(DataSource.class,
                    "(opsconsole.datasource=" + name.replaceAll("[()*\\\\]", "") + ")")) {
                DataSource dataSource = context.getService(reference);
                if (dataSource != null) {
                    return dataSource;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new SQLException(e);
        }
        throw new SQLException("没有名为 " + name + " 的数据源（提供它的模块未启动？） / No data source named " + name
                + " (is the module that provides it running?)");
    }


    // ---- retention, usage, the dead-man's switch ------------------------------------------------------------------

    /** Prunes a target's complete backups by its retention policy; returns the ids pruned. */
    List<String> prune(Target target) {
        List<Run> complete = runs.list(target.id(), List.of(Run.State.COMPLETE), 100_000);
        Set<String> keep = target.retention().keep(complete.stream()
                .map(r -> new Retention.Candidate(r.id(), r.finishedAt() == null ? r.startedAt() : r.finishedAt(),
                        r.verifyState() == Run.VerifyState.PASSED))
                .toList(), zone);
        List<String> pruned = new ArrayList<>();
        for (Run run : complete) {
            if (keep.contains(run.id()) || inUse.contains(run.id())) {
                continue;
            }
            try {
                repository.remove(run.targetId(), run.id());
                runs.pruned(run.id());
                pruned.add(run.id());
            } catch (IOException e) {
                LOG.warn("Backup {} could not be pruned: {}", run.id(), e.getMessage());
            }
        }
        if (!pruned.isEmpty()) {
            audit.record(new AuditEvent("system", null, "backups.prune", target.name(), AuditEvent.Outcome.SUCCESS,
                    "pruned by the retention policy (last " + target.retention().last() + ", daily " + target.retention().daily()
                            + ", weekly " + target.retention().weekly() + ", monthly " + target.retention().monthly() + "): "
                            + cut(String.join(", ", pruned))));
            recordUsage();
        }
        return pruned;
    }

    /** Records the repository's size today. */
    void recordUsage() {
        try {
            runs.usage(zone);
        } catch (RuntimeException e) {
            LOG.debug("The repository's usage could not be recorded: {}", e.getMessage());
        }
    }

    /**
     * The dead-man's switch: an alert for each enabled target without a complete backup for longer than it expects, once
     * until a backup completes; also records what abandoned runs of other nodes left.
     *
     * @return what it found, for the job's history
     */
    String watchdog() {
        recover();
        Instant now = clock.instant();
        List<String> overdue = new ArrayList<>();
        for (Target target : targets.list()) {
            if (!target.enabled() || target.expectHours() == null) {
                continue;
            }
            Instant since = now.minus(Duration.ofHours(target.expectHours()));
            if (target.createdAt().isAfter(since) || runs.latestComplete(target.id(), since).isPresent()) {
                continue;
            }
            overdue.add(target.name());
            if (target.overdueAt() == null) {
                targets.overdue(target.id(), now);
                Optional<Run> last = runs.list(target.id(), List.of(Run.State.COMPLETE, Run.State.PRUNED), 1).stream().findFirst();
                notify(Severity.CRITICAL, "备份未按时完成：" + target.name(), "备份对象“" + target.name() + "”已超过 " + target.expectHours()
                        + " 小时没有完成的备份（最近一次：" + last.map(r -> String.valueOf(r.finishedAt())).orElse("从未") + "）。请检查计划任务与备份记录。"
                        + "\n\nNo backup of " + target.englishName() + " completed in the last " + target.expectHours() + " hours.");
            }
        }
        return overdue.isEmpty() ? "所有备份对象都按时完成了备份 / Every target was backed up on time"
                : "超时未备份 / Overdue: " + String.join(", ", overdue);
    }

    private void backOnTime(Target target) {
        Optional<Target> current = targets.find(target.id());
        if (current.isPresent() && current.get().overdueAt() != null) {
            targets.overdue(target.id(), null);
            notify(Severity.INFO, "备份已恢复正常：" + target.name(), "备份对象“" + target.name() + "”又有了完成的备份。\n\n"
                    + target.englishName() + " has a complete backup again.");
        }
    }

    // ---- before module changes -------------------------------------------------------------------------------------

    @Override
    public Optional<ProtectingBackup> beforeChange(ModuleChange change) throws UpgradeBackupException {
        if (!settings.upgradeNeedsBackup(change.featureId(), change.bundles())) {
            return Optional.empty();
        }
        ProtectingBackup protecting = null;
        for (Target target : targets.list()) {
            if (target.kind() != TargetKind.CONSOLE || !target.upgrade()) {
                continue;
            }
            if (!settings.upgradeMaxAge().isZero()) {
                Optional<Run> recent = runs.latestComplete(target.id(), clock.instant().minus(settings.upgradeMaxAge()));
                if (recent.isPresent()) {
                    protecting = new ProtectingBackup(recent.get().id(), recent.get().finishedAt(), false, link(recent.get().id()));
                    continue;
                }
            }
            String note = "模块变更前 / before the module change: " + change.action() + " " + change.featureId();
            try {
                Run run = waitAndBackUp(target, change.actor(), note);
                protecting = new ProtectingBackup(run.id(), run.finishedAt(), true, link(run.id()));
            } catch (Exception e) {
                throw new UpgradeBackupException("控制台数据库备份失败：" + reason(e) + " / The backup of the console database failed: "
                        + reason(e), e);
            }
        }
        return Optional.ofNullable(protecting);
    }

    /** Takes a backup, waiting (at most ten minutes) for other work on the target to end first. */
    private Run waitAndBackUp(Target target, String actor, String note) throws Exception {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(10));
        while (true) {
            try {
                return backupNow(target, Run.Reason.PRE_UPGRADE, actor, note, () -> false);
            } catch (BusyException e) {
                if (clock.instant().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    static String link(String backupId) {
        return LINK + "/" + backupId;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void notify(Severity severity, String title, String body) {
        Notifier current = notifier;
        if (current == null) {
            LOG.warn("{} (no notification service to tell anyone)", title);
            return;
        }
        try {
            current.send(Notification.builder(severity, title.length() > Notification.MAX_TITLE ? title.substring(0, Notification.MAX_TITLE) : title)
                    .body(body.length() > Notification.MAX_BODY ? body.substring(0, Notification.MAX_BODY) : body)
                    .link(LINK).source(SOURCE).build());
        } catch (RuntimeException e) {
            LOG.error("The notification '{}' could not be queued: {}", title, e.getMessage(), e);
        }
    }

    String newBackupId() {
        byte[] random = new byte[3];
        new java.security.SecureRandom().nextBytes(random);
        return ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    private static String shortId(String backupId) {
        return backupId.replaceAll("[^A-Za-z0-9]", "") + "_" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && (cause.getMessage() == null || cause.getMessage().isBlank())) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }

    private static String cut(String text) {
        return text.length() > 1500 ? text.substring(0, 1500) + "…" : text;
    }

    private static String property(BundleContext context, String name, String fallback) {
        String value = context == null ? null : context.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * This node's id: the framework property {@code opsconsole.node.id}, which the launcher sets (configured, or kept in
     * the data folder, so that the next start finds a killed backup); else, outside the launcher, the host name.
     */
    private static String node(BundleContext context) {
        String configured = property(context, "opsconsole.node.id", "");
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node";
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return the repository's free space, or -1 when unknown */
    public long freeSpace() {
        try {
            return repository.free();
        } catch (IOException e) {
            return -1;
        }
    }
}
