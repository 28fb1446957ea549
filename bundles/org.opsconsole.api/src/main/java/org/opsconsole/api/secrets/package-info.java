/**
 * Keeping credentials secret: what a module stores (database passwords, SMTP passwords, webhook secrets)
 * is sealed with the installation's master key and opened only when used.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.secrets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
