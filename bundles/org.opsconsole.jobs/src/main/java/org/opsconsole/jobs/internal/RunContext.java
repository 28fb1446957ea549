package org.opsconsole.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.opsconsole.api.jobs.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job on this node, from the moment it is claimed (or asked for) until its end is recorded: what the
 * job sees as its {@link JobContext}, and what the scheduler uses to ask it to stop and to wait for it. Progress is
 * written to the run's row at most once a second; the last one is written with the run's end.
 */
final class RunContext implements JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int WAITING = 0;
    private static final int EXECUTING = 1;
    private static final int ABANDONED = 2;

    private final JobScheduler.Registration registration;
    private final Instant scheduledAt;
    private final String requestedBy;
    private final JobRuns runs;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile long id = -1;
    private volatile String cancelReason;
    private volatile String progress;
    private long progressWrittenAt;
    private boolean progressWritten;

    RunContext(JobScheduler.Registration registration, Instant scheduledAt, String requestedBy, JobRuns runs) {
        this.registration = registration;
        this.scheduledAt = scheduledAt;
        this.requestedBy = requestedBy;
        this.runs = runs;
    }

    @Override
    public Instant scheduledAt() {
        return scheduledAt;
    }

    @Override
    public Optional<String> requestedBy() {
        return Optional.ofNullable(requestedBy);
    }

    @Override
    public boolean isCancelled() {
        return cancelReason != null;
    }

    @Override
    public void progress(String message) {
        String text = message == null ? "" : message;
        this.progress = text;
        long runId = id;
        if (runId < 0 || state.get() != EXECUTING) {
            return;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (progressWritten && now - progressWrittenAt < PROGRESS_INTERVAL_NANOS) {
                return; // the run's end writes the last progress
            }
            progressWritten = true;
            progressWrittenAt = now;
        }
        try {
            runs.progress(runId, text);
        } catch (RuntimeException e) {
            LOG.warn("The progress of run {} of job {} could not be recorded: {}", runId, registration.id(), e.getMessage());
        }
    }

    JobScheduler.Registration registration() {
        return registration;
    }

    String jobId() {
        return registration.id();
    }

    /** @return the id of the run's row; -1 before it is claimed */
    long id() {
        return id;
    }

    void claimed(long runId) {
        this.id = runId;
    }

    /** @return the last progress the job reported; null when none */
    String lastProgress() {
        return progress;
    }

    /** @return why the run was asked to stop; null when it was not */
    String cancelReason() {
        return cancelReason;
    }

    /** Asks the job to stop: {@link #isCancelled()} is true from now on. The first reason given stays. */
    synchronized void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
    }

    /** @return true when the job may start now; false when the run was abandoned before it started */
    boolean begin() {
        return state.compareAndSet(WAITING, EXECUTING);
    }

    /** @return true when the run had not started and now never will; false when it runs or ran */
    boolean abandon() {
        return state.compareAndSet(WAITING, ABANDONED);
    }

    /** Marks the run over: its end is recorded, or it never started. */
    void ended() {
        done.countDown();
    }

    /**
     * Waits for the run's end.
     *
     * @return whether it ended within the time
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
