package org.opsconsole.backups.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.opsconsole.api.health.HealthCheck;
import org.opsconsole.api.health.HealthCheckService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The backups' health, for the console's health endpoint and the monitoring module's health probe: a warning while a
 * target has no backup within its "on time" hours, or its latest backup failed its verification.
 */
@Component
@HealthCheckService(id = "backups.state", title = "备份", titleEn = "Backups")
public class BackupHealth implements HealthCheck {

    private final BackupService service;

    @Activate
    public BackupHealth(@Reference BackupService service) {
        this.service = service;
    }

    @Override
    public Result check() {
        List<Target> overdue = new ArrayList<>();
        List<Target> unverified = new ArrayList<>();
        int enabled = 0;
        for (Target target : service.targets().list()) {
            if (!target.enabled()) {
                continue;
            }
            enabled++;
            if (target.overdueAt() != null) {
                overdue.add(target);
            }
            Optional<Run> latest = service.runs().list(target.id(), List.of(Run.State.COMPLETE), 1).stream().findFirst();
            if (latest.isPresent() && latest.get().verifyState() == Run.VerifyState.FAILED) {
                unverified.add(target);
            }
        }
        if (overdue.isEmpty() && unverified.isEmpty()) {
            return Result.ok(enabled + " 个备份对象按时备份", enabled + " targets backed up on time");
        }
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (!overdue.isEmpty()) {
            zh.add("超时未备份：" + names(overdue, Target::name, "、"));
            en.add("overdue: " + names(overdue, Target::englishName, ", "));
        }
        if (!unverified.isEmpty()) {
            zh.add("最近的备份校验失败：" + names(unverified, Target::name, "、"));
            en.add("latest backup failed its verification: " + names(unverified, Target::englishName, ", "));
        }
        return Result.warning(String.join("；", zh), String.join("; ", en));
    }

    private static String names(List<Target> targets, Function<Target, String> name, String separator) {
        return targets.stream().map(name).collect(Collectors.joining(separator));
    }
}
