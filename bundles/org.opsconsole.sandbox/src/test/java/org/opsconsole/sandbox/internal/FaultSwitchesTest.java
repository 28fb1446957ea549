package org.opsconsole.sandbox.internal;

import org.opsconsole.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.sandbox.internal.schema.Tables.SANDBOX_FAULT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.testing.TestDatabases;

/** The fault switches: kept in the console's database, audited, validated, seen by other nodes. On H2 and MariaDB. */
class FaultSwitchesTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T02:00:00Z"));
    private final List<AuditEvent> audited = new ArrayList<>();
    private final AuditLog audit = audited::add;

    @ParameterizedTest
    @MethodSource("kinds")
    void aSwitchIsKeptAcrossRestartsAndEveryChangeIsAudited(String kind) throws Exception {
        try (TestDatabases.Target console = TestDatabases.create(kind, "sandbox")) {
            FaultSwitches faults = new FaultSwitches(console.database(), audit, clock);
            assertFalse(faults.on(Fault.LATENCY));

            assertInstanceOf(FaultSwitches.Change.Done.class, faults.set(Fault.LATENCY, true, 750, "zhang.wei", "192.0.2.7"));
            assertInstanceOf(FaultSwitches.Change.Done.class, faults.set(Fault.OUTAGE, true, null, "zhang.wei", "192.0.2.7"));
            assertInstanceOf(FaultSwitches.Change.Done.class, faults.set(Fault.OUTAGE, false, null, "li.na", "192.0.2.8"));

            FaultSwitches restarted = new FaultSwitches(console.database(), audit, clock);
            FaultSwitches.Switch latency = restarted.get(Fault.LATENCY);
            assertTrue(latency.enabled());
            assertEquals(750, latency.setting());
            assertEquals("zhang.wei", latency.updatedBy());
            assertEquals(clock.instant(), latency.updatedAt());
            assertFalse(restarted.on(Fault.OUTAGE));
            assertEquals("li.na", restarted.get(Fault.OUTAGE).updatedBy());
            assertEquals(Fault.ERRORS.defaultSetting(), restarted.get(Fault.ERRORS).setting());
            assertEquals(List.of("latency", "outage", "outage"), audited.stream().map(AuditEvent::target).toList());
            assertTrue(audited.stream().allMatch(e -> e.action().equals("sandbox.fault.change")));
            assertEquals("开启 / on, 750 ms", audited.get(0).detail());
            assertEquals("关闭 / off", audited.get(2).detail());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badSettingsAreRefusedNamingTheFieldAndChangeNothing(String kind) throws Exception {
        try (TestDatabases.Target console = TestDatabases.create(kind, "sandbox")) {
            FaultSwitches faults = new FaultSwitches(console.database(), audit, clock);

            List<List<String>> refused = new ArrayList<>();
            for (FaultSwitches.Change change : List.of(faults.set(Fault.ERRORS, true, 101, "zhang.wei", "x"),
                    faults.set(Fault.LATENCY, true, 0, "zhang.wei", "x"), faults.set(Fault.OUTAGE, true, 5, "zhang.wei", "x"),
                    faults.set(Fault.DISK_FILL, null, null, "zhang.wei", "x"))) {
                refused.add(assertInstanceOf(FaultSwitches.Change.Invalid.class, change).errors().stream().map(FieldError::field).toList());
            }

            assertEquals(List.of(List.of("setting"), List.of("setting"), List.of("setting"), List.of("enabled")), refused);
            assertEquals(0, console.dsl().fetchCount(SANDBOX_FAULT));
            assertTrue(audited.isEmpty());
            assertFalse(faults.on(Fault.ERRORS));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aChangeTheAuditTrailCannotRecordIsNotMade(String kind) throws Exception {
        try (TestDatabases.Target console = TestDatabases.create(kind, "sandbox")) {
            FaultSwitches faults = new FaultSwitches(console.database(), event -> {
                throw new IllegalStateException("audit trail full");
            }, clock);

            assertThrows(IllegalStateException.class, () -> faults.set(Fault.OUTAGE, true, null, "zhang.wei", "x"));

            assertEquals(0, console.dsl().fetchCount(SANDBOX_FAULT));
            assertFalse(faults.on(Fault.OUTAGE));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anotherNodesChangeIsSeenOnceTheCopyIsOlderThanTwoSeconds(String kind) throws Exception {
        try (TestDatabases.Target console = TestDatabases.create(kind, "sandbox")) {
            FaultSwitches here = new FaultSwitches(console.database(), audit, clock);
            FaultSwitches there = new FaultSwitches(console.database(), audit, clock);
            assertFalse(here.on(Fault.ERRORS));

            there.set(Fault.ERRORS, true, 30, "li.na", "x");
            boolean before = here.on(Fault.ERRORS);
            clock.advance(Duration.ofSeconds(3));

            assertFalse(before, "read less than two seconds ago");
            assertTrue(here.on(Fault.ERRORS));
            assertEquals(30, here.get(Fault.ERRORS).setting());
        }
    }
}
