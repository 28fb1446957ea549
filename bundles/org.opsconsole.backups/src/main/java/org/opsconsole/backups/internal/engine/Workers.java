package org.opsconsole.backups.internal.engine;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task for each table on a few connections at once, the tables taken in order (the largest first) by whichever
 * connection is free; the first failure stops the others at their next table and is thrown.
 */
final class Workers {

    /** The work for one table on one connection. */
    @FunctionalInterface
    interface Task<T> {
        void run(Connection connection, int index, T item) throws SQLException, IOException;
    }

    private Workers() {
    }

    static <T> void run(String name, List<Connection> connections, List<T> items, Task<T> task) throws SQLException, IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(connections.size(), r -> {
            Thread thread = new Thread(r, "opsconsole-backup-" + name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Connection connection : connections) {
                futures.add(pool.submit(() -> {
                    int index;
                    while (!failed.get() && (index = next.getAndIncrement()) < items.size()) {
                        try {
                            task.run(connection, index, items.get(index));
                        } catch (SQLException | IOException | RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null && e.getCause() instanceof Exception cause) {
                        first = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    pool.shutdownNow();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            if (first instanceof SqlFailure sql) {
                throw sql.sql();
            }
            if (first instanceof SQLException sql) {
                throw sql;
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
