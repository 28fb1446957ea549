package org.opsconsole.monitoring.internal.series;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SAMPLE;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jooq.Row3;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.monitoring.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of the samples: a bounded queue the probes put samples in, and one thread that stores them in
 * batches, a multi-row insert in one transaction per batch. A batch is stored when {@code batchSize} samples wait,
 * when the oldest waiting sample has waited {@code flushMillis}, or at once when someone {@link #flush() flushes}.
 *
 * <p>Probes are never held for long: when the queue is full, {@link #offer} waits at most {@link #OFFER_WAIT} for room,
 * then drops the rest and counts them. A batch whose storing fails is tried {@link #ATTEMPTS} times, then dropped,
 * counted and logged. Thread-safe.
 */
final class SampleWriter {

    /** How long {@link #offer} waits for room in a full queue. */
    static final Duration OFFER_WAIT = Duration.ofSeconds(1);
    /** How often a batch is tried before it is dropped. */
    static final int ATTEMPTS = 3;
    /** How long a stopping writer gets to store what is queued. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SampleWriter.class);

    /** One queued sample. */
    private record Pending(SeriesCatalog.Key key, long atMillis, double value) {
    }

    /** Where a sample goes: its series and time, of which a series has one value. */
    private record Slot(long seriesId, long atMillis) {
    }

    private final Database database;
    private final SeriesCatalog catalog;
    private final int batchSize;
    private final long flushNanos;
    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer should look at the queue: a batch is full, a flush waits, or it should stop. */
    private final Condition wake = lock.newCondition();
    /** Signalled when the writer took samples out of the queue. */
    private final Condition notFull = lock.newCondition();
    /** Signalled when the writer finished a batch. */
    private final Condition progressed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long firstQueuedAt;
    private long accepted;
    private long finished;
    private long flushUntil;
    private boolean running = true;
    private final Thread thread;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    SampleWriter(Database database, SeriesCatalog catalog, int batchSize, int flushMillis, int capacity) {
        this.database = database;
        this.catalog = catalog;
        this.batchSize = Math.max(1, batchSize);
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, flushMillis));
        this.capacity = Math.max(1, capacity);
        this.thread = new Thread(this::loop, "opsconsole-monitoring-series-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues samples of one target measured at one time. Waits at most {@link #OFFER_WAIT} for room; what does not fit
     * by then is dropped and counted.
     *
     * @return how many samples were queued
     */
    int offer(long targetId, long atMillis, List<Sample> samples) {
        long deadline = System.nanoTime() + OFFER_WAIT.toNanos();
        int queued = 0;
        lock.lock();
        try {
            while (queued < samples.size() && running) {
                if (queue.size() < capacity) {
                    Sample sample = samples.get(queued++);
                    if (queue.isEmpty()) {
                        firstQueuedAt = System.nanoTime();
                        wake.signal(); // the writer waits for a first sample, then at most flushMillis for more
                    }
                    queue.add(new Pending(new SeriesCatalog.Key(targetId, sample.metric(), sample.labels()), atMillis,
                            sample.value()));
                    accepted++;
                    continue;
                }
                wake.signal();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                notFull.awaitNanos(left);
            }
            if (queue.size() >= batchSize) {
                wake.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        int lost = samples.size() - queued;
        if (lost > 0) {
            long total = dropped.addAndGet(lost);
            LOG.warn("Dropped {} samples of target {}: the queue of {} samples stayed full ({} dropped since start)", lost,
                    targetId, capacity, total);
        }
        return queued;
    }

    /** Returns when every sample queued before the call is stored or dropped (or the writer stopped). */
    void flush() {
        lock.lock();
        try {
            long target = accepted;
            flushUntil = Math.max(flushUntil, target);
            wake.signal();
            while (finished < target && thread.isAlive()) {
                progressed.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Stores what is queued, refuses new samples, and ends the thread. */
    void stop() {
        lock.lock();
        try {
            running = false;
            wake.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The series writer did not store its queue within {} s; interrupting it", STOP_WAIT.toSeconds());
            thread.interrupt();
        }
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    long batches() {
        return batches.get();
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            List<Pending> batch = next();
            if (batch == null) {
                return;
            }
            store(batch);
            lock.lock();
            try {
                finished += batch.size();
                progressed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return the next batch once it is due; null when stopped and the queue is empty */
    private List<Pending> next() {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (!running) {
                        return null;
                    }
                    wake.await();
                    continue;
                }
                long waited = System.nanoTime() - firstQueuedAt;
                if (queue.size() >= batchSize || flushUntil > finished || !running || waited >= flushNanos) {
                    break;
                }
                wake.awaitNanos(flushNanos - waited);
            }
            List<Pending> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
            while (batch.size() < batchSize && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            notFull.signalAll();
            return batch;
        } catch (InterruptedException e) {
            // only stop() interrupts, when storing took too long: what is left is lost
            Thread.currentThread().interrupt();
            dropped.addAndGet(queue.size());
            finished += queue.size();
            queue.clear();
            progressed.signalAll();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void store(List<Pending> batch) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                storeOnce(batch);
                return;
            } catch (RuntimeException e) {
                failure = e;
                if (attempt < ATTEMPTS && !pause(attempt)) {
                    break;
                }
            }
        }
        long total = dropped.addAndGet(batch.size());
        LOG.warn("Dropped a batch of {} samples after {} failed attempts ({} dropped since start)", batch.size(), ATTEMPTS,
                total, failure);
    }

    /** Waits before another attempt; false when interrupted. */
    private static boolean pause(int attempt) {
        try {
            Thread.sleep(200L * attempt * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void storeOnce(List<Pending> batch) {
        catalog.resolve(batch.stream().map(Pending::key).distinct().toList());
        // one value per series and time: a repeat within the batch would break the insert on some databases
        Map<Slot, Row3<Long, Long, Double>> rows = new LinkedHashMap<>();
        int refused = 0;
        for (Pending p : batch) {
            long id = catalog.cached(p.key());
            if (id == SeriesCatalog.REFUSED) {
                refused++;
            } else {
                rows.putIfAbsent(new Slot(id, p.atMillis()), DSL.row(id, p.atMillis(), p.value()));
            }
        }
        if (!rows.isEmpty()) {
            int stored = database.transactionResult(c -> InsertIgnore.into(c.dsl(), MONITORING_SAMPLE,
                    List.of(MONITORING_SAMPLE.SERIES_ID, MONITORING_SAMPLE.AT_MS, MONITORING_SAMPLE.VAL), rows.values()));
            written.addAndGet(stored);
        }
        dropped.addAndGet(refused);
        batches.incrementAndGet();
    }
}
