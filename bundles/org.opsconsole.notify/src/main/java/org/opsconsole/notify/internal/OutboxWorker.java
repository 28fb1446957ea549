package org.opsconsole.notify.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opsconsole.api.db.Database;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one background thread per console node that, every {@link Config#pollSeconds()} seconds or at
 * once when {@link #wake() woken} (a message was sent, an operator retried, a channel kind came), sends the due
 * deliveries through their channels.
 *
 * <p><b>Once per cluster.</b> Before sending a delivery the node claims it with one conditional update
 * ({@link Deliveries#claim}): of several nodes on one database exactly one wins. The claim lasts
 * {@link Config#claimSeconds()}; a node that dies mid-send leaves a claim that expires, and the delivery is sent again
 * (at least once: the message id lets receivers drop repeats).
 *
 * <p><b>Retries.</b> A failed attempt is tried again after a growing delay ({@link #BACKOFF}: 30 s, 1, 2, 5, 10 and
 * 30 min, 1, 2, 4 and 8 h, then 8 h) until {@link Config#maxAttempts()} attempts failed; a permanent error (a rejected
 * signature, a malformed address) fails the delivery at once. Either way a failed delivery is logged as a warning and
 * shown in the delivery log, where an operator may send it again. A delivery through a channel whose kind is not
 * installed (its bundle stopped) is not tried and burns no attempt: it waits, saying why, until the kind is back. One
 * through a channel an operator disabled fails without an attempt.
 *
 * <p>Thread-safe; the deliveries are rows, so they survive restarts.
 */
@Component(service = OutboxWorker.class, immediate = true, configurationPid = OutboxWorker.PID)
@Designate(ocd = OutboxWorker.Config.class)
public class OutboxWorker {

    static final String PID = "org.opsconsole.notify";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);

    /** The delays after the 1st, 2nd, ... failed attempt; the last one repeats. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(4), Duration.ofHours(8));

    /** Deliveries read at a time. */
    static final int BATCH = 20;
    /** Batches one round works through at most before it looks at the time again. */
    private static final int ROUNDS = 50;
    /** How long a stopping worker lets a delivery under way end before it interrupts it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    static final String DISABLED = "渠道已停用，未投递 / The channel is disabled; not delivered";
    static final String REMOVED = "渠道已删除，未投递 / The channel was removed; not delivered";

    /** How the outbox is delivered. */
    @ObjectClassDefinition(name = "opsconsole notifications", description = "通知投递 / Delivering notifications through the configured channels")
    public @interface Config {

        @AttributeDefinition(name = "Poll interval (seconds)", description = "How often this console node looks for due "
                + "deliveries (it also looks at once when a notification is sent here)", min = "1", max = "3600")
        int pollSeconds() default 5;

        @AttributeDefinition(name = "Attempts", description = "How many attempts a delivery gets before it is given up "
                + "as failed; the delays between them grow from 30 seconds to 8 hours", min = "1", max = "100")
        int maxAttempts() default 10;

        @AttributeDefinition(name = "Claim (seconds)", description = "How long a node holds a delivery it sends; when the "
                + "node dies mid-send, another sends it again after this time. Longer than any channel takes to answer",
                min = "30", max = "3600")
        int claimSeconds() default 120;
    }

    private final Deliveries deliveries;
    private final ChannelKinds kinds;
    private final ChannelSender sender;
    private final String node;
    private final Clock clock;
    private final Object lock = new Object();
    private final Runnable onKindsChanged = this::wake;
    private volatile Duration pollInterval;
    private volatile int maxAttempts;
    private volatile Duration claim;
    private volatile boolean active = true;
    private boolean woken;
    private Thread thread;

    @Activate
    public OutboxWorker(BundleContext context, Config config, @Reference Database database, @Reference ChannelKinds kinds,
            @Reference SecretBox secrets) {
        this(database, kinds, new ChannelSender(kinds, secrets, ChannelSender.publicUrl(context)), nodeId(context), config,
                Clock.systemUTC());
        start();
    }

    /** A worker that does not run by itself until {@link #start()}: tests call {@link #runOnce()}. */
    OutboxWorker(Database database, ChannelKinds kinds, ChannelSender sender, String node, Config config, Clock clock) {
        this.deliveries = new Deliveries(database);
        this.kinds = kinds;
        this.sender = sender;
        this.node = Deliveries.fit(node, Deliveries.NODE_LENGTH);
        this.clock = clock;
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
        wake();
    }

    private void configure(Config config) {
        this.pollInterval = Duration.ofSeconds(Math.max(1, config.pollSeconds()));
        this.maxAttempts = Math.max(1, config.maxAttempts());
        this.claim = Duration.ofSeconds(Math.max(30, config.claimSeconds()));
    }

    /** Starts the background thread. */
    synchronized void start() {
        kinds.addListener(onKindsChanged);
        thread = new Thread(this::loop, "opsconsole-notify-outbox");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Notification outbox worker started on node {} (every {} s, {} attempts)", node, pollInterval.toSeconds(),
                maxAttempts);
    }

    /** Stops: no new deliveries; the one under way gets a few seconds to end, then its thread is interrupted. */
    @Deactivate
    void stop() {
        active = false;
        kinds.removeListener(onKindsChanged);
        wake();
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(STOP_WAIT.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(STOP_WAIT.toMillis());
            }
            if (running.isAlive()) {
                LOG.warn("The notification outbox worker did not stop; its delivery's claim expires and another attempt follows");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Notification outbox worker stopped on node {}", node);
    }

    /** Makes the worker look for due deliveries now instead of at its next poll. */
    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    private void loop() {
        while (active) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                // the database is away, most likely: the next poll tries again
                LOG.error("The notification outbox could not be delivered now (trying again in {} s): {}",
                        pollInterval.toSeconds(), e.getMessage(), e);
            }
            synchronized (lock) {
                try {
                    if (!woken && active) {
                        lock.wait(pollInterval.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                woken = false;
            }
        }
    }

    /**
     * Delivers what is due now, on this thread: tells the deliveries waiting for a kind that is not installed why, then
     * claims and sends the due deliveries of the installed kinds, a batch at a time.
     *
     * @return how many deliveries this node attempted
     */
    int runOnce() {
        markWaitingForKinds();
        int attempted = 0;
        for (int round = 0; round < ROUNDS && active; round++) {
            List<Long> due = deliveries.due(now(), kinds.types(), BATCH);
            for (long id : due) {
                if (!active || Thread.currentThread().isInterrupted()) {
                    return attempted;
                }
                if (attempt(id)) {
                    attempted++;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        return attempted;
    }

    private void markWaitingForKinds() {
        Instant now = now();
        Set<String> installed = kinds.types();
        for (String type : deliveries.dueTypes(now)) {
            if (!installed.contains(type)) {
                int waiting = deliveries.waitForKind(type, ChannelSender.kindMissing(type), now);
                if (waiting > 0) {
                    LOG.warn("{} notification deliveries wait for the channel kind '{}', which is not installed", waiting, type);
                }
            }
        }
    }

    /**
     * Claims a delivery and sends it.
     *
     * @return whether this node claimed it (another node may have)
     */
    boolean attempt(long id) {
        Instant now = now();
        if (!deliveries.claim(id, node, now, now.plus(claim))) {
            return false;
        }
        Optional<Deliveries.Claimed> loaded = deliveries.load(id);
        if (loaded.isEmpty()) {
            return false;
        }
        Deliveries.Claimed claimed = loaded.get();
        NotifyChannelRecord channel = claimed.channel();
        int attempts = claimed.delivery().getAttempts();
        if (channel == null) {
            deliveries.failed(id, node, attempts, REMOVED, false, now());
            return true;
        }
        if (!Boolean.TRUE.equals(channel.getEnabled())) {
            deliveries.failed(id, node, attempts, DISABLED, false, now());
            LOG.warn("Notification {} was not delivered through channel '{}' ({}): the channel is disabled",
                    claimed.message().getId(), channel.getName(), channel.getId());
            return true;
        }
        ChannelSender.Outcome outcome = sender.send(claimed.message(), channel);
        Instant end = now();
        boolean held;
        if (outcome instanceof ChannelSender.Outcome.Sent) {
            held = deliveries.sent(id, node, attempts + 1, end);
        } else if (outcome instanceof ChannelSender.Outcome.KindMissing missing) {
            held = deliveries.release(id, node, missing.error());
        } else {
            ChannelSender.Outcome.Failed failed = (ChannelSender.Outcome.Failed) outcome;
            int made = attempts + 1;
            if (failed.permanent() || made >= maxAttempts) {
                held = deliveries.failed(id, node, made, failed.error(), true, end);
                LOG.warn("Notification {} could not be delivered through channel '{}' ({}, kind {}) after {} attempt(s){}: {}",
                        claimed.message().getId(), channel.getName(), channel.getId(), channel.getType(), made,
                        failed.permanent() ? ", a permanent error" : "", failed.error());
            } else {
                Instant next = end.plus(backoff(made));
                held = deliveries.retryLater(id, node, made, next, failed.error(), end);
                LOG.info("Notification {} through channel '{}' failed (attempt {} of {}), next attempt at {}: {}",
                        claimed.message().getId(), channel.getId(), made, maxAttempts, next, failed.error());
            }
        }
        if (!held) {
            LOG.warn("The claim of node {} on notification delivery {} expired before its outcome was recorded; "
                    + "another node may deliver it again (raise the claim time if channels answer slowly)", node, id);
        }
        return true;
    }

    /** @return the delay after the given number of failed attempts (1 for the first) */
    static Duration backoff(int failedAttempts) {
        return BACKOFF.get(Math.min(Math.max(failedAttempts, 1), BACKOFF.size()) - 1);
    }

    int maxAttempts() {
        return maxAttempts;
    }

    String node() {
        return node;
    }

    ChannelSender sender() {
        return sender;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * This node's name in the claims: the framework property {@code opsconsole.node.id}, which the launcher sets
     * (configured, or kept in the data folder); else, outside the launcher, the host name and a random suffix.
     */
    static String nodeId(BundleContext context) {
        String configured = context.getProperty("opsconsole.node.id");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return ChannelSender.hostName() + "-" + HexFormat.of().formatHex(suffix);
    }
}
