package io.clinicnode.appliance.replication;

import io.clinicnode.appliance.ApplianceException;

/**
 * The cluster could not take a change right now (the leader stopped or is still catching up). The HTTP layer answers
 * 503, and the desk's browser may try again on the same or another node. The message says whether the change may
 * have been recorded all the same, so nobody saves twice without looking.
 */
public final class ClusterUnavailable extends ApplianceException {
    public ClusterUnavailable(String message) {
        super(message);
    }

    public ClusterUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
