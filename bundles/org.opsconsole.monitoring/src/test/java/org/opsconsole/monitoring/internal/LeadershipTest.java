package org.opsconsole.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;

/** One node of a cluster monitors at a time; another takes over when its lease expires, and it notices. */
class LeadershipTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void oneNodeHoldsTheLeaseUntilItStopsRenewing(String kind) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
        try (TestDatabases.Target db = TestDatabases.create(kind, "monitoring")) {
            Leadership a = new Leadership(db.database(), clock, "node-a");
            Leadership b = new Leadership(db.database(), clock, "node-b");
            assertTrue(a.renew());
            assertFalse(b.renew(), "the lease is taken");
            assertTrue(a.leader());
            assertFalse(b.leader());
            clock.advance(Leadership.RENEW);
            assertTrue(a.renew(), "the holder renews");
            clock.advance(Leadership.TTL.minus(Duration.ofSeconds(1)));
            assertFalse(b.renew(), "not expired yet");
            assertFalse(a.leader(), "the holder stops counting on a lease about to run out");
            clock.advance(Duration.ofSeconds(2));
            assertTrue(b.renew(), "expired: another node takes it over");
            assertFalse(a.renew(), "and the first one knows");
            assertFalse(a.leader());
            assertTrue(b.leader());
        }
    }
}
