package org.opsconsole.backups.internal;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The module's jobs in the core's scheduler (run once per cluster, recorded, and runnable now from the Jobs page): one
 * backup job per enabled target with a schedule ({@code backups.target-<id>}, titled with the target's name, in English
 * with its English name when it has one), the verification of the latest backups ({@code backups.verify}, at
 * {@code opsconsole.backup.verify.cron}), and the dead-man's switch ({@code backups.watchdog}, every ten minutes).
 * Registered as services and changed when the targets change.
 */
final class TargetSchedules {

    private final BundleContext context;
    private final BackupService service;
    private final Map<Long, Registered> registered = new HashMap<>();
    private final ServiceRegistration<ScheduledJob> verify;
    private final ServiceRegistration<ScheduledJob> watchdog;

    private record Registered(ServiceRegistration<ScheduledJob> registration, String name, String nameEn, String cron) {
    }

    TargetSchedules(BundleContext context, BackupService service) {
        this.context = context;
        this.service = service;
        this.verify = context.registerService(ScheduledJob.class, job -> service.verifyLatest(job.requestedBy().orElse(null),
                job::isCancelled), properties("backups.verify", "备份校验（恢复到临时库）", "Backup verification (restore into a scratch database)",
                        service.settings().verifyCron()));
        this.watchdog = context.registerService(ScheduledJob.class, job -> service.watchdog(),
                properties("backups.watchdog", "备份按时检查", "Backups on time (dead-man's switch)", "0 */10 * * * ?"));
    }

    /** Registers, changes and unregisters the targets' jobs to match the targets. */
    synchronized void sync(List<Target> targets) {
        Map<Long, Target> wanted = new HashMap<>();
        targets.stream().filter(t -> t.enabled() && t.schedule() != null).forEach(t -> wanted.put(t.id(), t));
        registered.entrySet().removeIf(entry -> {
            Target target = wanted.get(entry.getKey());
            Registered job = entry.getValue();
            if (target != null && target.name().equals(job.name()) && Objects.equals(target.nameEn(), job.nameEn())
                    && Objects.equals(target.schedule(), job.cron())) {
                return false;
            }
            job.registration().unregister();
            return true;
        });
        for (Target target : wanted.values()) {
            if (!registered.containsKey(target.id())) {
                long id = target.id();
                ServiceRegistration<ScheduledJob> registration = context.registerService(ScheduledJob.class, job -> run(id, job),
                        properties("backups.target-" + id, "备份：" + target.name(), "Backup: " + target.englishName(), target.schedule()));
                registered.put(id, new Registered(registration, target.name(), target.nameEn(), target.schedule()));
            }
        }
    }

    private String run(long targetId, JobContext job) throws Exception {
        Target target = service.targets().find(targetId).orElseThrow(() -> new IllegalStateException("备份对象已删除 / The target was deleted"));
        Run run = service.backupNow(target, job.requestedBy().isPresent() ? Run.Reason.MANUAL : Run.Reason.SCHEDULED,
                job.requestedBy().orElse(null), null, job::isCancelled);
        return "备份 " + run.id() + " 完成：" + BackupService.describe(run);
    }

    synchronized void close() {
        registered.values().forEach(r -> unregister(r.registration()));
        registered.clear();
        unregister(verify);
        unregister(watchdog);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping: gone already
        }
    }

    private static Hashtable<String, Object> properties(String id, String title, String titleEn, String cron) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ScheduledJobService.PREFIX_ + "id", id);
        properties.put(ScheduledJobService.PREFIX_ + "title", title);
        properties.put(ScheduledJobService.PREFIX_ + "titleEn", titleEn);
        properties.put(ScheduledJobService.PREFIX_ + "cron", cron);
        properties.put(ScheduledJobService.PREFIX_ + "permission", BackupPermissions.OPERATE);
        return properties;
    }
}
