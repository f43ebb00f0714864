package io.clinicnode.cluster;

/**
 * Told of every new view of the clinic's cluster, in order, on one dispatch thread per channel (so a slow
 * listener delays only the later views, never JGroups itself).
 */
@FunctionalInterface
public interface MembershipListener {
    void onViewChange(Membership membership);
}
