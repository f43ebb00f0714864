/**
 * Replication between the nodes of one clinic (guarantees G3 and G4): the cluster's leader puts every change in one
 * order, every node journals and applies every event, and a node that joins, rejoins or heals from a partition
 * catches up with what it lacks, origin by origin. See docs/ARCHITECTURE.md, "Replication".
 */
package io.clinicnode.appliance.replication;
