package org.opsconsole.notify.internal;

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
 * The notifications' cleanup (清理过期通知): every day at 03:15 it removes the messages sent more than
 * {@link Config#retentionDays()} days ago whose deliveries are all done (sent or failed), with their deliveries and read
 * marks. A message with a pending delivery stays until that one is done. The schedule can be changed with the
 * configuration property {@code opsconsole.job.cron}.
 */
@Component(service = ScheduledJob.class, configurationPid = MessageCleanupJob.PID)
@Designate(ocd = MessageCleanupJob.Config.class)
@ScheduledJobService(id = MessageCleanupJob.ID, title = "清理过期通知", titleEn = "Clean up old notifications",
        cron = "0 15 3 * * ?")
public class MessageCleanupJob implements ScheduledJob {

    static final String PID = "org.opsconsole.notify.cleanup";
    static final String ID = "notify.cleanup-messages";
    /** Messages removed in one transaction. */
    static final int BATCH = 500;

    /** How long notifications are kept. */
    @ObjectClassDefinition(name = "opsconsole notification cleanup", description = "通知的保留期限 / How long notifications are kept")
    public @interface Config {

        @AttributeDefinition(name = "Keep (days)", description = "Notifications sent longer ago than this are removed once "
                + "all their deliveries are done", min = "1")
        int retentionDays() default 180;
    }

    private final Messages messages;
    private final Duration retention;
    private final Clock clock;

    @Activate
    public MessageCleanupJob(@Reference Database database, Config config) {
        this(database, config, Clock.systemUTC());
    }

    MessageCleanupJob(Database database, Config config, Clock clock) {
        this.messages = new Messages(database);
        this.retention = Duration.ofDays(Math.max(1, config.retentionDays()));
        this.clock = clock;
    }

    @Override
    public String run(JobContext context) {
        Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.SECONDS);
        context.progress("删除 " + cutoff + " 之前的通知 / removing the notifications sent before " + cutoff);
        int removed = 0;
        while (!context.isCancelled()) {
            int batch = messages.deleteDone(cutoff, BATCH);
            removed += batch;
            if (batch < BATCH) {
                break;
            }
            context.progress("已删除 " + removed + " 条 / removed " + removed);
        }
        return "删除 " + removed + " 条 / removed " + removed;
    }
}
