package org.opsconsole.backups.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        List<String> overdue = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        int enabled = 0;
        for (Target target : service.targets().list()) {
            if (!target.enabled()) {
                continue;
            }
            enabled++;
            if (target.overdueAt() != null) {
                overdue.add(target.name());
            }
            Optional<Run> latest = service.runs().list(target.id(), List.of(Run.State.COMPLETE), 1).stream().findFirst();
            if (latest.isPresent() && latest.get().verifyState() == Run.VerifyState.FAILED) {
                unverified.add(target.name());
            }
        }
        if (overdue.isEmpty() && unverified.isEmpty()) {
            return Result.ok(enabled + " 个备份对象按时备份", enabled + " targets backed up on time");
        }
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (!overdue.isEmpty()) {
            zh.add("超时未备份：" + String.join("、", overdue));
            en.add("overdue: " + String.join(", ", overdue));
        }
        if (!unverified.isEmpty()) {
            zh.add("最近的备份校验失败：" + String.join("、", unverified));
            en.add("latest backup failed its verification: " + String.join(", ", unverified));
        }
        return Result.warning(String.join("；", zh), String.join("; ", en));
    }
}
