/**
 * Who is signed in and what they may do. The core authenticates every request to the console, checks
 * CSRF tokens and the permissions that routes and pages declare; modules only declare.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
