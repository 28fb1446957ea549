package ${package}.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
 * The greetings cleanup (清理旧问候): every day at 03:30 it removes the greetings older than
 * {@link Config#retentionDays()} days. The console runs it on one node of the cluster, records every run on the
 * 计划任务 / Scheduled jobs page, and lets users with {@value GreetingsPermissions#OPERATE} run it now. The schedule
 * can be changed with the configuration property {@code opsconsole.job.cron}.
 */
@Component(service = ScheduledJob.class, configurationPid = GreetingCleanupJob.PID)
@Designate(ocd = GreetingCleanupJob.Config.class)
@ScheduledJobService(id = GreetingCleanupJob.ID, title = "清理旧问候", titleEn = "Clean up old greetings",
        cron = "0 30 3 * * ?", permission = GreetingsPermissions.OPERATE)
public class GreetingCleanupJob implements ScheduledJob {

    static final String PID = "${package}.cleanup";
    static final String ID = "${module}.cleanup-greetings";

    /** How long greetings are kept; an operator changes it in the configuration {@value GreetingCleanupJob#PID}. */
    @ObjectClassDefinition(name = "${module} greetings cleanup", description = "问候的保留期限 / How long greetings are kept")
    public @interface Config {

        @AttributeDefinition(name = "Keep (days)", description = "Greetings older than this are removed", min = "1")
        int retentionDays() default 30;
    }

    private final Greetings greetings;
    private final Duration retention;
    private final Clock clock;

    @Activate
    public GreetingCleanupJob(@Reference Greetings greetings, Config config) {
        this(greetings, config, Clock.systemUTC());
    }

    GreetingCleanupJob(Greetings greetings, Config config, Clock clock) {
        this.greetings = greetings;
        this.retention = Duration.ofDays(Math.max(1, config.retentionDays()));
        this.clock = clock;
    }

    @Override
    public String run(JobContext context) {
        Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.SECONDS);
        context.progress("删除 " + cutoff + " 之前的问候 / removing the greetings written before " + cutoff);
        int removed = greetings.removeOlderThan(cutoff);
        return "删除 " + removed + " 条 / removed " + removed;
    }
}
