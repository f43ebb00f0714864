package io.clinicnode.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.clinicnode.bench.generate.SyntheticPatients;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.LocalCluster;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

/**
 * Issue 4's figures on a cluster of real node processes on this machine: replicated booking throughput and latency
 * with clients spread over every node; how long the nodes take to hold identical data after the burst; how long a
 * desk whose node is SIGKILLed takes to save again, with the same session, on another node (a follower, then the
 * leader); and the same when the leader goes silent (SIGSTOP: its sockets stay open, like a powered-off machine).
 */
public final class ClusterBench {
    private static final String ADMIN_PASSWORD = "cluster-bench-admin-1";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final Path workDir;
    private final int nodes;
    private final int clients;
    private final Duration bookingTime;
    private final PrintStream out;
    private final SyntheticPatients people = new SyntheticPatients(11);
    private int patientIndex;

    public ClusterBench(Path workDir, int nodes, int clients, Duration bookingTime, PrintStream out) {
        this.workDir = workDir;
        this.nodes = nodes;
        this.clients = clients;
        this.bookingTime = bookingTime;
        this.out = out;
    }

    public void run() throws IOException, InterruptedException {
        Bench.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Path config = Files.writeString(workDir.resolve("node.yaml"), "clinicnode:\n  password-iterations: 1000\n");
        try (LocalCluster cluster = new LocalCluster(workDir, nodes, ADMIN_PASSWORD, config, READY_TIMEOUT)) {
            List<NodeProcess> members = new ArrayList<>(cluster.startAll());
            out.printf("cluster: %d nodes on loopback, started in %s%n", nodes,
                    members.stream().map(node -> String.format("%.1f s", node.startupTime().toMillis() / 1000.0)).toList());
            List<NodeClient> desks = new ArrayList<>();
            for (NodeProcess node : members) {
                desks.add(NodeClient.to(node.baseUri()).login("admin", ADMIN_PASSWORD));
            }

            BookingBench.Result booking = new BookingBench(desks, clients, bookingTime).run();
            long burstEnded = System.nanoTime();
            out.printf("replicated booking: %d nodes, %d clients spread over them, %.1f s measured: %,d booked, %,.0f bookings/s"
                    + " (goal >= 2,000/s)%n", nodes, clients, booking.window().toMillis() / 1000.0, booking.booked(), booking.perSecond());
            out.println("replicated booking latency: " + booking.latencies().describe() + " (goal p99 < 50 ms)");
            out.println("replicated booking answers other than 201: " + (booking.others().isEmpty() ? "none" : booking.others()));
            awaitConverged(desks.getFirst(), nodes);
            out.printf("convergence after the burst: every node's checksum equal %d ms after the last answer (goal < 1 s)%n",
                    millisSince(burstEnded));

            NodeClient session = desks.get(nodes - 1);
            long killed = System.nanoTime();
            members.get(nodes - 1).kill();
            long saved = firstSave(session, members.subList(0, nodes - 1));
            out.printf("failover, desk's node (a follower) SIGKILLed: saved with the same session on another node after %d ms (goal < 3 s)%n",
                    (saved - killed) / 1_000_000);

            long restarting = System.nanoTime();
            members.set(nodes - 1, cluster.start(nodes - 1));
            out.printf("rejoin: the killed node restarted, caught up and ready in %d ms%n", millisSince(restarting));

            NodeClient onLeader = desks.getFirst();
            killed = System.nanoTime();
            members.getFirst().kill();
            saved = firstSave(onLeader, members.subList(1, nodes));
            out.printf("failover, desk's node (the leader) SIGKILLed: saved with the same session on another node after %d ms (goal < 3 s)%n",
                    (saved - killed) / 1_000_000);

            members.set(0, cluster.start(0));
            awaitConverged(NodeClient.to(members.get(1).baseUri()).login("admin", ADMIN_PASSWORD), nodes);
            NodeProcess leader = members.get(1);
            long frozen = System.nanoTime();
            signal(leader, "STOP");
            try {
                saved = firstSave(desks.get(1), List.of(members.get(2), members.get(0)));
                out.printf("failover, the leader silent (SIGSTOP): saved with the same session on another node after %d ms"
                        + " (failure detection suspects a silent member after 3 s)%n", (saved - frozen) / 1_000_000);
            } finally {
                signal(leader, "CONT");
            }
            long healing = System.nanoTime();
            awaitConverged(NodeClient.to(members.get(2).baseUri()).login("admin", ADMIN_PASSWORD), nodes);
            out.printf("convergence after the silent leader came back and merged: %d ms%n", millisSince(healing));
        }
    }

    /** Registers a patient with {@code session} at each of {@code survivors} in turn until one takes it; when it did. */
    private long firstSave(NodeClient session, List<NodeProcess> survivors) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        JsonObject patient = people.patient(1_000_000 + patientIndex++).toJson();
        while (System.nanoTime() < deadline) {
            for (NodeProcess node : survivors) {
                try {
                    if (session.at(node.baseUri()).post("/api/patients", patient).status() == 201) {
                        return System.nanoTime();
                    }
                } catch (IOException e) {
                    // not answering: the next node
                }
            }
            Thread.sleep(20);
        }
        throw new InstallerException("No surviving node took a write with the same session within " + GIVE_UP.toSeconds() + " s.");
    }

    private static void awaitConverged(NodeClient admin, int size) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                NodeClient.Response response = admin.get("/api/cluster");
                if (response.status() == 200) {
                    Set<String> checksums = response.json().getJsonArray("members").getValuesAs(JsonObject.class).stream()
                            .filter(member -> member.getBoolean("reachable"))
                            .map(member -> member.getString("checksum")).collect(Collectors.toSet());
                    long reachable = response.json().getJsonArray("members").getValuesAs(JsonObject.class).stream()
                            .filter(member -> member.getBoolean("reachable")).count();
                    if (reachable == size && checksums.size() == 1) {
                        return;
                    }
                }
            } catch (IOException e) {
                // ask again
            }
            Thread.sleep(10);
        }
        throw new InstallerException("The cluster did not converge within " + GIVE_UP.toSeconds() + " s.");
    }

    private static void signal(NodeProcess node, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
            kill.waitFor();
        } catch (IOException e) {
            throw new InstallerException("Cannot send SIG" + signal + " to the node: " + e.getMessage(), e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
