package org.opsconsole.jobs.internal;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.osgi.service.component.annotations.Component;

/**
 * The Scheduled jobs page (计划任务): every job with its schedule, next and last run, "run now", and each job's run
 * history; rendered by {@code web/jobs-page.js}.
 */
@Component(service = ConsolePage.class)
@ConsolePageService(id = "jobs", title = "计划任务", titleEn = "Scheduled jobs", group = ConsoleConstants.GROUP_SYSTEM,
        order = 500, icon = "clipboard", permission = JobsPermissions.READ, script = "jobs-page.js", element = "ops-jobs-page")
public class JobsPage implements ConsolePage {
}
