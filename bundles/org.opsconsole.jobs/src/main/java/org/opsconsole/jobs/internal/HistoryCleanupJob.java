package org.opsconsole.jobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The scheduler's own job (清理计划任务运行记录): every day at 03:30 it removes the runs of every job that started
 * more than {@link Config#retentionDays()} days ago, and says how many it removed. The schedule can be changed with
 * the configuration property {@code opsconsole.job.cron}.
 */
@Component(service = ScheduledJob.class, configurationPid = HistoryCleanupJob.PID)
@Designate(ocd = HistoryCleanupJob.Config.class)
@ScheduledJobService(id = HistoryCleanupJob.ID, title = "清理计划任务运行记录", titleEn = "Clean up the job run history",
        cron = "0 30 3 * * ?")
public class HistoryCleanupJob implements ScheduledJob {

    static final String PID = "org.opsconsole.jobs.cleanup";
    static final String ID = "jobs.cleanup-history";

    /** How long run records are kept. */
    @ObjectClassDefinition(name = "opsconsole job history cleanup", description = "计划任务运行记录的保留期限 / How long the runs of scheduled jobs are kept")
    public @interface Config {

        @AttributeDefinition(name = "Keep (days)", description = "Runs that started longer ago than this are removed", min = "1")
        int retentionDays() default 180;
    }

    private final JobRuns runs;
    private final Duration retention;
    private final Clock clock;

    @Activate
    public HistoryCleanupJob(@Reference Database database, Config config) {
        this(database, config, Clock.systemUTC());
    }

    HistoryCleanupJob(Database database, Config config, Clock clock) {
        this.runs = new JobRuns(database);
        this.retention = Duration.ofDays(Math.max(1, config.retentionDays()));
        this.clock = clock;
    }

    @Override
    public String run(JobContext context) {
        Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.SECONDS);
        context.progress("删除 " + cutoff + " 之前的运行记录 / removing the runs started before " + cutoff);
        int removed = runs.deleteStartedBefore(cutoff);
        return "删除 " + removed + " 条 / removed " + removed;
    }
}
