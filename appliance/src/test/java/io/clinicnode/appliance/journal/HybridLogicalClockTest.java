package io.clinicnode.appliance.journal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HybridLogicalClockTest {
    @Test
    void timestampsStrictlyIncreaseEvenWhenTheWallClockStandsStill() {
        HybridLogicalClock clock = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));

        long first = clock.now();
        long second = clock.now();

        assertThat(second).isGreaterThan(first);
        assertThat(HybridLogicalClock.physicalMillis(second)).isEqualTo(5_000);
        assertThat(HybridLogicalClock.logical(second)).isEqualTo(1);
    }

    @Test
    void aTimestampSeenFromAheadPushesLaterLocalOnesPastIt() {
        HybridLogicalClock clock = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        long fromTheFuture = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(9_000), ZoneOffset.UTC)).now();

        clock.observe(fromTheFuture);

        assertThat(clock.now()).isGreaterThan(fromTheFuture);
    }

    @Test
    void followsTheWallClockWhenItMovesAhead() {
        HybridLogicalClock slow = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
        slow.now();
        HybridLogicalClock later = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC));

        assertThat(HybridLogicalClock.physicalMillis(later.now())).isEqualTo(2_000);
    }
}
