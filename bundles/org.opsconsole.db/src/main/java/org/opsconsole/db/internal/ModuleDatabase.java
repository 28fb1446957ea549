package org.opsconsole.db.internal;

import java.io.IOException;
import java.sql.SQLException;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One module's {@link Database}: a component instance per bundle that asks for it. The bundle's pending
 * migration scripts are applied at the first use of the database (not when the bundle gets the service, so
 * that opening the database and loading jOOQ stay off the console's start); when one fails, that use and
 * every later one throws, and the bundle is stopped.
 */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public class ModuleDatabase implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleDatabase.class);

    private final Bundle bundle;
    private final BundleMigrations.Declaration declaration;
    private final ConnectionPool pool;
    private volatile DSLContext dsl;
    private volatile RuntimeException failure;

    @Activate
    public ModuleDatabase(ComponentContext context, @Reference ConnectionPool pool) {
        this.bundle = context.getUsingBundle();
        this.declaration = BundleMigrations.declaration(bundle);
        this.pool = pool;
    }

    /** The context, once the module's migrations are applied. */
    private DSLContext ready() {
        DSLContext current = dsl;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (failure != null) {
                throw new IllegalStateException("the database of module " + declaration.module()
                        + " is not usable: its migration failed: " + failure.getMessage(), failure);
            }
            if (dsl == null) {
                if (declaration.location() != null) {
                    migrate();
                }
                dsl = DSL.using(pool.dataSource(), pool.dialect(), settings());
            }
            return dsl;
        }
    }

    private void migrate() {
        String digest = null;
        try {
            digest = MigrationDigests.of(bundle, declaration.location());
        } catch (IOException e) {
            LOG.warn("Module {}: its migration scripts cannot be read for their digest ({}); Flyway checks them",
                    declaration.module(), e.getMessage());
        }
        if (digest != null && MigrationDigests.applied(pool.dataSource(), declaration.module(), digest)) {
            LOG.debug("Module {}: its migration scripts were all applied before", declaration.module());
            return;
        }
        try {
            synchronized (BundleMigrations.MIGRATING) { // recording the digest may create its table: DDL too
                int applied = BundleMigrations.apply(bundle, declaration, pool.dataSource());
                if (applied > 0) {
                    LOG.info("Module {}: {} migration script(s) applied", declaration.module(), applied);
                }
                if (digest != null) {
                    MigrationDigests.record(pool.dataSource(), declaration.module(), digest);
                }
            }
        } catch (SQLException e) {
            LOG.warn("Module {}: the digest of its applied scripts could not be recorded ({}); the next start asks Flyway again",
                    declaration.module(), e.getMessage());
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Module {} ({}): its database migration failed, so the bundle is stopped: {}",
                    declaration.module(), bundle.getSymbolicName(), e.getMessage());
            stopLater(bundle);
            throw new IllegalStateException("the migration of module " + declaration.module() + " failed: " + e.getMessage(), e);
        }
    }

    static Settings settings() {
        // names unquoted unless asked for: the same case-insensitive names on H2 and MySQL
        return new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED);
    }

    /** Stops the bundle outside the call that is under way. */
    private static void stopLater(Bundle bundle) {
        Thread stopper = new Thread(() -> {
            try {
                bundle.stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Bundle {} could not be stopped: {}", bundle.getSymbolicName(), e.getMessage());
            }
        }, "opsconsole-stop-" + bundle.getSymbolicName());
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public String module() {
        return declaration.module();
    }

    @Override
    public DSLContext dsl() {
        return ready();
    }

    @Override
    public <T> T transactionResult(TransactionalCallable<T> work) {
        return ready().transactionResult(work);
    }

    @Override
    public void transaction(TransactionalRunnable work) {
        ready().transaction(work);
    }

    @Override
    public SQLDialect dialect() {
        return pool.dialect();
    }
}
