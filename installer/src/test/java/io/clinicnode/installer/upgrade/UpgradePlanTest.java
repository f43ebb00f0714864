package io.clinicnode.installer.upgrade;

import java.util.List;

import io.clinicnode.installer.InstallerException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of one step of a rolling upgrade, on the cluster states a technician meets. */
class UpgradePlanTest {
    private static final Release OLD = new Release("0.1.0", 2, 2);
    private static final Release NEW = new Release("0.2.0", 3, 2);

    @Test
    void aCaughtUpFollowerMayMoveOneFormatAhead() {
        assertThatCode(() -> UpgradePlan.check(NEW, List.of(leader("n1", OLD), self("n2", OLD, false), follower("n3", OLD))))
                .doesNotThrowAnyException();
    }

    @Test
    void theLeaderGoesLastAndIsToldWhichFollowersAreLeft() {
        assertThatThrownBy(() -> UpgradePlan.check(NEW, List.of(self("n1", OLD, true), follower("n2", NEW), follower("n3", OLD))))
                .isInstanceOf(InstallerException.class)
                .hasMessage("This node leads the cluster and upgrades last: upgrade n3 (0.1.0) first, one at a time, then this one.");
        assertThatCode(() -> UpgradePlan.check(NEW, List.of(self("n1", OLD, true), follower("n2", NEW), follower("n3", NEW))))
                .doesNotThrowAnyException();
    }

    @Test
    void aReleaseThatSkipsAFormatIsRefusedNamingTheMemberThatCouldNotReadIt() {
        Release skipping = new Release("0.3.0", 4, 2);
        assertThatThrownBy(() -> UpgradePlan.check(skipping, List.of(leader("n1", NEW), self("n2", NEW, false), follower("n3", OLD))))
                .hasMessageContaining("member n3 runs 0.1.0 (formats 2 and 2)")
                .hasMessageContaining("a rolling upgrade skips no format");
        Release skippingMessages = new Release("0.3.0", 3, 4);
        assertThatThrownBy(() -> UpgradePlan.check(skippingMessages, List.of(leader("n1", NEW), self("n2", NEW, false))))
                .hasMessageContaining("message format 4");
    }

    @Test
    void noDowngradeAndNothingToDoForTheSameRelease() {
        assertThatThrownBy(() -> UpgradePlan.check(OLD, List.of(leader("n1", NEW), self("n2", NEW, false))))
                .hasMessage("0.1.0 is older than the 0.2.0 this node runs; ClinicNode does not downgrade (restore a backup"
                        + " taken before the upgrade instead).");
        assertThatThrownBy(() -> UpgradePlan.check(NEW, List.of(leader("n1", NEW), self("n2", NEW, false))))
                .hasMessage("This node already runs 0.2.0.");
    }

    @Test
    void aMemberBehindOrSilentStopsTheUpgradeUntilItIsBack() {
        ClusterMember behind = new ClusterMember("n3", false, false, true, 12, OLD);
        assertThatThrownBy(() -> UpgradePlan.check(NEW, List.of(leader("n1", OLD), self("n2", OLD, false), behind)))
                .hasMessageStartingWith("Member n3 is 12 events behind");
        ClusterMember silent = new ClusterMember("n3", false, false, false, 0, null);
        assertThatThrownBy(() -> UpgradePlan.check(NEW, List.of(leader("n1", OLD), self("n2", OLD, false), silent)))
                .hasMessageStartingWith("Member n3 does not answer");
    }

    @Test
    void versionsOrderLikeReleasesWithAPreReleaseBeforeItsRelease() {
        assertThat(Release.compareVersions("0.1.0-SNAPSHOT", "0.1.0")).isNegative();
        assertThat(Release.compareVersions("0.10.0", "0.9.3")).isPositive();
        assertThat(Release.compareVersions("1.0", "1.0.0")).isZero();
        assertThatThrownBy(() -> Release.compareVersions("latest", "0.1.0")).hasMessage("'latest' is not a ClinicNode version (like 0.2.0).");
    }

    private static ClusterMember self(String id, Release release, boolean leader) {
        return new ClusterMember(id, true, leader, true, 0, release);
    }

    private static ClusterMember leader(String id, Release release) {
        return new ClusterMember(id, false, true, true, 0, release);
    }

    private static ClusterMember follower(String id, Release release) {
        return new ClusterMember(id, false, false, true, 0, release);
    }
}
