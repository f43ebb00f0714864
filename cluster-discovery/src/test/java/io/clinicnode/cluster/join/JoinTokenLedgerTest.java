package io.clinicnode.cluster.join;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's token ledger on a real file: uses, expiry, unknown secrets, concurrent redeems, no secret on disk. */
class JoinTokenLedgerTest {
    private static final String FINGERPRINT = "c739d0e3490f6652cfaf8de4cb6937b4da38bd1c330559fde0f8553b44d642f3";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aTokenIsAcceptedForItsUsesThenUsedUp() {
        JoinTokenLedger ledger = new JoinTokenLedger(directory.resolve(JoinTokenLedger.FILE_NAME));
        JoinToken token = JoinToken.create(FINGERPRINT, "h:8443");
        ledger.add(token, Duration.ofHours(24), 2, NOW);
        assertThat(ledger.redeem(token.secret(), NOW.plusSeconds(1))).isEqualTo(JoinTokenLedger.Outcome.ACCEPTED);
        assertThat(ledger.redeem(token.secret(), NOW.plusSeconds(2))).isEqualTo(JoinTokenLedger.Outcome.ACCEPTED);
        assertThat(ledger.redeem(token.secret(), NOW.plusSeconds(3))).isEqualTo(JoinTokenLedger.Outcome.USED_UP);
    }

    @Test
    void anExpiredTokenIsRefusedAndAnUnknownOneIsUnknown() {
        JoinTokenLedger ledger = new JoinTokenLedger(directory.resolve(JoinTokenLedger.FILE_NAME));
        JoinToken token = JoinToken.create(FINGERPRINT, "h:8443");
        ledger.add(token, Duration.ofMinutes(30), 5, NOW);
        assertThat(ledger.redeem(token.secret(), NOW.plus(Duration.ofMinutes(30)))).isEqualTo(JoinTokenLedger.Outcome.EXPIRED);
        assertThat(ledger.redeem(JoinToken.create(FINGERPRINT, "h:8443").secret(), NOW)).isEqualTo(JoinTokenLedger.Outcome.UNKNOWN);
        assertThat(ledger.usable(NOW)).isEqualTo(1);
        assertThat(ledger.usable(NOW.plus(Duration.ofHours(1)))).isZero();
    }

    @Test
    void theFileHoldsNoSecretAndOnlyItsOwnerMayReadIt() throws Exception {
        Path file = directory.resolve(JoinTokenLedger.FILE_NAME);
        JoinToken token = JoinToken.create(FINGERPRINT, "h:8443");
        new JoinTokenLedger(file).add(token, Duration.ofHours(1), 1, NOW);
        assertThat(Files.readString(file)).doesNotContain(token.secret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // A second ledger on the same file (another process: the CLI beside the node) sees the token.
        assertThat(new JoinTokenLedger(file).redeem(token.secret(), NOW)).isEqualTo(JoinTokenLedger.Outcome.ACCEPTED);
    }

    @Test
    void concurrentRedeemsNeverExceedTheUses() throws Exception {
        Path file = directory.resolve(JoinTokenLedger.FILE_NAME);
        JoinToken token = JoinToken.create(FINGERPRINT, "h:8443");
        new JoinTokenLedger(file).add(token, Duration.ofHours(1), 3, NOW);
        List<Callable<JoinTokenLedger.Outcome>> redeems = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Separate ledger objects share only the file and its lock, as two processes would.
            JoinTokenLedger ledger = new JoinTokenLedger(file);
            redeems.add(() -> ledger.redeem(token.secret(), NOW));
        }
        List<JoinTokenLedger.Outcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<JoinTokenLedger.Outcome> outcome : pool.invokeAll(redeems)) {
                outcomes.add(outcome.get());
            }
        }
        assertThat(outcomes).filteredOn(outcome -> outcome == JoinTokenLedger.Outcome.ACCEPTED).hasSize(3);
        assertThat(outcomes).filteredOn(outcome -> outcome == JoinTokenLedger.Outcome.USED_UP).hasSize(9);
    }

    @Test
    void refusesNonsensicalUsesAndLifetimes() {
        JoinTokenLedger ledger = new JoinTokenLedger(directory.resolve(JoinTokenLedger.FILE_NAME));
        JoinToken token = JoinToken.create(FINGERPRINT, "h:8443");
        assertThatThrownBy(() -> ledger.add(token, Duration.ofHours(1), 0, NOW)).hasMessageContaining("at least 1 use");
        assertThatThrownBy(() -> ledger.add(token, Duration.ZERO, 1, NOW)).hasMessageContaining("positive lifetime");
    }
}
