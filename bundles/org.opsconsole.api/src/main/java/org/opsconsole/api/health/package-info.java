/**
 * Health checks: a module tells whether what it depends on works (its tables answer, a remote service is
 * reachable, a certificate is far from expiry). The console's {@code /api/health} shows every check's result to a
 * signed-in user, and a critical one makes the console's status {@code DEGRADED}; the monitoring module runs them
 * as probes.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
