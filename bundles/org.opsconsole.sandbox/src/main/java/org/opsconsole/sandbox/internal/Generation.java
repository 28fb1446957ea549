package org.opsconsole.sandbox.internal;

import static org.opsconsole.sandbox.internal.platform.Tables.SANDBOX_GENERATION;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.rest.Json;
import org.opsconsole.sandbox.internal.platform.tables.records.SandboxGenerationRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Generations of the simulated platform's data, one at a time, in the background. Each is recorded in the platform
 * database's {@code sandbox_generation} table: RUNNING first (committed before any table is emptied), COMPLETE only
 * after the last row is committed and the ground truth written, else FAILED, CANCELLED or INTERRUPTED. Only the newest
 * record counts: data whose newest record is not COMPLETE is not whole, whatever an older record says. A running
 * generation beats its record every few seconds; a RUNNING record whose beat stopped (its process ended) is
 * INTERRUPTED. When the sandbox starts without whole data, it generates it with the configured seed and scale.
 * Thread-safe.
 */
@Component(service = Generation.class, configurationPid = Generation.PID)
@Designate(ocd = Generation.Config.class)
public class Generation {

    static final String PID = "org.opsconsole.sandbox.generation";
    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);
    static final String GROUND_TRUTH_FILE = "ground-truth.json";
    static final Duration BEAT = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(60);

    @ObjectClassDefinition(name = "opsconsole sandbox data", description = "模拟平台数据的生成 / Generating the simulated platform's data")
    public @interface Config {
        @AttributeDefinition(name = "Seed", description = "The seed of the data generated when the sandbox has none")
        long seed() default 20251231L;

        @AttributeDefinition(name = "Scale", description = "The scale of that data: 1 is about 200 units and 500,000 payment "
                + "notices over one year; 0.001 to 100")
        String scale() default "1";

        @AttributeDefinition(name = "Generate at start", description = "Generate the data in the background when the sandbox "
                + "starts without whole data")
        boolean generateAtStart() default true;
    }

    /** States of a generation record. */
    enum State {
        RUNNING, COMPLETE, FAILED, CANCELLED, INTERRUPTED
    }

    /** The outcome of asking for a generation. */
    sealed interface Start {
        /** It started. */
        record Started(Status status) implements Start {
        }

        /** Another one is running. */
        record Busy(Status status) implements Start {
        }
    }

    /**
     * A generation as the console shows it.
     *
     * @param live true while this node or another runs it
     * @param percent progress, 0 to 100
     * @param phase what it is doing now (while running on this node), {@code 中文 / English}
     */
    record Status(long id, long seed, BigDecimal scale, State state, String requestedBy, String node, Instant startedAt,
            Instant finishedAt, long rowsWritten, long plannedRows, int percent, String phase, String message, boolean live) {
    }

    private final PlatformDatabase platform;
    private final AuditLog audit;
    private final Clock clock;
    private final String node;
    private final ExecutorService executor;
    private volatile Run current;

    /** The run on this node. */
    private static final class Run {
        final long id;
        final PlatformGenerator.Plan plan;
        volatile long rows;
        volatile String phase = "正在准备 / Preparing";
        volatile boolean cancelled;
        volatile State cancelState = State.CANCELLED;
        volatile Instant beat;
        Future<?> future;

        Run(long id, PlatformGenerator.Plan plan, Instant now) {
            this.id = id;
            this.plan = plan;
            this.beat = now;
        }
    }

    /**
     * The framework property ({@code OPSCONSOLE_SANDBOX_GENERATE} in the environment) that, set to {@code off}, keeps
     * the sandbox from generating its data at start whatever the configuration says (tests, benchmarks).
     */
    static final String GENERATE_PROPERTY = "opsconsole.sandbox.generate";

    /** How long after the start the sandbox looks whether its data must be generated. */
    static final long START_DELAY_SECONDS = 5;

    @Activate
    public Generation(BundleContext context, @Reference PlatformDatabase platform, @Reference AuditLog audit, Config config) {
        this(platform, audit, Clock.systemUTC());
        boolean off = "off".equalsIgnoreCase(String.valueOf(context.getProperty(GENERATE_PROPERTY)).trim());
        if (config.generateAtStart() && !off) {
            // looked at on the generator's thread a few seconds after the start: opening the platform's database and
            // generating stay off the console's start
            java.util.concurrent.CompletableFuture.delayedExecutor(START_DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
                try {
                    executor.execute(() -> generateIfNotWhole(config.seed(), new BigDecimal(config.scale().trim())));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    LOG.debug("The sandbox stopped before it looked at its data");
                }
            });
        }
    }

    Generation(PlatformDatabase platform, AuditLog audit, Clock clock) {
        this.platform = platform;
        this.audit = audit;
        this.clock = clock;
        this.node = ManagementFactory.getRuntimeMXBean().getName();
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "opsconsole-sandbox-generator");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void close() {
        Run run = current;
        if (run != null) {
            run.cancelState = State.INTERRUPTED;
            run.cancelled = true;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("The sandbox data generation did not stop within 20 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a generation with the default seed and scale when the data is not whole and none is running. Records
     * left RUNNING by a process that ended are marked INTERRUPTED first. Does nothing when the database is not reachable
     * (logged).
     */
    void generateIfNotWhole(long seed, BigDecimal scale) {
        try {
            Optional<Status> latest = latest();
            if (latest.isPresent() && (latest.get().state() == State.COMPLETE || latest.get().live())) {
                return;
            }
            LOG.info("The sandbox has no whole data ({}): generating it with seed {} and scale {}",
                    latest.map(s -> s.state().name()).orElse("none yet"), seed, scale.toPlainString());
            start(seed, scale, "system", "sandbox");
        } catch (RuntimeException e) {
            LOG.error("The sandbox could not start generating its data: {}", e.getMessage(), e);
        }
    }

    /**
     * Starts a generation in the background, audited.
     *
     * @param seed the seed
     * @param scale the scale, {@value PlatformGenerator.Plan#MIN_TEXT} to {@value PlatformGenerator.Plan#MAX_TEXT}
     * @param actor who asked (a user name, or {@code system})
     * @param source from where (the client's address)
     * @return started, or busy with the running one
     * @throws IllegalArgumentException when the scale is out of range
     */
    synchronized Start start(long seed, BigDecimal scale, String actor, String source) {
        PlatformGenerator.Plan plan = PlatformGenerator.Plan.of(seed, scale);
        Optional<Status> latest = latest();
        if (latest.isPresent() && latest.get().live()) {
            return new Start.Busy(latest.get());
        }
        Instant now = clock.instant();
        SandboxGenerationRecord record = platform.dsl().newRecord(SANDBOX_GENERATION);
        record.setSeed(seed);
        record.setScale(plan.scale());
        record.setState(State.RUNNING.name());
        record.setNode(node);
        record.setRequestedBy(actor);
        record.setStartedAt(now);
        record.setHeartbeatAt(now);
        record.setRowsWritten(0L);
        record.store();
        Run run = new Run(record.getId(), plan, now);
        audit.record(new AuditEvent(actor, source, "sandbox.generate", "#" + run.id, AuditEvent.Outcome.SUCCESS,
                "seed " + seed + ", scale " + plan.scale().toPlainString()));
        current = run;
        run.future = executor.submit(() -> execute(run));
        return new Start.Started(status(record));
    }

    /**
     * Asks the running generation on this node to stop; it ends CANCELLED and the data is not whole.
     *
     * @return true when one was running here
     */
    boolean cancel(String actor, String source) {
        Run run = current;
        if (run == null) {
            return false;
        }
        run.cancelled = true;
        audit.record(new AuditEvent(actor, source, "sandbox.generate.cancel", "#" + run.id, AuditEvent.Outcome.SUCCESS, ""));
        return true;
    }

    /** Waits for this node's running generation to end, for tests and the benchmark. */
    void await(Duration timeout) throws Exception {
        Run run = current;
        if (run != null) {
            try {
                run.future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private void execute(Run run) {
        State end;
        String message;
        String truth = null;
        long begin = System.nanoTime();
        Path file = platform.folder().resolve(GROUND_TRUTH_FILE);
        try {
            Files.deleteIfExists(file);
            PlatformGenerator generator = new PlatformGenerator(run.plan, platform.dialect(), new PlatformGenerator.Progress() {
                @Override
                public void update(long rows, String phase) {
                    run.rows = rows;
                    run.phase = phase;
                    Instant now = clock.instant();
                    if (Duration.between(run.beat, now).compareTo(BEAT) >= 0) {
                        run.beat = now;
                        platform.dsl().update(SANDBOX_GENERATION).set(SANDBOX_GENERATION.HEARTBEAT_AT, now)
                                .set(SANDBOX_GENERATION.ROWS_WRITTEN, rows).where(SANDBOX_GENERATION.ID.eq(run.id)).execute();
                    }
                }

                @Override
                public boolean cancelled() {
                    return run.cancelled;
                }
            });
            run.phase = "正在清空旧数据 / Emptying the old data";
            empty(platform.dataSource());
            GroundTruth groundTruth = generator.generate(platform.dataSource());
            run.rows = generator.rows();
            truth = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(groundTruth);
            Path temporary = platform.folder().resolve(GROUND_TRUTH_FILE + ".tmp");
            Files.createDirectories(platform.folder());
            Files.writeString(temporary, truth, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            end = State.COMPLETE;
            message = String.format("生成 %,d 行，用时 %.1f 秒 / %,d rows in %.1f s", run.rows, (System.nanoTime() - begin) / 1e9,
                    run.rows, (System.nanoTime() - begin) / 1e9);
            LOG.info("Sandbox data generated: seed {}, scale {}, {}", run.plan.seed(), run.plan.scale().toPlainString(), message);
        } catch (CancellationException e) {
            end = run.cancelState;
            message = end == State.CANCELLED ? "生成已取消，数据不完整 / Cancelled; the data is not whole"
                    : "控制台停止时生成被中断，数据不完整 / Interrupted by the console stopping; the data is not whole";
            truth = null;
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.error("Sandbox data generation failed: {}", e.getMessage(), e);
            end = State.FAILED;
            message = "生成失败，数据不完整 / Failed; the data is not whole: " + e.getMessage();
            truth = null;
        }
        try {
            platform.dsl().update(SANDBOX_GENERATION).set(SANDBOX_GENERATION.STATE, end.name())
                    .set(SANDBOX_GENERATION.FINISHED_AT, clock.instant()).set(SANDBOX_GENERATION.HEARTBEAT_AT, clock.instant())
                    .set(SANDBOX_GENERATION.ROWS_WRITTEN, run.rows)
                    .set(SANDBOX_GENERATION.MESSAGE, message.length() > 2000 ? message.substring(0, 2000) : message)
                    .set(SANDBOX_GENERATION.GROUND_TRUTH, truth).where(SANDBOX_GENERATION.ID.eq(run.id)).execute();
        } catch (RuntimeException e) {
            // the record stays RUNNING, its beat stops, and it is read as INTERRUPTED: still not whole
            LOG.error("The end of sandbox generation #{} could not be recorded: {}", run.id, e.getMessage(), e);
        } finally {
            current = null;
        }
    }

    private static void empty(javax.sql.DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : PlatformGenerator.TABLES) {
                s.execute("truncate table " + table);
            }
        }
    }

    /** @return the newest generation, with a stale RUNNING record read (and marked) as INTERRUPTED */
    Optional<Status> latest() {
        SandboxGenerationRecord record = platform.dsl().selectFrom(SANDBOX_GENERATION).orderBy(SANDBOX_GENERATION.ID.desc())
                .limit(1).fetchOne();
        if (record == null) {
            return Optional.empty();
        }
        Run run = current;
        if (State.RUNNING.name().equals(record.getState()) && (run == null || run.id != record.getId())
                && Duration.between(record.getHeartbeatAt(), clock.instant()).compareTo(STALE) > 0) {
            platform.dsl().update(SANDBOX_GENERATION).set(SANDBOX_GENERATION.STATE, State.INTERRUPTED.name())
                    .set(SANDBOX_GENERATION.MESSAGE, "生成进程已停止，数据不完整 / The generating process stopped; the data is not whole")
                    .where(SANDBOX_GENERATION.ID.eq(record.getId())).and(SANDBOX_GENERATION.STATE.eq(State.RUNNING.name())).execute();
            record.refresh();
        }
        return Optional.of(status(record));
    }

    /** @return the ground truth of the data, when the newest generation is complete */
    Optional<String> groundTruth() {
        SandboxGenerationRecord record = platform.dsl().selectFrom(SANDBOX_GENERATION).orderBy(SANDBOX_GENERATION.ID.desc())
                .limit(1).fetchOne();
        if (record == null || !State.COMPLETE.name().equals(record.getState())) {
            return Optional.empty();
        }
        return Optional.ofNullable(record.getGroundTruth());
    }

    /** @return the ground truth of the complete data, parsed */
    Optional<GroundTruth> parsedGroundTruth() {
        return groundTruth().map(text -> {
            try {
                return Json.MAPPER.readValue(text, GroundTruth.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored ground truth is not readable: " + e.getMessage(), e);
            }
        });
    }

    private Status status(SandboxGenerationRecord record) {
        State state = State.valueOf(record.getState());
        Run run = current;
        boolean here = run != null && run.id == record.getId();
        boolean live = state == State.RUNNING
                && (here || Duration.between(record.getHeartbeatAt(), clock.instant()).compareTo(STALE) <= 0);
        PlatformGenerator.Plan plan = PlatformGenerator.Plan.of(record.getSeed(), record.getScale());
        long rows = here ? run.rows : record.getRowsWritten();
        int percent = state == State.COMPLETE ? 100 : (int) Math.min(99, rows * 100 / Math.max(1, plan.plannedRows()));
        return new Status(record.getId(), record.getSeed(), plan.scale(), state, record.getRequestedBy(), record.getNode(),
                record.getStartedAt(), record.getFinishedAt(), rows, plan.plannedRows(), percent, here ? run.phase : null,
                record.getMessage(), live);
    }
}
