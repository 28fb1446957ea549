package org.opsconsole.monitoring.internal.targets;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.monitoring.internal.Leadership;
import org.opsconsole.monitoring.internal.MonitoringSettings;
import org.opsconsole.monitoring.internal.alerts.AlertService;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every enabled target at its interval. A ticker looks every 100 ms for targets that are due and hands them to a
 * pool of {@link MonitoringSettings#probeThreads()} threads; a target is never probed twice at once. A probe that
 * overruns its timeout is interrupted and recorded as down at once. Targets start spread over their interval, so that
 * a thousand targets do not all fire in the same second. Each outcome goes to the time series, the live status and
 * the alert engine. Targets are read again after every change on this node and every 15 seconds (changes made on
 * another node). In a cluster only the node holding the monitoring lease ({@link Leadership}) probes.
 */
@Component(service = ProbeScheduler.class, immediate = true)
public class ProbeScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);
    private static final long TICK_MILLIS = 100;
    private static final long RELOAD_MILLIS = 15_000;

    /**
     * How the scheduler keeps up, for /metrics and the benchmark.
     *
     * @param targets enabled targets
     * @param probes probes run since the start
     * @param down probes that found their target down
     * @param timeouts probes interrupted at their timeout
     * @param skipped runs skipped because the target's previous probe still ran or the scheduler fell behind
     * @param running probes running now
     * @param maxLagMillis the longest a probe started after it was due, since the last call of {@link #resetLag}
     */
    public record Stats(int targets, long probes, long down, long timeouts, long skipped, int running, long maxLagMillis) {
    }

    /** A target as scheduled. */
    private static final class Slot {
        final Target target;
        final ProbeTarget probeTarget;
        long due;
        final AtomicBoolean running = new AtomicBoolean();

        Slot(Target target, ProbeTarget probeTarget, long due) {
            this.target = target;
            this.probeTarget = probeTarget;
            this.due = due;
        }
    }

    private final TargetStore targets;
    private final ProbeRunner runner;
    private final Consumer<ProbeOutcome> sink;
    private final BooleanSupplier active;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private final ExecutorService pool;
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicBoolean reload = new AtomicBoolean(true);
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong maxLag = new AtomicLong();
    private long lastReload;

    @Activate
    public ProbeScheduler(BundleContext context, @Reference TargetStore targets, @Reference ProbeKinds kinds,
            @Reference LiveStatus status, @Reference SeriesStore series, @Reference AlertService alerts,
            @Reference Leadership leadership) {
        this(targets, new ProbeRunner(kinds, Clock.systemUTC()), outcome -> {
            series.write(outcome.targetId(), outcome.at(), outcome.samples());
            status.record(outcome);
            alerts.observe(outcome);
        }, MonitoringSettings.of(context).probeThreads(), Clock.systemUTC(), leadership::leader);
        start();
    }

    /**
     * @param targets the targets
     * @param runner runs one probe
     * @param sink where each outcome goes
     * @param threads probes run at once
     * @param clock tells the time
     */
    public ProbeScheduler(TargetStore targets, ProbeRunner runner, Consumer<ProbeOutcome> sink, int threads, Clock clock) {
        this(targets, runner, sink, threads, clock, () -> true);
    }

    /**
     * @param targets the targets
     * @param runner runs one probe
     * @param sink where each outcome goes
     * @param threads probes run at once
     * @param clock tells the time
     * @param active whether this node monitors now (in a cluster, the holder of the monitoring lease)
     */
    public ProbeScheduler(TargetStore targets, ProbeRunner runner, Consumer<ProbeOutcome> sink, int threads, Clock clock,
            BooleanSupplier active) {
        this.active = active;
        this.targets = targets;
        this.runner = runner;
        this.sink = sink;
        this.clock = clock;
        AtomicInteger counter = new AtomicInteger();
        this.ticker = Executors.newScheduledThreadPool(1, task -> daemon(task, "opsconsole-monitoring-scheduler"));
        this.pool = Executors.newFixedThreadPool(threads, task -> daemon(task, "opsconsole-monitoring-probe-" + counter.incrementAndGet()));
        targets.addListener(() -> reload.set(true));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts the ticker. */
    public void start() {
        ticker.scheduleWithFixedDelay(this::tickLogged, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        ticker.shutdownNow();
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("The probe scheduler failed a round: {}", e.getMessage(), e);
        }
    }

    /** One round: reload the targets when due, then start every due probe (on the node that monitors). */
    void tick() {
        long now = clock.millis();
        if (!active.getAsBoolean()) {
            reload.set(true); // when this node takes over, it starts from the targets as they are then
            return;
        }
        if (reload.getAndSet(false) || now - lastReload >= RELOAD_MILLIS) {
            lastReload = now;
            reloadTargets(now);
        }
        for (Slot slot : slots.values()) {
            if (slot.due > now) {
                continue;
            }
            long interval = slot.target.intervalSeconds() * 1000L;
            long due = slot.due;
            slot.due = due + interval;
            if (slot.due <= now) {
                long behind = (now - slot.due) / interval + 1;
                skipped.addAndGet(behind);
                slot.due += behind * interval;
            }
            if (!slot.running.compareAndSet(false, true)) {
                skipped.incrementAndGet();
                continue;
            }
            maxLag.accumulateAndGet(now - due, Math::max);
            running.incrementAndGet();
            pool.execute(() -> probe(slot));
        }
    }

    private void probe(Slot slot) {
        AtomicBoolean finished = new AtomicBoolean();
        Thread worker = Thread.currentThread();
        Instant start = clock.instant();
        var watchdog = ticker.schedule(() -> {
            if (finished.compareAndSet(false, true)) {
                timeouts.incrementAndGet();
                deliver(ProbeRunner.outcome(slot.target.id(), start, ProbeRunner.timedOut(slot.probeTarget),
                        slot.target.timeoutSeconds() * 1000L));
                worker.interrupt();
            }
        }, slot.target.timeoutSeconds() * 1000L + 500, TimeUnit.MILLISECONDS);
        try {
            ProbeOutcome outcome = runner.run(slot.probeTarget);
            if (finished.compareAndSet(false, true)) {
                watchdog.cancel(false);
                deliver(outcome);
            }
        } finally {
            Thread.interrupted(); // an interrupt of the watchdog that came late must not hit the next probe
            slot.running.set(false);
            running.decrementAndGet();
        }
    }

    private void deliver(ProbeOutcome outcome) {
        probes.incrementAndGet();
        if (!outcome.up()) {
            down.incrementAndGet();
        }
        try {
            sink.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("The outcome of a probe of target {} could not be recorded: {}", outcome.targetId(), e.getMessage(), e);
        }
    }

    private void reloadTargets(long now) {
        List<Target> enabled = targets.list().stream().filter(Target::enabled).toList();
        Map<Long, Slot> wanted = new HashMap<>();
        for (Target target : enabled) {
            Slot current = slots.get(target.id());
            if (current != null && current.target.equals(target)) {
                wanted.put(target.id(), current);
                continue;
            }
            ProbeTarget probeTarget;
            try {
                probeTarget = targets.probeTarget(target);
            } catch (IllegalArgumentException e) {
                LOG.warn("Target {} is not probed: its secret settings do not open ({})", target.name(), e.getMessage());
                continue;
            }
            long interval = target.intervalSeconds() * 1000L;
            long due = current != null ? Math.min(current.due, now + interval)
                    : now + ThreadLocalRandom.current().nextLong(Math.min(interval, 5_000) + 1);
            wanted.put(target.id(), new Slot(target, probeTarget, due));
        }
        Set<Long> gone = Set.copyOf(slots.keySet());
        slots.putAll(wanted);
        gone.stream().filter(id -> !wanted.containsKey(id)).forEach(slots::remove);
    }

    /**
     * Probes a target now, on the calling thread, outside its schedule (an operator's "probe now"); the outcome is
     * recorded like a scheduled one.
     *
     * @param target the target, secrets opened
     * @param record whether to record the outcome (false for a test of unsaved settings)
     * @return the outcome
     */
    public ProbeOutcome probeNow(ProbeTarget target, boolean record) {
        ProbeOutcome outcome = runner.run(target);
        if (record) {
            deliver(outcome);
        }
        return outcome;
    }

    /** @return how the scheduler keeps up */
    public Stats stats() {
        return new Stats(slots.size(), probes.get(), down.get(), timeouts.get(), skipped.get(), running.get(), maxLag.get());
    }

    /** Starts measuring the longest lag anew. */
    public void resetLag() {
        maxLag.set(0);
    }
}
