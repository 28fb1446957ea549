package org.opsconsole.api.jobs;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** One run of a {@link ScheduledJob}, given by the core. */
@ProviderType
public interface JobContext {

    /** @return when the run was due: the cron firing time, or the time an operator asked for it */
    Instant scheduledAt();

    /** @return the user who asked for a run now; empty for a scheduled run */
    Optional<String> requestedBy();

    /** @return true once the console is shutting down: a long run should stop soon and throw */
    boolean isCancelled();

    /**
     * Records progress (shown while the run lasts and kept with the run).
     *
     * @param message what the job is doing now
     */
    void progress(String message);
}
