/**
 * The console's database, for modules that keep data.
 *
 * <p>A module gets its {@link org.opsconsole.api.db.Database} as a service: a jOOQ context on the
 * console's connection pool (H2 embedded by default; MySQL 8 or MariaDB 10.11 in production) with
 * transactions. Its tables come from SQL migration scripts inside its own bundle, named by the
 * {@value org.opsconsole.api.db.Database#MIGRATIONS_HEADER} manifest header; the core applies the pending
 * ones, recorded per module, before the module first gets its {@code Database}.
 */
@Export
@Version("1.2.0")
package org.opsconsole.api.db;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
