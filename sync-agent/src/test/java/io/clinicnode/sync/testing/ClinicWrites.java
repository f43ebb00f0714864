package io.clinicnode.sync.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.NodeExtension;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.Change;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** Starts real nodes in a test's folder and makes the clinic's usual changes through their write path. */
public final class ClinicWrites {
    private ClinicWrites() {
    }

    /** A node of {@code clinicId} in {@code dataDir} on a free port, with the given extensions (the sync agent). */
    public static Node startNode(Path dataDir, String clinicId, List<NodeExtension> extensions) {
        return startNode(dataDir, clinicId, extensions, Map.of());
    }

    /** A node with further {@code clinicnode.*} settings, e.g. {@code data-key}. */
    public static Node startNode(Path dataDir, String clinicId, List<NodeExtension> extensions, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        settings.forEach((key, value) -> values.put("clinicnode." + key, value));
        values.put("clinicnode.data-dir", dataDir.toString());
        values.put("clinicnode.host", "127.0.0.1");
        values.put("clinicnode.http-port", "0");
        values.put("clinicnode.clinic-id", clinicId);
        values.put("clinicnode.admin-password", "admin-secret-1");
        values.put("clinicnode.password-iterations", "1000");
        Config config = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).build();
        return Node.start(NodeConfig.from(config), extensions);
    }

    public static Event practitioner(Node node, String id) {
        JsonObject hours = JSON.createObjectBuilder().add("dayOfWeek", "MONDAY").add("start", "08:00").add("end", "18:00").build();
        return node.writes().write(new Change("practitioner.registered", id, "admin", JSON.createObjectBuilder()
                .add("fullName", "Dra. Ana Souza").add("specialty", "Clínica geral")
                .add("workingHours", JSON.createArrayBuilder().add(hours)).build()));
    }

    public static Event patient(Node node, String id, String fullName) {
        return node.writes().write(new Change("patient.registered", id, "recepcao", patientPayload(fullName, "11 98765-4321")));
    }

    public static Event updatePatient(Node node, String id, String fullName, String phone) {
        return node.writes().write(new Change("patient.updated", id, "recepcao", patientPayload(fullName, phone)));
    }

    public static JsonObject patientPayload(String fullName, String phone) {
        return JSON.createObjectBuilder().add("fullName", fullName).add("birthDate", "1980-02-03").add("phone", phone)
                .add("consents", JSON.createObjectBuilder().add("sms", true).add("email", false).add("dataProcessing", true))
                .build();
    }

    /** Books {@code id} on Monday 2026-12-07 at {@code hour}:00 for 30 minutes. */
    public static Event book(Node node, String id, String patientId, String practitionerId, int hour) {
        return node.writes().write(new Change("appointment.booked", id, "recepcao", JSON.createObjectBuilder()
                .add("patientId", patientId).add("practitionerId", practitionerId)
                .add("start", String.format("2026-12-07T%02d:00", hour)).add("durationMinutes", 30).build()));
    }

    public static Event change(Node node, String type, String key, JsonObject payload) {
        return node.writes().write(new Change(type, key, "recepcao", payload));
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
