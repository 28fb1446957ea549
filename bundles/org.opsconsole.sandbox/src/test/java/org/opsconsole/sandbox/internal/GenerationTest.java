package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.sandbox.internal.platform.Tables.SANDBOX_GENERATION;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.rest.Json;
import org.opsconsole.sandbox.internal.platform.tables.records.SandboxGenerationRecord;

/** Generations in the background: recorded, complete only when whole, one at a time, safe when they fail or stop. On H2. */
class GenerationTest {

    @TempDir
    Path folder;
    private TestSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = TestSandbox.on("h2", folder);
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
    }

    private Path groundTruthFile() {
        return folder.resolve(Generation.GROUND_TRUTH_FILE);
    }

    private void record(String state, java.time.Instant heartbeat) {
        SandboxGenerationRecord record = sandbox.platform.database.dsl().newRecord(SANDBOX_GENERATION);
        record.setSeed(1L);
        record.setScale(BigDecimal.ONE);
        record.setState(state);
        record.setNode("4242@other-node");
        record.setRequestedBy("li.na");
        record.setStartedAt(heartbeat.minusSeconds(30));
        record.setHeartbeatAt(heartbeat);
        record.setRowsWritten(1000L);
        record.store();
    }

    @Test
    void aGenerationRunsInTheBackgroundAndIsCompleteWithItsGroundTruthInTheDatabaseAndTheFile() throws Exception {
        Generation.Start start = sandbox.generation.start(11, new BigDecimal("0.005"), "zhang.wei", "192.0.2.7");
        Generation.Status started = assertInstanceOf(Generation.Start.Started.class, start).status();
        sandbox.generation.await(Duration.ofMinutes(2));
        Generation.Status done = sandbox.generation.latest().orElseThrow();

        assertEquals(Generation.State.RUNNING, started.state());
        assertTrue(started.live());
        assertEquals(Generation.State.COMPLETE, done.state(), done.message());
        assertEquals(100, done.percent());
        assertFalse(done.live());
        assertTrue(done.rowsWritten() > 10_000, done.toString());
        String truth = sandbox.generation.groundTruth().orElseThrow();
        assertEquals(truth, Files.readString(groundTruthFile(), StandardCharsets.UTF_8));
        assertEquals(11, Json.MAPPER.readTree(truth).path("seed").asLong());
        assertEquals(List.of("sandbox.generate"), sandbox.platform.audited.stream().map(e -> e.action()).toList());
        assertEquals("seed 11, scale 0.005", sandbox.platform.audited.get(0).detail());
    }

    @Test
    void whileAnotherNodeGeneratesANewGenerationIsRefusedAsBusy() throws Exception {
        record("RUNNING", sandbox.clock.instant().minusSeconds(3));

        Generation.Start start = sandbox.generation.start(11, new BigDecimal("0.005"), "zhang.wei", "192.0.2.7");

        Generation.Status running = assertInstanceOf(Generation.Start.Busy.class, start).status();
        assertEquals("4242@other-node", running.node());
        assertTrue(running.live());
        assertEquals(1, sandbox.platform.database.dsl().fetchCount(SANDBOX_GENERATION));
        assertTrue(sandbox.platform.audited.isEmpty());
    }

    @Test
    void aRunWhoseProcessEndedIsInterruptedNotCompleteAndTheDataIsGeneratedAgain() throws Exception {
        sandbox.generate(3, "0.005");
        // a later run whose process died: its beat stopped minutes ago
        record("RUNNING", sandbox.clock.instant().minus(Duration.ofMinutes(5)));

        Generation.Status latest = sandbox.generation.latest().orElseThrow();
        assertEquals(Generation.State.INTERRUPTED, latest.state());
        assertFalse(latest.live());
        assertTrue(sandbox.generation.groundTruth().isEmpty(), "an older complete run does not make the data whole");

        sandbox.generation.generateIfNotWhole(3, new BigDecimal("0.005"));
        sandbox.generation.await(Duration.ofMinutes(2));
        assertEquals(Generation.State.COMPLETE, sandbox.generation.latest().orElseThrow().state());
        assertEquals(3, sandbox.platform.database.dsl().fetchCount(SANDBOX_GENERATION));
    }

    @Test
    void whenTheDataIsWholeNothingIsGeneratedAtStart() throws Exception {
        sandbox.generate(3, "0.005");

        sandbox.generation.generateIfNotWhole(3, new BigDecimal("0.005"));

        assertEquals(1, sandbox.platform.database.dsl().fetchCount(SANDBOX_GENERATION));
    }

    @Test
    void aFailedRunRecordsItsCauseAndLeavesNoGroundTruth() throws Exception {
        sandbox.generate(3, "0.005");
        assertTrue(Files.exists(groundTruthFile()));
        sandbox.platform.database.dsl().execute("drop table ledger_entry");

        Generation.Status failed = sandbox.generate(4, "0.005");

        assertEquals(Generation.State.FAILED, failed.state());
        assertTrue(failed.message().contains("ledger_entry"), failed.message());
        assertTrue(sandbox.generation.groundTruth().isEmpty());
        assertFalse(Files.exists(groundTruthFile()), "the old ground truth does not describe the new data");
        assertNull(sandbox.platform.database.dsl().selectFrom(SANDBOX_GENERATION).orderBy(SANDBOX_GENERATION.ID.desc()).limit(1)
                .fetchOne().getGroundTruth());
    }

    @Test
    void aCancelledRunIsNotComplete() throws Exception {
        sandbox.generation.start(5, new BigDecimal("0.5"), "zhang.wei", "192.0.2.7");
        assertTrue(sandbox.generation.cancel("zhang.wei", "192.0.2.7"));
        sandbox.generation.await(Duration.ofMinutes(2));

        Generation.Status cancelled = sandbox.generation.latest().orElseThrow();
        assertEquals(Generation.State.CANCELLED, cancelled.state());
        assertTrue(cancelled.percent() < 100);
        assertTrue(sandbox.generation.groundTruth().isEmpty());
        assertFalse(sandbox.generation.cancel("zhang.wei", "192.0.2.7"), "nothing runs any more");
        assertEquals(List.of("sandbox.generate", "sandbox.generate.cancel"),
                sandbox.platform.audited.stream().map(e -> e.action()).toList());
    }
}
