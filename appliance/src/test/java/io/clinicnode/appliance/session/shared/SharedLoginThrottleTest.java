package io.clinicnode.appliance.session.shared;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.shared.SharedState;
import io.clinicnode.appliance.testing.TestPorts;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login limit of three clustered nodes (real JGroups channels and Hazelcast members in this JVM, as the node starts
 * them): parallel attempts spread over every node get five places per user (and per user on one address) and twenty per address in all, because each
 * attempt is counted on the key's owner before any password would be checked.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedLoginThrottleTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    private static final List<AutoCloseable> OPENED = new ArrayList<>();
    private static final List<LoginThrottle> NODES = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() throws Exception {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("cluster"));
        List<Integer> ports = List.of(TestPorts.freeClusterPort(), TestPorts.freeClusterPort(), TestPorts.freeClusterPort());
        String peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<SharedState> states = new ArrayList<>();
        List<ClusterChannel> channels = new ArrayList<>();
        for (int index = 0; index < ports.size(); index++) {
            int port = ports.get(index);
            ClusterChannel channel = ClusterChannel.builder("node-" + index, credentials).bindAddress(LOOPBACK).port(port)
                    .peers(peers)
                    .attribute(HazelcastMember.ADDRESS_ATTRIBUTE,
                            HazelcastMember.advertisedAddress(LOOPBACK, HazelcastMember.portFor(port)))
                    .connect();
            OPENED.add(channel);
            channels.add(channel);
            SharedState state = new SharedState(credentials);
            NODES.add(new SharedLoginThrottle(state, Clock.systemUTC()));
            states.add(state);
        }
        for (int index = 0; index < channels.size(); index++) {
            channels.get(index).awaitMemberCount(3, DEADLINE);
            states.get(index).start(channels.get(index), LOOPBACK);
            OPENED.add(states.get(index));
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (SharedState state : states) {
            while (state.readyInstance().getCluster().getMembers().size() < 3) {
                assertThat(System.nanoTime()).as("three shared-state members in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : OPENED.reversed()) {
            closeable.close();
        }
    }

    @Test
    void sixtyParallelAttemptsFromOneAddressOnThreeNodesGetTheAddressCeilingInAll() throws Exception {
        assertPlacesTaken(placesTaken(60, index -> "user" + index, index -> "192.168.0.10"), LoginThrottle.MAX_PER_ADDRESS);
    }

    @Test
    void sixtyParallelAttemptsForOneUserFromOneAddressOnThreeNodesGetFivePlacesInAll() throws Exception {
        assertPlacesTaken(placesTaken(60, index -> "bia", index -> "192.168.4.10"), 5);
    }

    @Test
    void sixtyParallelAttemptsForOneUserFromManyAddressesOnThreeNodesGetFivePlacesInAll() throws Exception {
        assertPlacesTaken(placesTaken(60, index -> "recepcao", index -> "192.168.1." + index), 5);
    }

    @Test
    void aSuccessOnOneNodeClearsTheUsersAttemptsOnEveryNode() {
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(NODES.get(attempt % 2).admit("ana", "192.168.2." + attempt).isAdmitted()).isTrue();
        }
        NODES.get(2).succeeded(NODES.get(2).admit("ana", "192.168.2.50"));

        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(NODES.get(attempt % 3).admit("ana", "192.168.3." + attempt).isAdmitted()).as("attempt %d", attempt).isTrue();
        }
        assertThat(NODES.get(0).admit("ana", "192.168.3.99").isAdmitted()).isFalse();
    }

    /**
     * Exactly the limit admitted; on a machine so loaded that the cluster's count did not answer in time, the attempts
     * it could not count are refused as "not counted" (never admitted), so fewer may pass, never more.
     */
    private static void assertPlacesTaken(Places places, int limit) {
        assertThat(places.admitted()).as("admitted").isLessThanOrEqualTo(limit);
        assertThat(places.admitted() + places.notCounted()).as("admitted or not counted in time").isGreaterThanOrEqualTo(limit);
    }

    private record Places(int admitted, int notCounted) {
    }

    /** Sends {@code count} attempts at once, spread round-robin over the three nodes; returns what they were answered. */
    private static Places placesTaken(int count, IntFunction<String> user,
                                   IntFunction<String> address) throws Exception {
        try (ExecutorService desks = Executors.newFixedThreadPool(count)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LoginThrottle.Admission>> answers = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                LoginThrottle node = NODES.get(index % NODES.size());
                String username = user.apply(index);
                String from = address.apply(index);
                answers.add(desks.submit(() -> {
                    start.await();
                    return node.admit(username, from);
                }));
            }
            long startedAt = System.nanoTime();
            start.countDown();
            int admitted = 0;
            int notCounted = 0;
            for (Future<LoginThrottle.Admission> answer : answers) {
                LoginThrottle.Admission admission = answer.get(30, TimeUnit.SECONDS);
                admitted += admission.isAdmitted() ? 1 : 0;
                notCounted += admission.notCounted() ? 1 : 0;
            }
            System.out.printf("%d parallel attempts on 3 nodes counted in %d ms, %d admitted, %d not counted in time%n",
                    count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), admitted, notCounted);
            return new Places(admitted, notCounted);
        }
    }
}
