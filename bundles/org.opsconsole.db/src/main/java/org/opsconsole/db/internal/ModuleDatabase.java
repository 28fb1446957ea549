package org.opsconsole.db.internal;

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
 * One module's {@link Database}: a component instance per bundle that asks for it. Before the bundle gets
 * it, the bundle's pending migration scripts are applied; when one fails, the bundle gets nothing and is
 * stopped.
 */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public class ModuleDatabase implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleDatabase.class);

    private final String module;
    private final SQLDialect dialect;
    private final DSLContext dsl;

    @Activate
    public ModuleDatabase(ComponentContext context, @Reference ConnectionPool pool) {
        Bundle bundle = context.getUsingBundle();
        BundleMigrations.Declaration declaration = BundleMigrations.declaration(bundle);
        if (declaration.location() != null) {
            try {
                int applied = BundleMigrations.apply(bundle, declaration, pool.dataSource());
                if (applied > 0) {
                    LOG.info("Module {}: {} migration script(s) applied", declaration.module(), applied);
                }
            } catch (RuntimeException e) {
                LOG.error("Module {} ({}): its database migration failed, so the bundle is stopped: {}",
                        declaration.module(), bundle.getSymbolicName(), e.getMessage());
                stopLater(bundle);
                throw e;
            }
        }
        this.module = declaration.module();
        this.dialect = pool.dialect();
        this.dsl = DSL.using(pool.dataSource(), dialect, settings());
    }

    static Settings settings() {
        // names unquoted unless asked for: the same case-insensitive names on H2 and MySQL
        return new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED);
    }

    /** Stops the bundle outside the service request that is under way. */
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
        return module;
    }

    @Override
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public <T> T transactionResult(TransactionalCallable<T> work) {
        return dsl.transactionResult(work);
    }

    @Override
    public void transaction(TransactionalRunnable work) {
        dsl.transaction(work);
    }

    @Override
    public SQLDialect dialect() {
        return dialect;
    }
}
