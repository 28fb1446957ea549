package org.opsconsole.api.jobs;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work a module wants done on a schedule, registered as a service described by {@link ScheduledJobService}.
 * The core calls {@link #run} at each firing of the cron expression on one console node of the cluster
 * (never on two), or when an operator with the job's permission asks for a run now; never two runs of one
 * job at once on a node. A run that throws is recorded as failed with the exception's message; a run cut
 * short by a shutdown is recorded as interrupted.
 */
@ConsumerType
public interface ScheduledJob {

    /**
     * Does the work.
     *
     * @param context the run: when it was due, who asked for it, and where to report progress
     * @return a short message for the run history, in words an operator understands (may be empty)
     * @throws Exception when the work failed; its message goes into the history
     */
    String run(JobContext context) throws Exception;
}
