package org.opsconsole.api.security;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declares the permissions a module checks, so that the security administrator can grant them to roles.
 * Register one as a service from each module that has permissions; the core lists them while the module
 * runs.
 */
@ConsumerType
public interface PermissionProvider {

    /**
     * @return the module's permissions; the same list every time
     */
    List<PermissionDefinition> permissions();
}
