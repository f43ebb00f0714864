package io.clinicnode.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.core.HazelcastInstance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hazelcast members come from the JGroups view: a member in another JVM and one in this JVM form one Hazelcast cluster
 * through the view alone, and a Hazelcast member outside the view is refused even though it knows the cluster name
 * and claims a real member's node id.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedStateMemberTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path clusterDir;
    private final List<Process> children = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void createCluster() {
        clusterDir = ClusterInit.create(temp.resolve("cluster")).directory();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void membersOfTheViewShareStateAndAMemberOutsideTheViewIsRefused() throws Exception {
        int childPort = TestPorts.freeClusterPortWithSharedState();
        int ownPort = TestPorts.freeClusterPortWithSharedState();
        String peers = "127.0.0.1:" + childPort + ",127.0.0.1:" + ownPort;
        Path childOutput = temp.resolve("child.out");
        Process child = java(childOutput, MemberProcess.class.getName(), clusterDir.toString(), "node-child",
                Integer.toString(childPort), peers, "shared-state");
        awaitLine(child, childOutput, "SHARED 1");

        ClusterCredentials credentials = ClusterCredentials.load(clusterDir);
        ClusterChannel channel = ClusterChannel.builder("node-self", credentials)
                .bindAddress(TestPorts.LOOPBACK).port(ownPort).peers(peers)
                .attribute(HazelcastMember.ADDRESS_ATTRIBUTE,
                        HazelcastMember.advertisedAddress(TestPorts.LOOPBACK, HazelcastMember.portFor(ownPort)))
                .connect();
        opened.add(channel);
        channel.awaitMemberCount(2, DEADLINE);
        long startedAt = System.nanoTime();
        HazelcastInstance shared = HazelcastMember.builder(channel, credentials).bindAddress(TestPorts.LOOPBACK).start();
        opened.add(shared::shutdown);
        System.out.printf("Shared-state member joined a member of the view in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));

        assertThat(shared.getCluster().getMembers()).hasSize(2);
        awaitLine(child, childOutput, "SHARED 2");
        shared.getMap("probe").put("written-here", "seen-there");

        // Knows the cluster name and claims to be node-child, but joins from an address the view does not give node-child.
        Path rogueOutput = temp.resolve("rogue.out");
        Process rogue = java(rogueOutput, RogueSharedStateMember.class.getName(), HazelcastMember.clusterName(credentials),
                Integer.toString(HazelcastMember.portFor(ownPort)), Integer.toString(TestPorts.freePort()), "node-child");
        assertThat(rogue.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("rogue member finished").isTrue();
        // Refused by the view check (not by a configuration mismatch: the rogue copies everything Hazelcast compares).
        assertThat(Files.readString(rogueOutput)).contains("REFUSED", "Refused a shared-state member").doesNotContain("JOINED");
        assertThat(shared.getCluster().getMembers()).hasSize(2);
        assertThat(shared.getMap("probe").get("written-here")).isEqualTo("seen-there");
    }

    private Process java(Path output, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        children.add(process);
        return process;
    }

    private static void awaitLine(Process process, Path output, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.exists(output) || !Files.readString(output).contains(line)) {
            assertThat(process.isAlive()).as("process alive; its output: %s",
                    Files.exists(output) ? Files.readString(output) : "").isTrue();
            assertThat(System.nanoTime()).as("'%s' in time; output: %s", line,
                    Files.exists(output) ? Files.readString(output) : "").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
