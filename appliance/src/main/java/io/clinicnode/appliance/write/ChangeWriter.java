package io.clinicnode.appliance.write;

import io.clinicnode.appliance.journal.Event;

/**
 * Where the HTTP services send the changes users ask for. A node alone writes them itself ({@link WritePath});
 * a node in a cluster hands them to the cluster's leader, which puts every change of the clinic in one order
 * (see {@code io.clinicnode.appliance.replication.ReplicatedWrites}).
 */
@FunctionalInterface
public interface ChangeWriter {
    /**
     * Makes {@code change} durable and applied on this node, then returns its event. Blocks until then.
     *
     * @throws RejectedChange when the clinic's data refuses it (nothing was written)
     */
    Event write(Change change);
}
