package org.opsconsole.db.internal;

import org.jooq.SQLDialect;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initializes jOOQ's type registry on a background thread as soon as this bundle starts (early: start level 2),
 * while the framework goes on starting the web server and the rest, so that the console's start does not wait
 * for it later. {@link ConnectionPool} waits for this thread before any module can reach jOOQ, so jOOQ's classes
 * are still initialized by one thread at a time (see {@link ConnectionPool#initializeJooq}).
 */
public final class Prewarm implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(Prewarm.class);

    private static volatile Thread thread;

    @Override
    public void start(BundleContext context) {
        String url = String.valueOf(context.getProperty("opsconsole.db.url"));
        SQLDialect likely = url.startsWith("jdbc:mysql:") ? SQLDialect.MYSQL : SQLDialect.H2;
        Thread warm = new Thread(() -> {
            long begin = System.nanoTime();
            try {
                ConnectionPool.initializeJooq(likely);
                LOG.debug("jOOQ initialized in {} ms", (System.nanoTime() - begin) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("jOOQ could not be initialized ahead of use: {}", e.toString());
            }
        }, "opsconsole-db-prewarm");
        warm.setDaemon(true);
        thread = warm;
        warm.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        await();
        thread = null;
    }

    /** Waits until jOOQ is initialized, when this bundle started the work. */
    static void await() {
        Thread warm = thread;
        if (warm != null) {
            try {
                warm.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
