/**
 * Backups before upgrades: the plugin manager asks the backup module, through {@link
 * org.opsconsole.api.backup.UpgradeBackups}, for a fresh backup of the data a module change may touch before it applies
 * the change, and links the change to it. Without a backup module installed, changes go ahead unprotected (and say so).
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.backup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
