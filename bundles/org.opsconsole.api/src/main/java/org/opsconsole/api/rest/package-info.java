/**
 * A module's REST API the console's way: reading requests ({@link org.opsconsole.api.rest.Requests}), JSON bodies,
 * and errors as {@code application/problem+json} (RFC 9457) naming the fields at fault.
 */
@Export
@Version("1.2.0")
package org.opsconsole.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
