package io.clinicnode.installer;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.clinicnode.appliance.testing.Eventually;
import io.clinicnode.appliance.patient.NationalDocument;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Node processes and patient bodies for the multi-process tests. */
final class TestNodes {
    static final String ADMIN_PASSWORD = "admin-secret-1";
    /** Every test patient's name starts with this; the marker that follows is unique per request. */
    static final String NAME_PREFIX = "Teste Durabilidade ";
    private static final Pattern RECOVERED = Pattern.compile(".*Recovered (\\d+) journal events into the database.*");

    private TestNodes() {
    }

    /** A config file with few PBKDF2 rounds, so logins (and the node's start) are fast; the hash format is the same. */
    static Path fastLoginConfig(Path directory) throws IOException {
        return Files.writeString(directory.resolve("node.yaml"), "clinicnode:\n  password-iterations: 1000\n");
    }

    static NodeProcess start(Path dataDir, Path config) {
        return NodeProcess.builder(dataDir)
                .adminPassword(ADMIN_PASSWORD)
                .configFile(config)
                .readyTimeout(Duration.ofSeconds(30))
                .start();
    }

    /** A valid registration whose name ends with {@code marker} and whose CPF is the {@code documentIndex}-th. */
    static JsonObject patient(String marker, long documentIndex) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("fullName", NAME_PREFIX + marker)
                .add("birthDate", "1980-01-01")
                .add("phone", "(11) 98765-4321");
        String cpf = NationalDocument.cpfWithCheckDigits(String.format("%09d", 100_000_000L + documentIndex));
        if (cpf != null) {
            body.add("document", cpf);
        }
        return body.build();
    }

    /** The marker a test patient's name ends with. */
    static String marker(String fullName) {
        return fullName.substring(NAME_PREFIX.length());
    }

    /**
     * Polls the node's health until its shared state (Hazelcast) reports a member count that satisfies {@code reached};
     * fails with the last health answer.
     */
    static void awaitSharedMembers(NodeProcess node, IntPredicate reached, Duration timeout) throws IOException, InterruptedException {
        NodeClient client = NodeClient.to(node.baseUri());
        Eventually.await("the shared state of " + node.nodeId() + " (its health)", timeout, () -> {
            NodeClient.Response health = client.get("/observe/health");
            if (health.status() != 200) {
                throw new IllegalStateException(health.toString());
            }
            return health.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("sharedState"))
                    .findFirst().orElseThrow().getJsonObject("data");
        }, data -> data.containsKey("members") && reached.test(data.getInt("members")));
    }

    /** How many journal events the node re-applied to its database at start, from its log (0 when none). */
    static long recoveredEvents(NodeProcess node) {
        return node.outputTail().stream()
                .map(RECOVERED::matcher)
                .filter(Matcher::matches)
                .mapToLong(matcher -> Long.parseLong(matcher.group(1)))
                .sum();
    }

    /** A practitioner working every day from 08:00 to 18:00. */
    static JsonObject practitioner(String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day.name()).add("start", "08:00").add("end", "18:00"));
        }
        return Json.createObjectBuilder().add("fullName", name).add("workingHours", hours).build();
    }

    /** A booking of {@code minutes} at {@code time} on {@code day}. */
    static JsonObject booking(String patient, String practitioner, LocalDate day, LocalTime time, int minutes) {
        return Json.createObjectBuilder().add("patientId", patient).add("practitionerId", practitioner)
                .add("start", day.atTime(time).toString()).add("durationMinutes", minutes).build();
    }

    /** The id in a 201 answer; fails the test on any other answer. */
    static String created(NodeClient.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().getString("id");
    }
}
