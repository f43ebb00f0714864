package io.clinicnode.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LAN partition with real node processes, each in a network namespace of its own ({@link ClinicLan}): three nodes
 * converge; the third one's LAN cable is pulled; both sides keep taking changes (the two with their leader, the
 * third as a cluster of its own), including the same slot booked on both sides and one appointment moved on one side
 * and cancelled on the other; the cable goes back in; all three converge to one checksum, the double booking is
 * listed on every node, and both the move and the cancellation stand. Meanwhile the clinic LAN's bridge is captured
 * and must not contain a patient's name (the cluster's traffic is encrypted).
 *
 * <p>Needs root and iproute2 (CI runs as root); skipped with the reason otherwise.
 */
class PartitionTest {
    private static final String ADMIN_PASSWORD = TestNodes.ADMIN_PASSWORD;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET_NAME = "Zuleica Quintanilha Vasconcelos";

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private ClinicLan lan;
    private Process capture;

    @AfterEach
    void cleanUp() {
        nodes.parallelStream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
        if (capture != null) {
            capture.destroyForcibly();
        }
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void bothSidesKeepWorkingAndConvergeAfterTheHealWithTheDoubleBookingListedEverywhere() throws Exception {
        String unavailable = ClinicLan.unavailableBecause();
        Assumptions.assumeTrue(unavailable == null, () -> "Partition test skipped: " + unavailable);
        lan = ClinicLan.create(3);
        Path clusterDir = work.resolve("clinic-cluster");
        ClusterInit.create(clusterDir);
        Path config = TestNodes.fastLoginConfig(work);
        String peers = List.of(0, 1, 2).stream().map(node -> lan.lanAddress(node) + ":7800").collect(Collectors.joining(","));
        for (int node = 0; node < 3; node++) {
            nodes.add(NodeProcess.builder(work.resolve("node-" + node))
                    .adminPassword(ADMIN_PASSWORD)
                    .configFile(config)
                    .commandPrefix(lan.inside(node))
                    .host(lan.deskAddress(node))
                    .arguments(List.of("--cluster-dir", clusterDir.toString(), "--cluster-port", "7800",
                            "--cluster-bind", lan.lanAddress(node), "--peers", peers))
                    .readyTimeout(DEADLINE)
                    .start());
        }
        NodeClient first = admin(0);
        NodeClient third = admin(2);
        awaitCluster(first, report -> TestCluster.converged(report, 3), "three nodes converge");

        String practitioner = TestNodes.created(first.post("/api/practitioners", TestNodes.practitioner("Dra. Partição")));
        String patient = TestNodes.created(first.post("/api/patients", TestNodes.patient("antes", 7001)));
        LocalDate monday = LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);
        String movedAndCancelled = TestNodes.created(first.post("/api/appointments", TestNodes.booking(patient, practitioner, monday, LocalTime.of(9, 0), 30)));
        awaitCluster(first, report -> TestCluster.converged(report, 3), "the data before the partition converges");
        Path pcap = work.resolve("lan.pcap");
        capture = startCapture(lan.lanBridge(), pcap);

        lan.cut(2);
        awaitCluster(first, report -> members(report) == 2, "the two connected nodes see the third leave");
        awaitCluster(third, report -> members(report) == 1, "the cut-off node finds itself alone");

        NodeClient second = admin(1);
        String onA = TestNodes.created(second.post("/api/patients", patientNamed(SECRET_NAME, "1980-05-06")));
        String onB = TestNodes.created(third.post("/api/patients", patientNamed("Otávio Lado Bê", "1975-02-03")));
        String slotOnA = TestNodes.created(second.post("/api/appointments", TestNodes.booking(onA, practitioner, monday, LocalTime.of(14, 0), 30)));
        String slotOnB = TestNodes.created(third.post("/api/appointments", TestNodes.booking(onB, practitioner, monday, LocalTime.of(14, 0), 30)));
        assertThat(second.patch("/api/appointments/" + movedAndCancelled, Json.createObjectBuilder()
                .add("start", monday.atTime(11, 0).toString()).build()).status()).isEqualTo(200);
        assertThat(third.patch("/api/appointments/" + movedAndCancelled, Json.createObjectBuilder()
                .add("status", "CANCELLED").build()).status()).isEqualTo(200);

        long healedAt = System.nanoTime();
        lan.heal(2);
        awaitCluster(first, report -> TestCluster.converged(report, 3), "all three converge after the heal");
        Duration convergence = Duration.ofNanos(System.nanoTime() - healedAt);
        System.out.printf("PARTITION: all 3 nodes had one checksum %d ms after the LAN was healed%n", convergence.toMillis());

        for (int node = 0; node < 3; node++) {
            NodeClient desk = admin(node);
            List<JsonObject> conflicts = desk.get("/api/cluster/conflicts").json().getJsonArray("items").getValuesAs(JsonObject.class);
            assertThat(conflicts).as("conflicts on node %d", node)
                    .filteredOn(conflict -> conflict.getString("kind").equals("DOUBLE_BOOKING"))
                    .singleElement()
                    .satisfies(conflict -> assertThat(conflict.getJsonArray("records").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString).toList()).containsExactlyInAnyOrder(slotOnA, slotOnB));
            JsonObject appointment = desk.get("/api/appointments/" + movedAndCancelled).json();
            assertThat(appointment.getString("start")).as("moved on one side").isEqualTo(monday.atTime(11, 0).toString());
            assertThat(appointment.getString("status")).as("cancelled on the other").isEqualTo("CANCELLED");
            assertThat(desk.get("/api/appointments/" + slotOnA).json().getBoolean("doubleBooked")).isTrue();
        }

        byte[] captured = stopCapture(pcap);
        assertThat(captured.length).as("the capture saw the cluster's traffic").isGreaterThan(10_000);
        assertThat(new String(captured, StandardCharsets.ISO_8859_1))
                .as("patient names never cross the clinic LAN in clear")
                .doesNotContain(SECRET_NAME)
                .doesNotContain(new String(SECRET_NAME.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1).substring(0, 12));
    }

    private NodeClient admin(int node) throws IOException {
        return NodeClient.to(nodes.get(node).baseUri()).login("admin", ADMIN_PASSWORD);
    }

    private static void awaitCluster(NodeClient admin, java.util.function.Predicate<JsonObject> reached, String what) {
        TestCluster.awaitCluster(admin, reached, what, DEADLINE);
    }

    private static int members(JsonObject report) {
        return report.getJsonArray("members").size();
    }

    /** tcpdump on the LAN bridge, or null when tcpdump is not installed (the capture check is then skipped). */
    private static Process startCapture(String device, Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("tcpdump", "-i", device, "-s", "0", "-U", "-w", file.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        // tcpdump says "listening on …" once it captures.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive() && !Files.exists(file)) {
            Thread.sleep(20);
        }
        return process;
    }

    private byte[] stopCapture(Path file) throws IOException, InterruptedException {
        Assumptions.assumeTrue(capture != null, "tcpdump is not installed: the capture check is skipped");
        capture.destroy();
        capture.waitFor(10, TimeUnit.SECONDS);
        return Files.readAllBytes(file);
    }

    private static JsonObject patientNamed(String name, String birthDate) {
        return Json.createObjectBuilder().add("fullName", name).add("birthDate", birthDate).build();
    }



}
