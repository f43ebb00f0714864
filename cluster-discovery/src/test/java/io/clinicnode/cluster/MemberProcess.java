package io.clinicnode.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;

/**
 * A cluster member in a JVM of its own, for tests that kill or freeze a whole process:
 * {@code MemberProcess CLUSTER_DIR NODE_ID PORT PEERS [shared-state]}. Prints {@code READY} once connected; with
 * {@code shared-state} it also starts its Hazelcast member and prints {@code SHARED n} with every member count.
 */
public final class MemberProcess {
    private MemberProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean sharedState = args.length > 4 && args[4].equals("shared-state");
        int port = Integer.parseInt(args[2]);
        ClusterCredentials credentials = ClusterCredentials.load(Path.of(args[0]));
        ClusterChannel.Builder builder = ClusterChannel.builder(args[1], credentials)
                .bindAddress(TestPorts.LOOPBACK).port(port).peers(args[3]);
        if (sharedState) {
            builder.attribute(HazelcastMember.ADDRESS_ATTRIBUTE,
                    HazelcastMember.advertisedAddress(TestPorts.LOOPBACK, HazelcastMember.portFor(port)));
        }
        ClusterChannel channel = builder.connect();
        channel.addListener(view -> System.out.println("VIEW " + view.members()));
        System.out.println("READY " + channel.nodeId());
        if (sharedState) {
            HazelcastInstance shared = HazelcastMember.builder(channel, credentials).bindAddress(TestPorts.LOOPBACK).start();
            shared.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    System.out.println("SHARED " + event.getMembers().size());
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    System.out.println("SHARED " + event.getMembers().size());
                }
            });
            System.out.println("SHARED " + shared.getCluster().getMembers().size());
        }
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
