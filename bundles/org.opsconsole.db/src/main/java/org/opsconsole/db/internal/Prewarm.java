package org.opsconsole.db.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

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
 *
 * <p>On a restart of the embedded default (no {@code opsconsole.db.url}, the H2 file exists), a second thread opens
 * the H2 database meanwhile (about a quarter of a second) and holds one connection until the pool has its own, so
 * that the pool's first connection finds the database open.
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
        String data = context.getProperty("opsconsole.data");
        Path file = Path.of(data == null ? "data" : data, "db", "opsconsole.mv.db");
        if (url.equals("null") || url.isBlank()) {
            if (Files.isRegularFile(file)) {
                Thread open = new Thread(() -> openEmbedded(context), "opsconsole-db-open");
                open.setDaemon(true);
                open.start();
            }
        }
    }

    private static final Object LOCK = new Object();
    private static Connection held;

    private static void openEmbedded(BundleContext context) {
        long begin = System.nanoTime();
        try {
            ConnectionPool.Settings settings = ConnectionPool.settings(context, null);
            Connection connection = ConnectionPool.driverDataSource(settings).getConnection();
            synchronized (LOCK) {
                held = connection;
            }
            LOG.debug("The embedded database was opened ahead of use in {} ms", (System.nanoTime() - begin) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("The embedded database could not be opened ahead of use: {}", e.toString());
        }
    }

    /** Lets go of the connection held open, once the pool has one of its own (or could not get one). */
    static void handOver(DataSource pool) {
        Thread release = new Thread(() -> {
            try (Connection own = pool.getConnection()) {
                own.isValid(1);
            } catch (SQLException e) {
                LOG.debug("The pool has no connection yet: {}", e.getMessage());
            } finally {
                release();
            }
        }, "opsconsole-db-hand-over");
        release.setDaemon(true);
        release.start();
    }

    private static void release() {
        synchronized (LOCK) {
            if (held != null) {
                try {
                    held.close();
                } catch (SQLException e) {
                    LOG.debug("The connection held open could not be closed: {}", e.getMessage());
                }
                held = null;
            }
        }
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        await();
        thread = null;
        release();
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
