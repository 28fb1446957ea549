package org.opsconsole.jobs.internal;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.api.security.PermissionDefinition;
import org.opsconsole.jobs.internal.schema.tables.records.JobsRunRecord;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's scheduler (计划任务): runs every {@link ScheduledJob} service at the firings of its cron
 * expression, once per cluster, and records each run in {@code jobs_run}.
 *
 * <p><b>Scheduling.</b> Each node has its own Quartz scheduler (jobs in memory, {@link Config#threads()} threads),
 * started when this component activates. A job service is scheduled when it is bound and unscheduled when it goes;
 * one whose id, titles, cron expression or permission is invalid, or whose id another job has, is logged with its
 * bundle, listed with the error, and not scheduled. A firing that finds every thread busy past Quartz's misfire
 * threshold is skipped on this node (another node may run it); it is never run late under another time, which
 * would break the claim below.
 *
 * <p><b>Once per cluster.</b> Before running a firing, the node claims it by inserting the run's row; the row's
 * unique key (job id, scheduled fire time) lets one node succeed, and the others skip the firing. All nodes must
 * use the same time zone, the console's (the JVM's default). A job never runs twice at once on one node: a firing
 * that comes while the previous run is still going here is skipped here.
 *
 * <p><b>Outcomes.</b> The run's row ends as SUCCESS with the job's message, FAILED with the exception's message
 * (the stack trace goes to the log), or INTERRUPTED when the run was asked to stop, because the console stops or the
 * job's module goes ({@link org.opsconsole.api.jobs.JobContext#isCancelled()} turns true), whatever the job then
 * returned. On deactivation, running jobs get {@link Config#stopWaitSeconds()} to end; any row of this node still
 * running then is marked INTERRUPTED, and so are, at activation, the rows a crash of this node left running.
 *
 * <p><b>Node id.</b> The framework property {@code opsconsole.node.id}, which the launcher sets: configured, or made of
 * the host name and a random suffix at the first start and kept in {@code <data>/state/node-id}, so that the next
 * start finds what a crash left behind.
 *
 * <p>Thread-safe: the servlet calls it from request threads, Quartz from its worker threads, DS from its own.
 */
@Component(service = JobScheduler.class, immediate = true, configurationPid = JobScheduler.PID)
@Designate(ocd = JobScheduler.Config.class)
public class JobScheduler {

    static final String PID = "org.opsconsole.jobs";
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    /** The Quartz group of every job and trigger. */
    static final String GROUP = "opsconsole";
    /** The trigger data of a run now: the id of the run's row. */
    static final String RUN_ID = "opsconsole.runId";
    /** Job ids: {@code <module>.<name>}, lower case. */
    static final Pattern JOB_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    static final String CRASHED = "控制台在运行期间停止 / The console stopped during the run";
    static final String STOPPED = "控制台停止，运行被中断 / The console stopped and interrupted the run";
    static final String REMOVED = "任务所属模块已停止，运行被中断 / The job's module stopped and interrupted the run";
    static final String NOT_STARTED = "任务在运行开始前被移除 / The job was removed before the run started";

    private static final AtomicInteger SCHEDULERS = new AtomicInteger();

    /** The scheduler's settings. */
    @ObjectClassDefinition(name = "opsconsole scheduler", description = "计划任务调度 / Runs the modules' scheduled jobs")
    public @interface Config {

        @AttributeDefinition(name = "Threads", description = "How many jobs this console node runs at once", min = "1", max = "64")
        int threads() default 4;

        @AttributeDefinition(name = "Stop wait (seconds)", description = "When the console stops, how long running jobs "
                + "get to end after they are asked to stop; runs still going then are recorded as interrupted", min = "0")
        int stopWaitSeconds() default 5;
    }

    /**
     * A job service as registered: its properties, and why it cannot be scheduled (null when it can).
     *
     * @param permission the permission that running it now needs
     * @param bundle the registering bundle's symbolic name, for the log and the page
     */
    record Registration(ServiceReference<ScheduledJob> reference, ScheduledJob job, String id, String title, String titleEn,
            String cron, String permission, String bundle, String error) {

        /** Reads and checks a job service's properties. */
        static Registration of(ServiceReference<ScheduledJob> reference, ScheduledJob job) {
            String id = text(reference.getProperty(ScheduledJobService.PREFIX_ + "id"));
            String title = text(reference.getProperty(ScheduledJobService.PREFIX_ + "title"));
            String titleEn = text(reference.getProperty(ScheduledJobService.PREFIX_ + "titleEn"));
            String cron = text(reference.getProperty(ScheduledJobService.PREFIX_ + "cron"));
            String permission = text(reference.getProperty(ScheduledJobService.PREFIX_ + "permission"));
            Bundle bundle = reference.getBundle();
            String bundleName = bundle == null ? "?" : bundle.getSymbolicName();
            List<String> errors = new ArrayList<>();
            if (!JOB_ID.matcher(id).matches() || id.length() > JobRuns.JOB_ID_LENGTH) {
                errors.add("编号须为小写的 <模块>.<名称> / the id '" + id + "' must be <module>.<name> in lower case, at most "
                        + JobRuns.JOB_ID_LENGTH + " characters");
            } else if (permission.isEmpty()) {
                permission = id.substring(0, id.indexOf('.')) + ".operate";
            }
            if (!permission.isEmpty()) {
                try {
                    new PermissionDefinition(permission, null, null);
                } catch (IllegalArgumentException e) {
                    errors.add("权限名称无效 / invalid permission: " + e.getMessage());
                }
            }
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException | RuntimeException e) {
                errors.add("cron 表达式无效 / invalid cron expression '" + cron + "': " + e.getMessage());
            }
            title = title.isEmpty() ? id : title;
            titleEn = titleEn.isEmpty() ? title : titleEn;
            return new Registration(reference, job, id, title, titleEn, cron, permission, bundleName,
                    errors.isEmpty() ? null : String.join("; ", errors));
        }

        Registration withError(String why) {
            return new Registration(reference, job, id, title, titleEn, cron, permission, bundle, why);
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString().trim();
        }
    }

    /**
     * A job as the page shows it.
     *
     * @param error why it is not scheduled; null when it is
     * @param nextRun its next firing on this node's scheduler; null when none
     * @param lastRun its newest run on any node; null when it never ran
     * @param running whether a run of it is recorded as running, on any node
     */
    record JobView(Registration registration, String error, Instant nextRun, JobsRunRecord lastRun, boolean running) {
    }

    /** What became of a request to run a job now. */
    sealed interface RunNow {

        /** The run was recorded and handed to a thread. */
        record Started(long runId) implements RunNow {
        }

        /** No job has the id. */
        record Unknown() implements RunNow {
        }

        /** The user lacks the job's permission. */
        record Forbidden(String permission) implements RunNow {
        }

        /** The job runs on this node already. */
        record AlreadyRunning(long runId) implements RunNow {
        }

        /** The job is not scheduled (its registration is invalid), or the scheduler is stopping. */
        record NotScheduled(String why) implements RunNow {
        }
    }

    private final JobRuns runs;
    private final String node;
    private final Clock clock;
    private final Duration stopWait;
    private final Instant activatedAt;
    private final Scheduler quartz;
    /** Every job service bound, valid or not; guarded by {@code this}. */
    private final Map<ServiceReference<ScheduledJob>, Registration> registrations = new HashMap<>();
    /** The registration scheduled under each id. */
    private final Map<String, Registration> scheduled = new ConcurrentHashMap<>();
    /** The run of each job on this node. */
    private final Map<String, RunContext> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile boolean leftoversPending;
    private volatile AuditLog audit;

    @Activate
    public JobScheduler(BundleContext context, Config config, @Reference Database database) {
        this(database, nodeId(context), config, Clock.systemUTC());
    }

    JobScheduler(Database database, String node, Config config, Clock clock) {
        this.runs = new JobRuns(database);
        this.node = JobRuns.fit(node, JobRuns.NODE_LENGTH);
        this.clock = clock;
        this.stopWait = Duration.ofSeconds(Math.max(0, config.stopWaitSeconds()));
        this.activatedAt = now();
        markLeftovers();
        this.quartz = startQuartz(this.node, Math.max(1, config.threads()));
        LOG.info("Scheduler started on node {} ({} threads)", this.node, Math.max(1, config.threads()));
    }

    /**
     * Marks the runs this node's last start left running (it crashed, or was killed) as interrupted. When the
     * database cannot be reached now, the next firing or run now tries again: the scheduler starts all the same.
     */
    private void markLeftovers() {
        try {
            // only what an earlier start left: the runs of this start (after a retry) are not touched
            int leftovers = runs.interruptRunning(node, activatedAt, CRASHED, now());
            leftoversPending = false;
            if (leftovers > 0) {
                LOG.warn("{} run(s) of node {} were still recorded as running from before its last stop; marked interrupted",
                        leftovers, node);
            }
        } catch (RuntimeException e) {
            leftoversPending = true;
            LOG.error("The runs node {} left running before its last stop could not be marked interrupted (tried again at "
                    + "the next run): {}", node, e.getMessage());
        }
    }

    private Scheduler startQuartz(String nodeId, int threads) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "opsconsole-" + SCHEDULERS.incrementAndGet());
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, nodeId);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "opsconsole-job");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        // Quartz loads its own classes by name through the context class loader: let it find them in its bundle
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(StdSchedulerFactory.class.getClassLoader());
        Scheduler scheduler = null;
        try {
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            scheduler.setJobFactory((fired, ignored) -> this::fired);
            scheduler.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
                @Override
                public String getName() {
                    return "opsconsole-misfires";
                }

                @Override
                public void triggerMisfired(Trigger trigger) {
                    LOG.warn("Job '{}': its firing at {} is skipped on this node, all {} threads were busy",
                            trigger.getJobKey().getName(), trigger.getNextFireTime(), threads);
                }
            });
            scheduler.start();
            return scheduler;
        } catch (SchedulerException e) {
            if (scheduler != null) {
                try {
                    scheduler.shutdown(false);
                } catch (SchedulerException ignored) {
                    // the start failed already; that is what is reported
                }
            }
            throw new IllegalStateException("the scheduler could not be started: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Stops: no new firings; asks the running jobs to stop and gives them {@link Config#stopWaitSeconds()} to end;
     * then records every run of this node still running as interrupted.
     */
    @Deactivate
    void deactivate() {
        stopping = true;
        try {
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("The Quartz scheduler did not shut down cleanly: {}", e.getMessage());
        }
        List<RunContext> current = new ArrayList<>(running.values());
        current.forEach(run -> run.cancel(STOPPED));
        awaitEnd(current);
        try {
            int interrupted = runs.interruptRunning(node, null, STOPPED, now());
            if (interrupted > 0) {
                LOG.warn("{} run(s) were still running or waiting {} s after the stop and are recorded as interrupted",
                        interrupted, stopWait.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.error("The runs still going at the stop could not be marked interrupted (the next start does it): {}",
                    e.getMessage());
        }
        LOG.info("Scheduler stopped on node {}", node);
    }

    private void awaitEnd(List<RunContext> runsToWaitFor) {
        long deadline = System.nanoTime() + stopWait.toNanos();
        for (RunContext run : runsToWaitFor) {
            if (run.abandon()) {
                release(run); // asked for but not started: recorded as interrupted by the caller
                continue;
            }
            try {
                if (!run.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warn("Job {} (run {}) is still running after it was asked to stop", run.jobId(), run.id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Reference(service = ScheduledJob.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeJob", updated = "updatedJob")
    void addJob(ServiceReference<ScheduledJob> reference, ScheduledJob job) {
        Registration registration = Registration.of(reference, job);
        if (registration.error() != null) {
            LOG.error("Scheduled job '{}' of bundle {} is not scheduled: {}", registration.id(), registration.bundle(),
                    registration.error());
        }
        synchronized (this) {
            registrations.put(reference, registration);
            refresh(registration.id());
        }
    }

    /**
     * A job service's properties changed: a new schedule for the same id applies from now and a run under way
     * carries on; any other change counts as the job going and coming again.
     */
    void updatedJob(ServiceReference<ScheduledJob> reference, ScheduledJob job) {
        Registration updated = Registration.of(reference, job);
        synchronized (this) {
            Registration old = registrations.get(reference);
            if (!stopping && old != null && updated.error() == null && updated.id().equals(old.id())
                    && scheduled.get(old.id()) == old) {
                Trigger trigger = trigger(updated);
                try {
                    quartz.rescheduleJob(trigger.getKey(), trigger);
                    registrations.put(reference, updated);
                    scheduled.put(updated.id(), updated);
                    LOG.info("Scheduled job '{}' of bundle {} now runs at: {}", updated.id(), updated.bundle(), updated.cron());
                    return;
                } catch (SchedulerException e) {
                    LOG.warn("Job '{}' could not be rescheduled in place ({}); scheduling it again", updated.id(), e.getMessage());
                }
            }
        }
        removeJob(reference);
        addJob(reference, job);
    }

    void removeJob(ServiceReference<ScheduledJob> reference) {
        RunContext toStop = null;
        synchronized (this) {
            Registration registration = registrations.remove(reference);
            if (registration == null) {
                return;
            }
            if (stopping) {
                // after deactivate: the scheduler is shut down and the runs were waited for
                scheduled.remove(registration.id(), registration);
                return;
            }
            if (scheduled.get(registration.id()) == registration) {
                unschedule(registration.id());
                RunContext run = running.get(registration.id());
                if (run != null && run.registration() == registration) {
                    run.cancel(REMOVED);
                    toStop = run;
                }
            }
            refresh(registration.id());
        }
        if (toStop != null) {
            awaitEnd(List.of(toStop));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAudit(AuditLog log) {
        this.audit = log;
    }

    void unsetAudit(AuditLog log) {
        if (this.audit == log) {
            this.audit = null;
        }
    }

    /**
     * Makes the best valid registration of an id the scheduled one (the highest ranked, then the first
     * registered), scheduling it in Quartz; the others of the id are listed as duplicates. Holds {@code this}.
     */
    private void refresh(String id) {
        if (stopping) {
            return;
        }
        List<Registration> candidates = registrations.values().stream()
                .filter(r -> r.id().equals(id) && r.error() == null)
                .sorted(Comparator.comparing(Registration::reference).reversed())
                .toList();
        Registration current = scheduled.get(id);
        Registration best = candidates.isEmpty() ? null : candidates.get(0);
        if (current == best) {
            return;
        }
        if (current != null) {
            unschedule(id);
        }
        for (Registration candidate : candidates) {
            String why = schedule(candidate);
            if (why == null) {
                return;
            }
            LOG.error("Scheduled job '{}' of bundle {} is not scheduled: {}", id, candidate.bundle(), why);
            registrations.put(candidate.reference(), candidate.withError(why));
        }
    }

    /** @return null when scheduled; else why not */
    private String schedule(Registration registration) {
        JobDetail detail = JobBuilder.newJob(Job.class).withIdentity(registration.id(), GROUP).storeDurably().build();
        try {
            quartz.scheduleJob(detail, Set.of(trigger(registration)), true);
        } catch (SchedulerException e) {
            return "无法调度 / cannot be scheduled: " + e.getMessage();
        }
        scheduled.put(registration.id(), registration);
        LOG.info("Scheduled job '{}' of bundle {}: {}", registration.id(), registration.bundle(), registration.cron());
        return null;
    }

    /** Removes a job from Quartz; a run asked for that has not started yet never will (its trigger goes too). */
    /**
     * The job's cron trigger. A firing missed on this node (every thread busy past Quartz's misfire threshold) is
     * skipped, not run late: another node may have run it at its time, and a late run would be claimed under
     * another time.
     */
    private static Trigger trigger(Registration registration) {
        return TriggerBuilder.newTrigger().withIdentity(registration.id(), GROUP).forJob(registration.id(), GROUP)
                .withSchedule(CronScheduleBuilder.cronSchedule(registration.cron()).withMisfireHandlingInstructionDoNothing())
                .build();
    }

    private void unschedule(String id) {
        scheduled.remove(id);
        try {
            quartz.deleteJob(JobKey.jobKey(id, GROUP));
        } catch (SchedulerException e) {
            LOG.warn("Job '{}' could not be unscheduled: {}", id, e.getMessage());
        }
        RunContext waiting = running.get(id);
        if (waiting != null && waiting.abandon()) {
            finish(waiting, JobRuns.Outcome.INTERRUPTED, NOT_STARTED);
            release(waiting);
        }
    }

    /** A firing, on a Quartz worker thread: a run asked for now, or a cron firing. */
    private void fired(JobExecutionContext context) {
        String id = context.getJobDetail().getKey().getName();
        Object runId = context.getMergedJobDataMap().get(RUN_ID);
        if (runId instanceof Long requested) {
            runRequested(id, requested);
        } else {
            fire(id, context.getScheduledFireTime().toInstant());
        }
    }

    /**
     * Runs a firing of a job on this thread, if this node claims it: nothing happens when the job runs on this node
     * already, the firing is claimed by another node, or the run cannot be recorded.
     *
     * @param scheduledAt when the firing was due, the same on every node
     */
    void fire(String id, Instant scheduledAt) {
        Registration registration = scheduled.get(id);
        if (registration == null || stopping) {
            return;
        }
        if (leftoversPending) {
            markLeftovers();
        }
        RunContext run = new RunContext(registration, scheduledAt, null, runs);
        RunContext other = running.putIfAbsent(id, run);
        if (other != null) {
            LOG.info("Job '{}' is still running on this node (run {}): its firing at {} is skipped here", id, other.id(),
                    scheduledAt);
            return;
        }
        if (stopping) {
            release(run);
            return;
        }
        try {
            OptionalLong claimed = runs.claim(id, scheduledAt, node, null, now());
            if (claimed.isEmpty()) {
                LOG.debug("The firing of job '{}' at {} is claimed by another node", id, scheduledAt);
                release(run);
                return;
            }
            run.claimed(claimed.getAsLong());
        } catch (RuntimeException e) {
            LOG.error("The firing of job '{}' at {} is skipped: its run could not be recorded: {}", id, scheduledAt,
                    e.getMessage(), e);
            release(run);
            return;
        }
        if (run.begin()) {
            execute(run);
        } else {
            release(run);
        }
    }

    private void runRequested(String id, long runId) {
        RunContext run = running.get(id);
        if (run == null || run.id() != runId) {
            LOG.warn("Run {} of job '{}' was asked for but is no longer waiting", runId, id);
            return;
        }
        if (run.begin()) {
            try {
                runs.started(runId, now()); // it may have waited for a free thread
            } catch (RuntimeException e) {
                LOG.warn("The start of run {} of job '{}' could not be recorded: {}", runId, id, e.getMessage());
            }
            execute(run);
        }
    }

    /** Runs the job on this thread and records how the run ended. */
    private void execute(RunContext run) {
        Registration registration = run.registration();
        JobRuns.Outcome outcome = JobRuns.Outcome.FAILED;
        String message = "运行异常终止 / The run ended abnormally";
        try {
            String result = registration.job().run(run);
            String returned = result == null ? "" : result.strip();
            if (run.isCancelled()) {
                outcome = JobRuns.Outcome.INTERRUPTED;
                message = returned.isEmpty() ? run.cancelReason() : run.cancelReason() + ": " + returned;
            } else {
                outcome = JobRuns.Outcome.SUCCESS;
                message = returned;
            }
        } catch (Exception | LinkageError e) {
            // a LinkageError: the job's bundle went away under it
            if (run.isCancelled()) {
                outcome = JobRuns.Outcome.INTERRUPTED;
                message = run.cancelReason() + ": " + describe(e);
                LOG.info("Job '{}' (run {}) stopped when asked to: {}", registration.id(), run.id(), describe(e));
            } else {
                message = describe(e);
                LOG.error("Job '{}' of bundle {} failed (run {}): {}", registration.id(), registration.bundle(), run.id(),
                        message, e);
            }
        } finally {
            finish(run, outcome, message);
            release(run);
        }
    }

    private void finish(RunContext run, JobRuns.Outcome outcome, String message) {
        try {
            if (!runs.finish(run.id(), outcome, message, run.lastProgress(), now())) {
                LOG.warn("Job '{}' (run {}) ended {} after its run was recorded as interrupted", run.jobId(), run.id(), outcome);
            }
        } catch (RuntimeException e) {
            LOG.error("The end of run {} of job '{}' ({}: {}) could not be recorded: {}", run.id(), run.jobId(), outcome,
                    message, e.getMessage());
        }
    }

    private void release(RunContext run) {
        running.remove(run.jobId(), run);
        run.ended();
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message.strip();
    }

    /**
     * Runs a job now on this node, for a user, unless it runs here already: records the run (its scheduled time is
     * now), records the request in the audit trail, and hands the run to a scheduler thread.
     *
     * @param source where the request came from, for the audit trail
     * @return what became of the request
     * @throws RuntimeException when the run or its audit record cannot be stored; nothing runs then
     */
    RunNow runNow(String id, ConsoleUser user, String source) {
        Registration registration = scheduled.get(id);
        if (registration == null) {
            Optional<String> why;
            synchronized (this) {
                why = registrations.values().stream().filter(r -> r.id().equals(id))
                        .map(r -> r.error() == null ? "未调度 / not scheduled" : r.error()).findFirst();
            }
            return why.<RunNow>map(RunNow.NotScheduled::new).orElseGet(RunNow.Unknown::new);
        }
        if (!user.has(registration.permission())) {
            audit(user.name(), source, id, AuditEvent.Outcome.DENIED, "missing permission " + registration.permission());
            return new RunNow.Forbidden(registration.permission());
        }
        if (stopping) {
            return new RunNow.NotScheduled("控制台正在停止 / the console is stopping");
        }
        if (leftoversPending) {
            markLeftovers();
        }
        Instant now = now();
        RunContext run = new RunContext(registration, now, user.name(), runs);
        RunContext other = running.putIfAbsent(id, run);
        if (other != null) {
            audit(user.name(), source, id, AuditEvent.Outcome.FAILURE, "already running on node " + node + " (run " + other.id() + ")");
            return new RunNow.AlreadyRunning(other.id());
        }
        try {
            run.claimed(claimRequested(id, now, user.name()));
        } catch (RuntimeException e) {
            release(run);
            throw e;
        }
        try {
            audit(user.name(), source, id, AuditEvent.Outcome.SUCCESS, "run " + run.id() + " on node " + node);
        } catch (RuntimeException e) {
            finish(run, JobRuns.Outcome.FAILED, "审计日志无法记录，未运行 / Not run: the audit trail could not record the request");
            release(run);
            throw e;
        }
        try {
            quartz.triggerJob(JobKey.jobKey(id, GROUP), new JobDataMap(Map.of(RUN_ID, run.id())));
        } catch (SchedulerException e) {
            if (run.abandon()) {
                finish(run, JobRuns.Outcome.FAILED, "无法启动 / could not be started: " + e.getMessage());
                release(run);
            }
            throw new IllegalStateException("job " + id + " could not be started: " + e.getMessage(), e);
        }
        return new RunNow.Started(run.id());
    }

    /** Claims a run now; its scheduled time moves on by a millisecond while another run has the same. */
    private long claimRequested(String id, Instant at, String user) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Instant scheduledAt = at.plusMillis(attempt);
            OptionalLong claimed = runs.claim(id, scheduledAt, node, user, now());
            if (claimed.isPresent()) {
                return claimed.getAsLong();
            }
        }
        throw new IllegalStateException("no free time to record a run of job " + id + " near " + at);
    }

    private void audit(String actor, String source, String target, AuditEvent.Outcome outcome, String detail) {
        AuditEvent event = new AuditEvent(actor, source, "jobs.run", target, outcome, detail);
        AuditLog log = audit;
        if (log != null) {
            log.record(event);
        } else {
            LOG.info("audit: {}", event);
        }
    }

    /** @return every bound job, valid or not, ordered by id, with its schedule and its last run */
    List<JobView> jobs() {
        List<Registration> all;
        synchronized (this) {
            all = new ArrayList<>(registrations.values());
        }
        all.sort(Comparator.comparing(Registration::id).thenComparing(Registration::reference, Comparator.reverseOrder()));
        Map<String, JobsRunRecord> latest = runs.latestByJob();
        Set<String> runningAnywhere = runs.runningJobs();
        List<JobView> views = new ArrayList<>();
        for (Registration registration : all) {
            Registration active = scheduled.get(registration.id());
            String error = registration.error();
            if (error == null && active != registration) {
                error = "编号与组件包 " + (active == null ? "?" : active.bundle()) + " 的任务重复，未调度 / not scheduled: "
                        + "the id is taken by the job of bundle " + (active == null ? "?" : active.bundle());
            }
            boolean isActive = error == null;
            views.add(new JobView(registration, error, isActive ? nextRun(registration.id()) : null,
                    latest.get(registration.id()),
                    runningAnywhere.contains(registration.id()) || (isActive && running.containsKey(registration.id()))));
        }
        return views;
    }

    /** @return the job with the id (its scheduled registration first), when one is bound */
    Optional<JobView> job(String id) {
        List<JobView> views = jobs().stream().filter(v -> v.registration().id().equals(id)).toList();
        return views.stream().filter(v -> v.error() == null).findFirst().or(() -> views.stream().findFirst());
    }

    /** @return a page of the job's runs, newest first; empty when no job has the id and none had */
    Optional<JobRuns.Page> history(String id, int page, int size) {
        JobRuns.Page result = runs.history(id, page, size);
        boolean known;
        synchronized (this) {
            known = registrations.values().stream().anyMatch(r -> r.id().equals(id));
        }
        return known || result.total() > 0 ? Optional.of(result) : Optional.empty();
    }

    private Instant nextRun(String id) {
        try {
            Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(id, GROUP));
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return next == null ? null : next.toInstant();
        } catch (SchedulerException e) {
            return null;
        }
    }

    String node() {
        return node;
    }

    /** For tests: waits until the job's current run on this node, if any, has ended. */
    boolean awaitIdle(String id, Duration timeout) throws InterruptedException {
        RunContext run = running.get(id);
        return run == null || run.awaitEnd(timeout);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * This node's id: the framework property {@code opsconsole.node.id}, which the launcher sets (configured, or kept in
     * the data folder); else, outside the launcher (in tests), {@code node-} and a random suffix.
     */
    static String nodeId(BundleContext context) {
        String configured = context.getProperty("opsconsole.node.id");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return "node-" + HexFormat.of().formatHex(suffix);
    }
}
