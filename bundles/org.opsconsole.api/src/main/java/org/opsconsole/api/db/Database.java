package org.opsconsole.api.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A module's access to the console's database, provided by the core, one per module bundle.
 *
 * <p><b>Tables.</b> A module declares its migration scripts with the manifest header
 * {@value #MIGRATIONS_HEADER} (in {@code bundle.bnd}: {@code Opsconsole-Migrations: db/migration}), a folder
 * of its bundle holding Flyway-style scripts {@code V1__create_tables.sql}, {@code V2__add_index.sql}, ...
 * The same scripts run on H2 (in MySQL mode) and on MySQL/MariaDB, so they keep to SQL both understand.
 * Table names start with the module's name and an underscore ({@code backups_job}). At the module's first
 * use of its {@code Database} (its first {@link #dsl()} or transaction), the core applies the scripts not
 * applied yet, in version order, and records them in the module's own history table; when a script fails,
 * that use and every later one throws, the failure names the script and the statement, and the core stops
 * the module's bundle (the rest of the console keeps running). Uninstalling a module keeps its tables and data.
 *
 * <p><b>Use.</b> {@code @Reference Database db;} then {@code db.dsl()} for single statements and
 * {@link #transactionResult} for work that must commit or roll back as a whole. Both are thread-safe;
 * the contexts they hand out use pooled connections and hold none between calls.
 */
@ProviderType
public interface Database {

    /** The manifest header that names the folder of a bundle's migration scripts. */
    String MIGRATIONS_HEADER = "Opsconsole-Migrations";

    /**
     * The module's name: the {@code module} attribute of the {@value #MIGRATIONS_HEADER} header, or else the
     * last segment of the bundle's symbolic name ({@code org.opsconsole.backups} gives {@code backups}).
     *
     * @return the module name, lower case
     */
    String module();

    /**
     * A jOOQ context that runs each statement in its own transaction (auto-commit).
     *
     * @return the context; never null
     */
    DSLContext dsl();

    /**
     * Runs work in one transaction: committed when the work returns, rolled back when it throws (the
     * exception is passed on). Use the context given to the work, not {@link #dsl()}, inside it.
     *
     * @param <T> what the work returns
     * @param work the work, given a configuration bound to the transaction
     * @return what the work returned
     */
    <T> T transactionResult(TransactionalCallable<T> work);

    /**
     * Runs work without a result in one transaction, as {@link #transactionResult}.
     *
     * @param work the work, given a configuration bound to the transaction
     */
    void transaction(TransactionalRunnable work);

    /**
     * The SQL dialect of the configured database ({@code H2}, {@code MYSQL} or {@code MARIADB}).
     *
     * @return the dialect
     */
    SQLDialect dialect();
}
