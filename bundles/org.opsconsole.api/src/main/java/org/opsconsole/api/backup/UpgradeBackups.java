package org.opsconsole.api.backup;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Protects a change of the installed modules with a backup. The plugin manager calls it before it touches the
 * framework; provided by the backup module.
 */
@ProviderType
public interface UpgradeBackups {

    /**
     * Makes sure a recent backup of the data the change may touch exists: takes one now (waiting for it), or names one
     * newer than the configured age. Changes to modules whose data does not matter (configurable) need none.
     *
     * @param change the change about to be applied
     * @return the backup that protects the change; empty when the change needs none
     * @throws UpgradeBackupException when a backup was needed and could not be taken: the change must not go ahead
     */
    Optional<ProtectingBackup> beforeChange(ModuleChange change) throws UpgradeBackupException;
}
