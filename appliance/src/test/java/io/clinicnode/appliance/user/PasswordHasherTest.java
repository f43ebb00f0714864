package io.clinicnode.appliance.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void matchesOnlyTheRightPassword() {
        String hash = hasher.hash("correct horse".toCharArray());

        assertThat(hasher.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.matches("correct horsE".toCharArray(), hash)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTimeAndRecordsItsIterations() {
        String first = hasher.hash("pw".toCharArray());
        String second = hasher.hash("pw".toCharArray());

        assertThat(first).isNotEqualTo(second).startsWith("pbkdf2-sha512$1000$");
    }

    @Test
    void hashesMadeWithOtherIterationCountsStillVerify() {
        String old = new PasswordHasher(2_000).hash("pw".toCharArray());

        assertThat(hasher.matches("pw".toCharArray(), old)).isTrue();
    }

    @Test
    void malformedStoredHashNeverMatches() {
        assertThat(hasher.matches("pw".toCharArray(), "plain-text")).isFalse();
        assertThat(hasher.matches("pw".toCharArray(), "pbkdf2-sha512$x$y$z")).isFalse();
    }
}
