/**
 * Cluster membership for a clinic's nodes. A node started without cluster credentials runs standalone and
 * is its own leader ({@link io.clinicnode.cluster.Membership#standalone}); the JGroups channel that forms a
 * clinic cluster arrives with the cluster step and feeds the same {@link io.clinicnode.cluster.Membership} view.
 */
package io.clinicnode.cluster;
