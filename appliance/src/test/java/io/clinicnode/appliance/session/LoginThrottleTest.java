package io.clinicnode.appliance.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    void fiveAttemptsForOneUserRefuseTheSixthFromAnyAddress() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit("ana", "10.0.0." + i).isAdmitted()).isTrue();
        }

        assertThat(throttle.admit("ana", "10.0.0.99").isAdmitted()).isFalse();
        assertThat(throttle.admit("bruno", "10.0.0.99").isAdmitted()).isTrue();
    }

    @Test
    void fiveWrongPasswordsOfOneUserDoNotLockHerColleaguesOutOfThatComputer() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit("ana", "10.0.0.7").isAdmitted()).isTrue();
        }

        assertThat(throttle.admit("ana", "10.0.0.7").isAdmitted()).isFalse();
        assertThat(throttle.admit("bruno", "10.0.0.7").isAdmitted()).isTrue();
        assertThat(throttle.admit("carla", "10.0.0.7").isAdmitted()).isTrue();
    }

    @Test
    void twentyAttemptsFromOneAddressAcrossUsersRefuseEveryUserFromIt() {
        for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS; i++) {
            assertThat(throttle.admit("user" + i, "10.0.0.7").isAdmitted()).as("attempt %d", i).isTrue();
        }

        assertThat(throttle.admit("someone-else", "10.0.0.7").isAdmitted()).isFalse();
        assertThat(throttle.admit("someone-else", "10.0.0.8").isAdmitted()).isTrue();
    }

    @Test
    void aRefusedAttemptCountsNothing() {
        for (int i = 0; i < 5; i++) {
            throttle.admit("ana", "10.0.0." + i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.admit("ana", "10.0.0.50").isAdmitted()).isFalse();
        }

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit("bruno" + i, "10.0.0.50").isAdmitted()).as("attempt %d from .50", i).isTrue();
        }
    }

    @Test
    void refusalLiftsFiveMinutesAfterTheOldestAttempt() {
        for (int i = 0; i < 5; i++) {
            throttle.admit("ana", "10.0.0.1");
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(throttle.admit("ana", "10.0.0.1").refusedFor()).isEqualTo(Duration.ofSeconds(250));

        clock.now = clock.now.plusSeconds(251);

        assertThat(throttle.admit("ana", "10.0.0.1").isAdmitted()).isTrue();
    }

    @Test
    void aSuccessClearsTheUsersEarlierAttemptsAndGivesItsOwnBackToTheAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.admit("ana", "10.0.0.1");
            clock.now = clock.now.plusSeconds(1);
        }
        throttle.succeeded(throttle.admit("ana", "10.0.0.1"));
        clock.now = clock.now.plusSeconds(1);

        for (int i = 0; i < 4; i++) {
            assertThat(throttle.admit("ana", "10.0.0." + (20 + i)).isAdmitted()).isTrue();
        }
        for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS - 4; i++) {
            assertThat(throttle.admit("desk" + i, "10.0.0.1").isAdmitted()).as("the address's place %d", 5 + i).isTrue();
        }
        assertThat(throttle.admit("carla", "10.0.0.1").isAdmitted()).isFalse();
    }

    @Test
    void successfulLoginsDoNotUseUpTheirComputersLimit() {
        for (int i = 0; i < 3 * LoginThrottle.MAX_PER_ADDRESS; i++) {
            LoginThrottle.Admission attempt = throttle.admit("desk" + i, "10.0.0.1");
            assertThat(attempt.isAdmitted()).as("login %d", i).isTrue();
            throttle.succeeded(attempt);
        }
    }

    @Test
    void aSuccessKeepsTheAttemptsCountedAfterIt() {
        LoginThrottle.Admission right = throttle.admit("ana", "10.0.0.1");
        clock.now = clock.now.plusMillis(1);
        for (int i = 0; i < 4; i++) {
            throttle.admit("ana", "10.0.0." + (10 + i));
        }

        throttle.succeeded(right);

        assertThat(throttle.admit("ana", "10.0.0.30").isAdmitted()).as("fifth place, the success's own").isTrue();
        assertThat(throttle.admit("ana", "10.0.0.31").isAdmitted()).isFalse();
    }

    @Test
    void parallelAttemptsGetNoMoreThanFivePlaces() throws Exception {
        LoginThrottle realTime = new LocalLoginThrottle(5, Duration.ofMinutes(5), Clock.systemUTC());
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<Boolean>> admitted = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 200; i++) {
                String address = "10.0.0." + i;
                admitted.add(threads.submit(() -> {
                    start.await();
                    return realTime.admit("ana", address).isAdmitted();
                }));
            }
            start.countDown();
            int places = 0;
            for (Future<Boolean> answer : admitted) {
                places += answer.get() ? 1 : 0;
            }

            assertThat(places).isEqualTo(5);
        }
    }
}
