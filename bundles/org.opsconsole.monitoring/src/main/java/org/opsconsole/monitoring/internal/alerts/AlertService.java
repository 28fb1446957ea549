package org.opsconsole.monitoring.internal.alerts;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.Notifier;
import org.opsconsole.monitoring.internal.Leadership;
import org.opsconsole.monitoring.internal.MonitoringSettings;
import org.opsconsole.monitoring.internal.targets.ProbeOutcome;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the alert engine: takes the probes' samples, evaluates the rules at the evaluation interval on one thread, then
 * sends the notifications that are due; posts the alert events on EventAdmin. In a cluster only the node holding the
 * monitoring lease ({@link Leadership}) evaluates and notifies.
 */
@Component(service = AlertService.class, immediate = true)
public class AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertEngine engine;
    private final AlertNotifications notifications;
    private final Leadership leadership;
    /** Whether this node monitored at the last round (only the evaluator thread reads and writes it). */
    private boolean leading;
    private final ScheduledExecutorService evaluator = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "opsconsole-monitoring-alerts");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public AlertService(BundleContext context, @Reference Database database, @Reference TargetStore targets,
            @Reference RuleStore rules, @Reference SilenceStore silences, @Reference AuditLog audit, @Reference Notifier notifier,
            @Reference EventAdmin eventAdmin, @Reference Leadership leadership) {
        this.leadership = leadership;
        MonitoringSettings settings = MonitoringSettings.of(context);
        Clock clock = Clock.systemUTC();
        this.engine = new AlertEngine(database, targets, rules, silences, audit, properties -> {
            Map<String, Object> copy = new HashMap<>(properties);
            String topic = (String) copy.remove("topic");
            eventAdmin.postEvent(new Event(topic, copy));
        }, clock);
        this.notifications = new AlertNotifications(database, notifier, targets, rules, silences, engine, settings, clock,
                ZoneId.systemDefault());
        rules.addListener(engine::reloadRules);
        long every = settings.evaluation().toMillis();
        evaluator.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        evaluator.shutdownNow();
        evaluator.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void round() {
        if (!leadership.leader()) {
            leading = false;
            return; // another node of the cluster monitors
        }
        if (!leading) {
            leading = true;
            engine.monitoringStarts();
        }
        try {
            engine.evaluate();
            notifications.run();
        } catch (RuntimeException e) {
            LOG.warn("An evaluation of the alert rules failed: {}", e.getMessage(), e);
        }
    }

    /** @param outcome a probe's outcome, whose samples the rules may watch */
    public void observe(ProbeOutcome outcome) {
        engine.observe(outcome);
    }

    /** @return the engine, for acknowledging and listening */
    public AlertEngine engine() {
        return engine;
    }
}
