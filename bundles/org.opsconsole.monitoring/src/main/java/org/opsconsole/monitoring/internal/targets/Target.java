package org.opsconsole.monitoring.internal.targets;

import java.time.Instant;
import java.util.Map;

import org.opsconsole.api.notify.SettingValues;

/**
 * A configured target, as stored.
 *
 * @param id its id
 * @param name its name, unique
 * @param nameEn its name in English, unique; null when it has none (the English UI then shows the one name)
 * @param kind the probe kind
 * @param settings the probe's settings, secrets sealed
 * @param labels the operator's labels
 * @param intervalSeconds seconds between two probes
 * @param timeoutSeconds how long one probe may take
 * @param enabled whether it is probed
 * @param updatedAt when it was last changed
 * @param updatedBy who changed it last
 */
public record Target(long id, String name, String nameEn, String kind, SettingValues settings, Map<String, String> labels,
        int intervalSeconds, int timeoutSeconds, boolean enabled, Instant updatedAt, String updatedBy) {

    /** Copies the labels. */
    public Target {
        labels = Map.copyOf(labels);
    }

    /** @return the name for the English UI and reports: the English one when it has one, else the one name */
    public String englishName() {
        return nameEn != null ? nameEn : name;
    }
}
