package io.clinicnode.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster member in a JVM of its own, for tests that kill or freeze a whole process:
 * {@code MemberProcess CLUSTER_DIR NODE_ID PORT PEERS}. Prints {@code READY} once connected.
 */
public final class MemberProcess {
    private MemberProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterChannel channel = ClusterChannel.builder(args[1], ClusterCredentials.load(Path.of(args[0])))
                .bindAddress(TestPorts.LOOPBACK).port(Integer.parseInt(args[2])).peers(args[3]).connect();
        channel.addListener(view -> System.out.println("VIEW " + view.members()));
        System.out.println("READY " + channel.nodeId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
