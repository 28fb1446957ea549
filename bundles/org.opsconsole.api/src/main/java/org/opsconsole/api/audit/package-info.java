/**
 * The audit trail: who did what, when, from where, on what, and with what outcome. Append-only and
 * hash-chained, so that changing, removing or reordering a record is detected.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
