package org.opsconsole.monitoring.internal.targets;

import java.util.Map;

/**
 * A target as an operator gave it; a null field was not given (the stored value, or the default, is kept).
 *
 * @param name its name
 * @param nameEn its name in English; blank for none. Not given, the stored one is kept while the name stays, and dropped
 *     when the name changes (it would name the old one)
 * @param kind the probe kind
 * @param settings the probe's settings in clear; a secret left empty keeps the stored one
 * @param labels the labels
 * @param intervalSeconds seconds between two probes (default 30)
 * @param timeoutSeconds how long one probe may take (default 10)
 * @param enabled whether it is probed (default true)
 */
public record TargetInput(String name, String nameEn, String kind, Map<String, String> settings, Map<String, String> labels,
        Integer intervalSeconds, Integer timeoutSeconds, Boolean enabled) {
}
