package org.opsconsole.api.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One configured target, as a {@link Probe} gets it.
 *
 * @param id the target's id in the monitoring module
 * @param name the name operators gave it, for example 非税平台前端
 * @param kind the probe kind, for example {@code http}
 * @param settings the settings by field name, secrets in clear
 * @param timeout how long one probe may take
 * @param labels the operator's labels, for example {@code env=prod}
 */
public record ProbeTarget(long id, String name, String kind, Map<String, String> settings, Duration timeout,
        Map<String, String> labels) {

    /** Copies the maps; every field is required. */
    public ProbeTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeout, "timeout");
        settings = Map.copyOf(settings);
        labels = Map.copyOf(labels);
    }

    /**
     * @param name a setting's name
     * @return the setting, or empty text when it is not set
     */
    public String setting(String name) {
        return settings.getOrDefault(name, "");
    }
}
