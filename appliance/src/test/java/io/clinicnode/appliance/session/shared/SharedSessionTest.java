package io.clinicnode.appliance.session.shared;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import io.clinicnode.appliance.shared.SealedValues;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedSessionTest {
    private static final String HASH = "a".repeat(64);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);

    private final SealedValues box = new SealedValues(randomKey());

    @Test
    void aRevokedSessionStaysRevokedWhateverSlidLaterAndInWhicheverOrderCopiesMeet() {
        SharedSession opened = SharedSession.live(box, HASH, "recepcao", NOW.plus(IDLE));
        SharedSession revoked = SharedSession.revoked(box, HASH, NOW.plusSeconds(60), IDLE);
        SharedSession slidAfterwards = SharedSession.live(box, HASH, "recepcao", NOW.plusSeconds(120).plus(IDLE));

        for (List<SharedSession> order : List.of(List.of(opened, revoked, slidAfterwards), List.of(slidAfterwards, opened, revoked),
                List.of(revoked, slidAfterwards, opened))) {
            SharedSession merged = null;
            for (SharedSession state : order) {
                merged = SharedSession.join(merged, state);
            }
            assertThat(merged).isSameAs(revoked);
        }
        assertThat(revoked.isLiveAt(NOW)).isFalse();
    }

    @Test
    void theLaterExpiryWinsAndTheJoinIsIdempotentAndCommutative() {
        SharedSession earlier = SharedSession.live(box, HASH, "recepcao", NOW.plus(IDLE));
        SharedSession later = SharedSession.live(box, HASH, "recepcao", NOW.plusSeconds(45).plus(IDLE));
        SharedSession sameTimeElsewhere = SharedSession.live(box, HASH, "recepcao", NOW.plusSeconds(45).plus(IDLE));

        assertThat(SharedSession.join(earlier, later)).isSameAs(later);
        assertThat(SharedSession.join(later, earlier)).isSameAs(later);
        assertThat(SharedSession.join(later, later)).isSameAs(later);
        assertThat(SharedSession.join(later, sameTimeElsewhere)).isEqualTo(SharedSession.join(sameTimeElsewhere, later));
    }

    @Test
    void theUsernameOpensOnlyUnderItsOwnTokenHashAndWithItsClearFieldsUnchanged() {
        SharedSession session = SharedSession.live(box, HASH, "recepcao", NOW.plus(IDLE));

        assertThat(session.username(box, HASH)).contains("recepcao");
        assertThat(session.username(box, "b".repeat(64))).isEmpty();
        assertThat(new SharedSession(session.expiresAt() + 3_600_000, session.keepUntil() + 3_600_000, false, session.sealed())
                .username(box, HASH)).isEmpty();
        SharedSession tombstone = SharedSession.revoked(box, HASH, NOW, IDLE);
        assertThat(new SharedSession(tombstone.expiresAt(), tombstone.keepUntil(), false, tombstone.sealed()).username(box, HASH)).isEmpty();
        assertThat(session.username(new SealedValues(randomKey()), HASH)).isEmpty();
    }

    @Test
    void aTombstoneOutlivesEveryCopyOfTheLiveSession() {
        SharedSession lastSlide = SharedSession.live(box, HASH, "recepcao", NOW.plus(IDLE));
        SharedSession revoked = SharedSession.revoked(box, HASH, NOW, IDLE);

        assertThat(revoked.keepUntil()).isGreaterThanOrEqualTo(lastSlide.expiresAt());
    }

    @Test
    void aKeyedHashNamesNobodyAndDependsOnTheClusterKey() {
        String hash = box.keyedHash("login user:recepcao");

        assertThat(hash).matches("[0-9a-f]{64}").doesNotContain("recepcao").isEqualTo(box.keyedHash("login user:recepcao"));
        assertThat(new SealedValues(randomKey()).keyedHash("login user:recepcao")).isNotEqualTo(hash);
    }

    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }
}
