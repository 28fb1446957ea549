package org.opsconsole.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock for tests that moves on by a fixed step each time it is read; thread-safe. */
final class StepClock extends Clock {

    private final AtomicLong nextMillis;
    private final long stepMillis;

    StepClock(Instant start, Duration step) {
        this.nextMillis = new AtomicLong(start.toEpochMilli());
        this.stepMillis = step.toMillis();
    }

    /** The time the next reading gives. */
    void set(Instant next) {
        nextMillis.set(next.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nextMillis.getAndAdd(stepMillis));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
