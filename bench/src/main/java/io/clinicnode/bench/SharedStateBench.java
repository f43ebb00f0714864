package io.clinicnode.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.LocalCluster;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * {@code clinicnode bench-shared}: what the clinic's shared state costs, in node processes on this machine: start to
 * ready of a node alone and of three clustered nodes (Hazelcast's start and catch-up from each node's log), the cost
 * of a session check alone and clustered, how soon a session opened on a node works on another after its SIGKILL, and
 * the near cache's effect on the day's agenda. Prints plain lines.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class SharedStateBench {
    private static final int PRACTITIONERS = 20;
    private static final int SLOTS = 20;
    private static final int WARM_UP = 300;

    private final Path workDir;
    private final int checks;
    private final PrintStream out;
    private final List<NodeProcess> running = new ArrayList<>();

    public SharedStateBench(Path workDir, int checks, PrintStream out) {
        if (checks < 1) {
            throw new InstallerException("--checks must be positive, was " + checks + ".");
        }
        this.workDir = workDir;
        this.checks = checks;
        this.out = out;
    }

    /** @return whether every part ran */
    public boolean run() throws InterruptedException {
        out.println("ClinicNode bench-shared: " + Bench.machine());
        out.println(Bench.loadAverage() + " at the start");
        try {
            Bench.deleteRecursively(workDir);
            alone();
            clustered();
            return true;
        } catch (InstallerException | IOException e) {
            out.println("FAILED: " + e.getMessage());
            return false;
        } finally {
            running.forEach(node -> {
                if (node.isAlive()) {
                    node.kill();
                }
            });
            out.println(Bench.loadAverage() + " at the end (other processes share these CPUs: compare with the start)");
        }
    }

    private void alone() throws IOException {
        NodeProcess node = start(NodeProcess.builder(workDir.resolve("alone")));
        out.printf("node alone: spawn to healthy %.2f s (no Hazelcast)%n", Bench.seconds(node.startupTime()));
        NodeClient admin = NodeClient.to(node.baseUri()).login("admin", Bench.ADMIN_PASSWORD);
        out.println("node alone: session check (GET /api/session, H2): " + sessionChecks(admin).describe());

        String practitioner = agendaOfTheDay(admin);
        Latencies cached = new Latencies();
        Latencies afterChange = new Latencies();
        String agenda = "/api/appointments?date=" + LocalDate.now();
        for (int round = 0; round < WARM_UP + checks; round++) {
            long started = System.nanoTime();
            expect(admin.get(agenda), 200);
            if (round >= WARM_UP) {
                cached.record(System.nanoTime() - started);
            }
        }
        JsonObject renamed = practitioner("Doutora Renomeada");
        for (int round = 0; round < WARM_UP / 3 + checks / 4; round++) {
            expect(admin.put("/api/practitioners/" + practitioner, renamed), 200);
            long started = System.nanoTime();
            expect(admin.get(agenda), 200);
            if (round >= WARM_UP / 3) {
                afterChange.record(System.nanoTime() - started);
            }
        }
        out.printf("day agenda, %d appointments: repeated read (near cache) %s%n", PRACTITIONERS * SLOTS, cached.describe());
        out.printf("day agenda, %d appointments: first read after a change (H2 + serialising) %s%n", PRACTITIONERS * SLOTS,
                afterChange.describe());
        node.stop(Bench.NODE_STOP_TIMEOUT);
    }

    private void clustered() throws IOException, InterruptedException {
        Path credentials = workDir.resolve("cluster");
        ClusterInit.create(credentials);
        List<Integer> ports = List.of(freeClusterPort(), freeClusterPort(), freeClusterPort());
        String peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int index = 0; index < ports.size(); index++) {
            NodeProcess node = start(NodeProcess.builder(workDir.resolve("node-" + (index + 1)))
                    .arguments(List.of("--cluster-dir", credentials.toString(), "--cluster-port", Integer.toString(ports.get(index)),
                            "--peers", peers)));
            nodes.add(node);
            out.printf("clustered node %d: spawn to healthy (shared state joined) %.2f s; %s%n", index + 1,
                    Bench.seconds(node.startupTime()), sharedStateLine(node));
        }
        NodeClient admin = NodeClient.to(nodes.getFirst().baseUri()).login("admin", Bench.ADMIN_PASSWORD);
        for (int index = 0; index < nodes.size(); index++) {
            out.printf("clustered node %d: session check of a session opened on node 1 (Hazelcast get, AES-GCM): %s%n",
                    index + 1, sessionChecks(admin.at(nodes.get(index).baseUri())).describe());
        }
        nodes.getFirst().kill();
        long killed = System.nanoTime();
        NodeClient.Response answer = admin.at(nodes.get(1).baseUri()).get("/api/session");
        out.printf("after SIGKILL of node 1: first session check on node 2 answered %d in %.1f ms%n", answer.status(),
                (System.nanoTime() - killed) / 1e6);
        for (NodeProcess node : nodes.subList(1, nodes.size())) {
            node.stop(Bench.NODE_STOP_TIMEOUT);
        }
    }

    private Latencies sessionChecks(NodeClient client) throws IOException {
        Latencies latencies = new Latencies();
        for (int round = 0; round < WARM_UP + checks; round++) {
            long started = System.nanoTime();
            expect(client.get("/api/session"), 200);
            if (round >= WARM_UP) {
                latencies.record(System.nanoTime() - started);
            }
        }
        return latencies;
    }

    /** Today's agenda of {@value #PRACTITIONERS} practitioners with {@value #SLOTS} appointments each; returns one practitioner. */
    private static String agendaOfTheDay(NodeClient admin) throws IOException {
        List<String> practitioners = new ArrayList<>();
        for (int index = 0; index < PRACTITIONERS; index++) {
            practitioners.add(expect(admin.post("/api/practitioners", practitioner("Doutor Bench " + (char) ('A' + index))), 201)
                    .json().getString("id"));
        }
        LocalDate today = LocalDate.now();
        for (int slot = 0; slot < SLOTS; slot++) {
            for (String practitioner : practitioners) {
                String patient = expect(admin.post("/api/patients", Json.createObjectBuilder()
                        .add("fullName", "Paciente Bench " + slot + " " + practitioner.substring(0, 8))
                        .add("birthDate", "1980-05-05").build()), 201).json().getString("id");
                expect(admin.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                        .add("practitionerId", practitioner).add("start", today.atTime(7, 0).plusMinutes(30L * slot).toString())
                        .add("durationMinutes", 30).build()), 201);
            }
        }
        return practitioners.getFirst();
    }

    private static JsonObject practitioner(String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day.name()).add("start", "00:00").add("end", "23:59"));
        }
        return Json.createObjectBuilder().add("fullName", name).add("workingHours", hours).build();
    }

    private static String sharedStateLine(NodeProcess node) {
        return node.outputTail().stream().filter(line -> line.contains("Shared state ready in"))
                .map(line -> line.substring(line.indexOf("Shared state ready in"))).findFirst().orElse("(no shared-state line)");
    }

    private NodeProcess start(NodeProcess.Builder builder) {
        NodeProcess node = builder.adminPassword(Bench.ADMIN_PASSWORD).readyTimeout(Bench.NODE_READY_TIMEOUT).start();
        running.add(node);
        return node;
    }

    private static NodeClient.Response expect(NodeClient.Response response, int status) {
        if (response.status() != status) {
            throw new InstallerException("expected " + status + ", got " + response);
        }
        return response;
    }

    private static int freeClusterPort() {
        return LocalCluster.freeClusterPort();
    }
}
