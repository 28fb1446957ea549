/**
 * Monitoring probes: a kind of check the monitoring module runs against its targets. The module ships probes for
 * HTTP(S) endpoints, TCP ports, databases, the console's host and JVM, Prometheus exposition endpoints and the
 * platform's login log; an extension bundle adds a kind by registering a {@link org.opsconsole.api.monitoring.Probe}
 * service described by {@link org.opsconsole.api.monitoring.ProbeService}. Operators then configure targets of that
 * kind in the console, and every number the probe returns becomes a time series that alert rules, charts and
 * suggestions use. A probe's message comes in Chinese and English
 * ({@link org.opsconsole.api.monitoring.ProbeResult#messageEn()}, since 1.1), as the console shows it in either.
 *
 * <p>The module also posts {@link org.opsconsole.api.monitoring.MonitoringEvents alert events} on EventAdmin, so
 * that other modules (incidents, reports) can react to alerts; an alert's summary comes in Chinese and (since 1.1)
 * English.
 */
@Export
@Version("1.1.0")
package org.opsconsole.api.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
