package org.opsconsole.monitoring.internal;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_LEASE;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.opsconsole.api.db.Database;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node of a console cluster monitors: the one holding the lease {@value #LEASE} in the database, renewed every
 * {@link #RENEW} and valid for {@link #TTL}. The holder probes the targets, evaluates the rules and sends the
 * notifications; the other nodes serve the pages and the API from the stored data, and take the lease over within
 * {@link #TTL} when the holder stops or loses the database. A single console always holds it.
 */
@Component(service = Leadership.class)
public class Leadership {

    static final String LEASE = "monitor";
    static final Duration TTL = Duration.ofSeconds(20);
    static final Duration RENEW = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final Database database;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService timer;
    private volatile long heldUntil;

    @Activate
    public Leadership(BundleContext context, @Reference Database database) {
        this(database, Clock.systemUTC(), nodeName(context.getProperty("opsconsole.node.id")));
        timer.scheduleWithFixedDelay(this::renewLogged, 0, RENEW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param database the module's database
     * @param clock tells the time
     * @param node this node's name, unique in the cluster
     */
    public Leadership(Database database, Clock clock, String node) {
        this.database = database;
        this.clock = clock;
        this.node = node;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "opsconsole-monitoring-lease");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The launcher's node id (configured, or kept in the data folder); else the host name and a random suffix. */
    private static String nodeName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
        try {
            database.dsl().update(MONITORING_LEASE).set(MONITORING_LEASE.EXPIRES_MS, 0L)
                    .where(MONITORING_LEASE.NAME.eq(LEASE)).and(MONITORING_LEASE.NODE.eq(node)).execute();
        } catch (DataAccessException e) {
            LOG.debug("The monitoring lease could not be given back: {}", e.getMessage());
        }
    }

    /** @return whether this node monitors now */
    public boolean leader() {
        return clock.millis() < heldUntil;
    }

    /** @return this node's name */
    public String node() {
        return node;
    }

    private void renewLogged() {
        try {
            renew();
        } catch (DataAccessException e) {
            LOG.warn("The monitoring lease could not be renewed: {}", e.getMessage());
        }
    }

    /**
     * Takes or renews the lease when it is this node's or has expired.
     *
     * @return whether this node holds it now
     */
    public boolean renew() {
        long now = clock.millis();
        long until = now + TTL.toMillis();
        int taken = database.dsl().update(MONITORING_LEASE).set(MONITORING_LEASE.NODE, node).set(MONITORING_LEASE.EXPIRES_MS, until)
                .where(MONITORING_LEASE.NAME.eq(LEASE))
                .and(MONITORING_LEASE.NODE.eq(node).or(MONITORING_LEASE.EXPIRES_MS.lt(now))).execute();
        if (taken == 0 && !database.dsl().fetchExists(MONITORING_LEASE, MONITORING_LEASE.NAME.eq(LEASE))) {
            try {
                taken = database.dsl().insertInto(MONITORING_LEASE).set(MONITORING_LEASE.NAME, LEASE).set(MONITORING_LEASE.NODE, node)
                        .set(MONITORING_LEASE.EXPIRES_MS, until).execute();
            } catch (IntegrityConstraintViolationException e) {
                taken = 0; // another node made it at the same moment
            }
        }
        boolean was = leader();
        // a little before the lease runs out in the database, this node stops counting on it
        heldUntil = taken == 1 ? until - RENEW.toMillis() : 0;
        if (taken == 1 && !was) {
            LOG.info("This node ({}) monitors now: it holds the monitoring lease", node);
        } else if (taken == 0 && was) {
            LOG.warn("This node ({}) lost the monitoring lease; another node monitors", node);
        }
        return taken == 1;
    }
}
