package org.opsconsole.monitoring.internal.web;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.alerts.AlertService;
import org.opsconsole.monitoring.internal.alerts.SilenceStore;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The live status stream: when a target goes up or down, or an alert fires, resolves or is acknowledged, every
 * signed-in user with {@code monitoring.read} gets the status ({@code event: monitoring-status}, the body of
 * {@code GET /api/monitoring/status}) through the console's server-sent events, at most once a second.
 */
@Component(immediate = true)
public class StatusBroadcaster {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBroadcaster.class);
    static final String EVENT = "monitoring-status";

    private final Views views;
    private final EventAdmin events;
    private final AtomicBoolean changed = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "opsconsole-monitoring-status");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public StatusBroadcaster(@Reference Views views, @Reference EventAdmin events, @Reference LiveStatus status,
            @Reference AlertService alerts, @Reference SilenceStore silences) {
        this.views = views;
        this.events = events;
        status.addListener(() -> changed.set(true));
        alerts.engine().addListener(() -> changed.set(true));
        silences.addListener(() -> changed.set(true));
        timer.scheduleWithFixedDelay(this::send, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void send() {
        if (!changed.getAndSet(false)) {
            return;
        }
        try {
            String data = Json.MAPPER.writeValueAsString(views.statusSnapshot());
            events.postEvent(new Event(ConsoleConstants.TOPIC_CLIENT_EVENT, Map.of(ConsoleConstants.CLIENT_EVENT_NAME, EVENT,
                    ConsoleConstants.CLIENT_EVENT_DATA, data, ConsoleConstants.CLIENT_EVENT_PERMISSION, MonitoringPermissions.READ)));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("The monitoring status could not be sent to the console: {}", e.getMessage());
        }
    }
}
