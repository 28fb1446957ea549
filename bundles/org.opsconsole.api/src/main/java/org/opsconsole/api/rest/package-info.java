/**
 * Writing a module's REST answers the console's way: JSON bodies, and errors as
 * {@code application/problem+json} (RFC 9457) naming the fields at fault.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
