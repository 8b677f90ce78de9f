package dev.lakestation.jobs.coordinator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves when told: drives {@link Coordinator#advanceTo} in tests and backfill simulations.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));
 * clock.set(Instant.parse("2024-03-01T10:00:00Z"));
 * }</pre>
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock; never backwards. */
    public void set(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("manual clock: cannot go back from " + now + " to " + t);
        }
        now = t;
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(java.time.Duration d) {
        set(now.plus(d));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("manual clock: zones are applied by CronSchedule");
    }
}
