/**
 * Cluster membership and trust for a clinic's nodes. {@link io.clinicnode.cluster.ClusterInit} creates a clinic's
 * credentials, {@link io.clinicnode.cluster.ClusterCredentials} loads and checks them, and
 * {@link io.clinicnode.cluster.ClusterChannel} joins the clinic's JGroups cluster over mutual TLS and publishes each
 * view as a {@link io.clinicnode.cluster.Membership}. A node started without cluster credentials runs standalone and
 * is its own leader ({@link io.clinicnode.cluster.Membership#standalone}).
 * {@link io.clinicnode.cluster.hazelcast.HazelcastMember} starts a Hazelcast member whose members are those of the
 * current view, admitting no one else.
 */
package io.clinicnode.cluster;
