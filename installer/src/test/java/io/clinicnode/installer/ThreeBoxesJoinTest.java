package io.clinicnode.installer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.clinicnode.installer.box.NodeHttp;
import io.clinicnode.installer.process.LocalCluster;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three fresh "boxes" on loopback, each its own {@code --root}: {@code init --foreground} on the first (a child JVM),
 * {@code token create}, {@code join --foreground} on the other two; the front desk works across all three (login on
 * one, register a patient on another, read it on the third); a used-up, a tampered and an expired token are refused
 * with one sentence and exit code 1, leaving the box untouched; {@code status --json} lists three members.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ThreeBoxesJoinTest {
    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final Map<String, String> ENVIRONMENT = Map.of("CLINICNODE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    private static final Duration DEADLINE = Duration.ofSeconds(150);

    @TempDir
    Path temp;

    private final List<Box> running = new ArrayList<>();

    @AfterEach
    void stopBoxes() {
        running.reversed().forEach(Box::stop);
    }

    @Test
    void initTokenJoinGiveAThreeNodeClinicWhoseDeskWorksOnEveryNodeAndBadTokensAreRefused() throws Exception {
        long initStarted = System.nanoTime();
        Box first = start("b1", List.of("init", "--clinic-id", "clinic-sp", "--name", "Clínica SP"));
        String initToken = first.awaitLine(line -> line.startsWith("CN1::"));
        long initReady = System.nanoTime() - initStarted;
        String fingerprint = initToken.split("::")[1];

        String token = tokenCreate("--uses", "2");
        String expired = tokenCreate("--ttl", "1s");
        badJoinRequestsAreRefusedByFieldWithoutTakingAUse(first, fingerprint, token);
        long joinStarted = System.nanoTime();
        Box second = start("b2", List.of("join", token));
        second.awaitLine(line -> line.startsWith("Joined clinic clinic-sp"));
        long joinCaughtUp = System.nanoTime() - joinStarted;
        Box third = start("b3", List.of("join", token));
        third.awaitLine(line -> line.startsWith("Joined clinic clinic-sp"));
        assertThat(third.lines).anyMatch(line -> line.contains("3 members, caught up"));

        assertRefused(token, "has been used as often as it allows");
        assertRefused(token.replace("::" + fingerprint, "::" + tampered(fingerprint)), "is not of the clinic this token is for");
        assertRefused(expired, "has expired");
        assertRefused(initToken.replace("CN1::", "CN9::"), "not a ClinicNode join token");

        // The desk: log in on the first box, register on the second, read on the third (HTTPS, the clinic CA pinned).
        String session;
        try (NodeHttp http = new NodeHttp(first.httpsUri(), fingerprint)) {
            NodeHttp.Answer login = http.post("api/session", Json.createObjectBuilder().add("username", "admin")
                    .add("password", ADMIN_PASSWORD).build());
            assertThat(login.status()).isEqualTo(200);
            session = login.body().getString("token");
        }
        String patientId;
        try (NodeHttp http = new NodeHttp(second.httpsUri(), fingerprint)) {
            NodeHttp.Answer created = http.post("api/patients", Json.createObjectBuilder().add("fullName", "Maria Aparecida Souza")
                    .add("birthDate", "1980-05-01").build(), Optional.of(session));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            patientId = created.body().getString("id");
        }
        try (NodeHttp http = new NodeHttp(third.httpsUri(), fingerprint)) {
            NodeHttp.Answer read = awaitOk(http, "api/patients/" + patientId, session);
            assertThat(read.body().getString("fullName")).isEqualTo("Maria Aparecida Souza");
        }

        List<String> statusLines = new CopyOnWriteArrayList<>();
        int statusCode = NodeProcess.runCli(List.of("status", "--json", "--root", third.root.toString()), ENVIRONMENT,
                Duration.ofSeconds(60), statusLines::add);
        assertThat(statusCode).as(String.join("\n", statusLines)).isZero();
        JsonObject status = json(statusLines.stream().filter(line -> line.startsWith("{")).findFirst().orElseThrow());
        assertThat(status.getJsonArray("members")).hasSize(3);
        assertThat(status.getJsonObject("node").getString("health")).isEqualTo("UP");
        assertThat(status.get("lastBackup")).isEqualTo(jakarta.json.JsonValue.NULL);
        System.out.printf("ThreeBoxesJoinTest: init → ready and token %.1f s, join → caught up %.1f s%n", initReady / 1e9,
                joinCaughtUp / 1e9);

        // The first box restarts as the service would (`clinicnode run`): its settings list only itself, so it finds the
        // others through the peers it learned from their joins, and serves the patient registered while it ran.
        first.stop();
        running.remove(first);
        Box restarted = run(first);
        restarted.awaitLine(line -> line.contains(") ready at https://"));
        try (NodeHttp http = new NodeHttp(restarted.httpsUri(), fingerprint)) {
            assertThat(awaitOk(http, "api/patients/" + patientId, session).body().getString("fullName"))
                    .isEqualTo("Maria Aparecida Souza");
            NodeHttp.Answer cluster = awaitOk(http, "api/cluster", session);
            assertThat(cluster.body().getJsonArray("members")).hasSize(3);
        }
    }

    /** 400 problem+json naming each bad field; the token's uses are untouched (both joins below still work). */
    private static void badJoinRequestsAreRefusedByFieldWithoutTakingAUse(Box seed, String fingerprint, String token) throws Exception {
        try (NodeHttp http = new NodeHttp(seed.httpsUri(), fingerprint)) {
            NodeHttp.Answer bad = http.post("api/cluster/join", Json.createObjectBuilder()
                    .add("secret", token.split("::")[2])
                    .add("clusterAddress", "127.0.0.1:7800")
                    .add("memberCsr", "-----BEGIN CERTIFICATE REQUEST-----\nnonsense\n-----END CERTIFICATE REQUEST-----\n")
                    .add("serverNames", Json.createArrayBuilder().add("not a name!"))
                    .build());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().getJsonArray("errors").getValuesAs(JsonObject.class))
                    .extracting(error -> error.getString("field") + " " + error.getString("code"))
                    .containsExactlyInAnyOrder("memberCsr csr.invalid", "serverCsr required", "serverNames name.invalid");
            NodeHttp.Answer unknown = http.post("api/cluster/join", Json.createObjectBuilder().build());
            assertThat(unknown.status()).isEqualTo(400);
        }
    }

    private String tokenCreate(String... options) {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> args = new ArrayList<>(List.of("token", "create", "--json", "--root", temp.resolve("b1").toString()));
        args.addAll(List.of(options));
        int code = NodeProcess.runCli(args, ENVIRONMENT, Duration.ofSeconds(60), lines::add);
        assertThat(code).as(String.join("\n", lines)).isZero();
        return json(lines.stream().filter(line -> line.startsWith("{")).findFirst().orElseThrow()).getString("token");
    }

    /** A join with {@code token} on a fresh box fails with exit code 1 and one ERROR sentence, and writes nothing. */
    private void assertRefused(String token, String sentence) throws IOException {
        Path root = temp.resolve("refused");
        List<String> lines = new CopyOnWriteArrayList<>();
        int code = NodeProcess.runCli(List.of("join", token, "--root", root.toString(), "--bind", "127.0.0.1",
                "--http-port", Integer.toString(freePort()), "--https-port", Integer.toString(freePort()),
                "--cluster-port", Integer.toString(LocalCluster.freeClusterPort())), ENVIRONMENT, Duration.ofSeconds(60), lines::add);
        assertThat(code).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).filteredOn(line -> line.startsWith("ERROR: ")).singleElement().asString().contains(sentence);
        assertThat(lines).noneMatch(line -> line.contains("Exception"));
        assertThat(root.resolve("etc")).doesNotExist();
        assertThat(root.resolve("var")).doesNotExist();
    }

    private static NodeHttp.Answer awaitOk(NodeHttp http, String path, String session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        NodeHttp.Answer answer;
        do {
            answer = http.get(path, Optional.of(session));
            if (answer.status() == 200) {
                return answer;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.body());
    }

    private Box start(String name, List<String> command) throws IOException {
        Path root = temp.resolve(name);
        int httpsPort = freePort();
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--root", root.toString(), "--foreground", "--bind", "127.0.0.1",
                "--http-port", Integer.toString(freePort()), "--https-port", Integer.toString(httpsPort),
                "--cluster-port", Integer.toString(LocalCluster.freeClusterPort())));
        ProcessBuilder builder = new ProcessBuilder(NodeProcess.cliCommand(args)).redirectErrorStream(true);
        builder.environment().putAll(ENVIRONMENT);
        Box box = new Box(root, httpsPort, builder.start());
        running.add(box);
        return box;
    }

    /** `clinicnode run --root` of an installed box, in a child JVM. */
    private Box run(Box installed) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(NodeProcess.cliCommand(List.of("run", "--root", installed.root.toString())))
                .redirectErrorStream(true);
        Box box = new Box(installed.root, installed.httpsPort, builder.start());
        running.add(box);
        return box;
    }

    private static String tampered(String fingerprint) {
        char first = fingerprint.charAt(0);
        return (first == 'a' ? 'b' : 'a') + fingerprint.substring(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** A box's command (init or join in the foreground) in a child JVM, its output kept line by line. */
    private static final class Box {
        final Path root;
        final int httpsPort;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Box(Path root, int httpsPort, Process process) {
            this.root = root;
            this.httpsPort = httpsPort;
            this.process = process;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            });
        }

        URI httpsUri() {
            return URI.create("https://127.0.0.1:" + httpsPort + "/");
        }

        String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> line = lines.stream().filter(wanted).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("No such line from " + root + " (alive " + process.isAlive() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
