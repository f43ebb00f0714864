package io.clinicnode.appliance.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LocalLoginThrottle(5, Duration.ofMinutes(5), clock);

    @Test
    void fiveFailuresForOneUserBlockThatUserFromAnyAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("ana", "10.0.0." + i);
        }

        assertThat(throttle.blockedFor("ana", "10.0.0.99")).isPresent();
        assertThat(throttle.blockedFor("bruno", "10.0.0.99")).isEmpty();
    }

    @Test
    void fiveFailuresFromOneAddressBlockEveryUserFromIt() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.7");
        }

        assertThat(throttle.blockedFor("someone-else", "10.0.0.7")).isPresent();
        assertThat(throttle.blockedFor("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void blockLiftsFiveMinutesAfterTheOldestFailure() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("ana", "10.0.0.1");
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(throttle.blockedFor("ana", "10.0.0.1")).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofSeconds(250)));

        clock.now = clock.now.plusSeconds(251);

        assertThat(throttle.blockedFor("ana", "10.0.0.1")).isEmpty();
    }

    @Test
    void successClearsTheUsersCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ana", "10.0.0." + i);
        }
        throttle.succeeded("ana");
        throttle.failed("ana", "10.0.0.50");

        assertThat(throttle.blockedFor("ana", "10.0.0.60")).isEmpty();
    }
}
