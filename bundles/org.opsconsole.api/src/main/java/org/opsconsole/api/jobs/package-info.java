/**
 * Scheduled jobs: a module registers a job with a cron expression; the core runs it once per cluster at
 * each firing, records every run (start, end, outcome, message) and shows the history.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.jobs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
