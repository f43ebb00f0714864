package io.clinicnode.sync.dashboard;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SyncStateTest {
    private static final Duration SILENT = Duration.ofMinutes(5);
    private static final Duration BEHIND = Duration.ofSeconds(60);

    @Test
    void anErrorThatIsNoLongerOpenIsHistoryAndLeavesTheClinicInSync() {
        assertThat(SyncState.of(Duration.ofSeconds(1), 0, 0, false, SILENT, BEHIND)).isEqualTo(SyncState.IN_SYNC);
    }

    @Test
    void silenceOutranksErrorsWhichOutrankBacklog() {
        assertThat(SyncState.of(null, 0, 0, false, SILENT, BEHIND)).isEqualTo(SyncState.SILENT);
        assertThat(SyncState.of(Duration.ofSeconds(301), 500, 3, true, SILENT, BEHIND)).isEqualTo(SyncState.SILENT);
        assertThat(SyncState.of(Duration.ofSeconds(300), 500, 3, false, SILENT, BEHIND)).isEqualTo(SyncState.ERRORS);
        assertThat(SyncState.of(Duration.ofSeconds(1), 500, 0, true, SILENT, BEHIND)).isEqualTo(SyncState.ERRORS);
        assertThat(SyncState.of(Duration.ofSeconds(1), 60.5, 0, false, SILENT, BEHIND)).isEqualTo(SyncState.BEHIND);
        assertThat(SyncState.of(Duration.ofSeconds(1), 60, 0, false, SILENT, BEHIND)).isEqualTo(SyncState.IN_SYNC);
    }

    @Test
    void listIsSortedWorstFirstThenMostBehindThenLongestSilent() {
        List<ClinicSummary> clinics = List.of(
                summary("ok", SyncState.IN_SYNC, 0, 2.0),
                summary("far-behind", SyncState.BEHIND, 900, 1.0),
                summary("behind", SyncState.BEHIND, 90, 1.0),
                summary("quiet", SyncState.SILENT, 0, 400.0),
                summary("never", SyncState.SILENT, 0, null),
                summary("broken", SyncState.ERRORS, 0, 1.0));

        assertThat(ClinicQueries.sorted(clinics).stream().map(ClinicSummary::id).toList())
                .containsExactly("never", "quiet", "broken", "far-behind", "behind", "ok");
    }

    private static ClinicSummary summary(String id, SyncState state, double secondsBehind, Double sinceContact) {
        return new ClinicSummary(id, id, state, secondsBehind, 0, null, sinceContact, 1, List.of(), null, 0, 0, 0, null, false);
    }
}
