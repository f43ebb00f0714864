package io.clinicnode.installer.upgrade;

import java.util.List;
import java.util.stream.Collectors;

import io.clinicnode.installer.InstallerException;

/**
 * Whether this box may move to a release now, in a rolling upgrade of its cluster (docs/ARCHITECTURE.md, "Upgrading a
 * cluster one node at a time"): every member reachable and caught up (so the previous box's upgrade is finished), no
 * downgrade, no format skipped (a release may write at most one event or message format newer than the oldest member
 * reads, which that member's next release reads), and the leader last (it writes the events: were it first, the
 * followers could not apply them). Stateless.
 */
public final class UpgradePlan {
    private UpgradePlan() {
    }

    /**
     * Checks the move of this box (the member marked {@code self}) to {@code target}; throws with the sentence a
     * technician reads when it must not happen now.
     */
    public static void check(Release target, List<ClusterMember> members) {
        ClusterMember self = members.stream().filter(ClusterMember::self).findFirst()
                .orElseThrow(() -> new InstallerException("The node did not list itself among the cluster's members; try again in a moment."));
        for (ClusterMember member : members) {
            if (!member.reachable()) {
                throw new InstallerException("Member " + member.nodeId() + " does not answer: bring it back (or remove it)"
                        + " before upgrading, so that the cluster never runs short of a node.");
            }
            if (member.lag() > 0) {
                throw new InstallerException("Member " + member.nodeId() + " is " + member.lag() + " events behind: wait until"
                        + " `clinicnode status` shows every member caught up, then run the upgrade again.");
            }
        }
        int compared = Release.compareVersions(target.version(), self.release().version());
        if (compared == 0) {
            throw new InstallerException("This node already runs " + target.version() + ".");
        }
        if (compared < 0) {
            throw new InstallerException(target.version() + " is older than the " + self.release().version() + " this node runs;"
                    + " ClinicNode does not downgrade (restore a backup taken before the upgrade instead).");
        }
        for (ClusterMember member : members) {
            Release running = member.release();
            if (target.eventFormat() > running.eventFormat() + 1 || target.messageFormat() > running.messageFormat() + 1) {
                throw new InstallerException(target.version() + " writes event format " + target.eventFormat()
                        + " and message format " + target.messageFormat() + ", but member " + member.nodeId() + " runs "
                        + running.version() + " (formats " + running.eventFormat() + " and " + running.messageFormat()
                        + "): upgrade every node to a release in between first; a rolling upgrade skips no format.");
            }
        }
        if (self.leader()) {
            List<ClusterMember> older = members.stream().filter(member -> !member.self())
                    .filter(member -> Release.compareVersions(member.release().version(), target.version()) < 0).toList();
            if (!older.isEmpty()) {
                throw new InstallerException("This node leads the cluster and upgrades last: upgrade "
                        + older.stream().map(member -> member.nodeId() + " (" + member.release().version() + ")")
                        .collect(Collectors.joining(", ")) + " first, one at a time, then this one.");
            }
        }
    }
}
