package org.opsconsole.monitoring.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;

/**
 * The monitoring module's settings, from the console's settings ({@code conf/opsconsole.properties}, or
 * {@code OPSCONSOLE_MONITORING_*} environment variables):
 * <ul>
 * <li>{@code opsconsole.monitoring.evaluation.seconds} (5): how often the alert rules are evaluated;</li>
 * <li>{@code opsconsole.monitoring.group.wait.seconds} (10): how long alerts of one target are collected into one
 * notification (critical ones do not wait);</li>
 * <li>{@code opsconsole.monitoring.group.interval.seconds} (60): least time between two non-critical notifications of
 * one target;</li>
 * <li>{@code opsconsole.monitoring.opscentre.channels}: the notification channels of the operations centre (ids,
 * comma-separated), where critical alerts are pushed at once;</li>
 * <li>{@code opsconsole.monitoring.probe.threads} (16): probes run at once;</li>
 * <li>{@code opsconsole.monitoring.metrics.token}: the bearer token that lets a Prometheus server read {@code /metrics}
 * (empty: only signed-in users with {@code monitoring.read});</li>
 * <li>{@code opsconsole.monitoring.seed.targets} (true): create the default targets at first start.</li>
 * </ul>
 *
 * @param evaluation how often the rules are evaluated
 * @param groupWait how long a non-critical group waits for more alerts
 * @param groupInterval least time between two non-critical notifications of one target
 * @param opsCentreChannels the operations centre's channel ids
 * @param probeThreads probes run at once
 * @param metricsToken the bearer token of {@code /metrics}; empty for none
 * @param seedTargets whether to create the default targets at first start
 */
public record MonitoringSettings(Duration evaluation, Duration groupWait, Duration groupInterval, Set<String> opsCentreChannels,
        int probeThreads, String metricsToken, boolean seedTargets) {

    /** The settings with every default. */
    public static final MonitoringSettings DEFAULTS = of(name -> null);

    /**
     * @param context the module's bundle context
     * @return the settings the console was started with
     */
    public static MonitoringSettings of(BundleContext context) {
        return of(context::getProperty);
    }

    /**
     * @param property the console's settings by name
     * @return the settings, defaults for what is not set or not valid
     */
    public static MonitoringSettings of(UnaryOperator<String> property) {
        return new MonitoringSettings(
                Duration.ofSeconds(number(property, "evaluation.seconds", 5, 1, 3600)),
                Duration.ofSeconds(number(property, "group.wait.seconds", 10, 0, 3600)),
                Duration.ofSeconds(number(property, "group.interval.seconds", 60, 0, 86_400)),
                Arrays.stream(text(property, "opscentre.channels").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()),
                number(property, "probe.threads", 16, 1, 512),
                text(property, "metrics.token"),
                !text(property, "seed.targets").equalsIgnoreCase("false"));
    }

    private static String text(UnaryOperator<String> property, String name) {
        String value = property.apply("opsconsole.monitoring." + name);
        return value == null ? "" : value.strip();
    }

    private static int number(UnaryOperator<String> property, String name, int fallback, int min, int max) {
        try {
            int value = Integer.parseInt(text(property, name));
            return value < min || value > max ? fallback : value;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
