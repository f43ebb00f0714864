package io.clinicnode.appliance.hotread;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HotReadsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    private final HotReads hot = new HotReads();
    private final AtomicInteger queries = new AtomicInteger();

    @TempDir
    Path temp;

    @Test
    void servesARepeatedReadFromTheCacheUntilAChangeCommits() {
        assertThat(agenda("first")).isEqualTo(agenda("second")).isEqualTo("first");
        assertThat(queries).hasValue(1);

        hot.committed(List.of(event("appointment.booked")));

        assertThat(agenda("third")).isEqualTo("third");
        assertThat(queries).hasValue(2);
    }

    @Test
    void aWriteAcknowledgedToItsServiceInvalidatesBeforeTheListenersHearOfIt() {
        agenda("before");

        ChangeWriter services = hot.invalidating(change -> event(change.type()));
        services.write(new Change("patient.updated", "key", "tester", Json.createObjectBuilder().build()));

        assertThat(agenda("after")).isEqualTo("after");
    }

    @Test
    void keepsNothingReadWhileAChangeCommitted() {
        String raced = new String(hot.agenda(DAY, () -> {
            hot.committed(List.of(event("appointment.cancelled")));
            return body("read during the commit");
        }), StandardCharsets.UTF_8);

        assertThat(raced).isEqualTo("read during the commit");
        assertThat(agenda("fresh")).isEqualTo("fresh");
    }

    @Test
    void viewsOfPatientsAndUserChangesKeepTheCacheButUnknownEventTypesClearEverything() {
        agenda("cached");
        practitioners(false, "practitioners");

        hot.committed(List.of(event("patient.viewed"), event("patient.registered"), event("user.updated")));
        assertThat(agenda("not used")).isEqualTo("cached");

        hot.committed(List.of(event("conflict.resolved")));
        assertThat(agenda("reloaded")).isEqualTo("reloaded");
        assertThat(practitioners(false, "practitioners reloaded")).isEqualTo("practitioners reloaded");
    }

    @Test
    void appointmentChangesKeepThePractitionersListAndPractitionerChangesClearBoth() {
        practitioners(true, "all");
        agenda("cached");

        hot.committed(List.of(event("appointment.moved")));
        assertThat(practitioners(true, "not used")).isEqualTo("all");

        hot.committed(List.of(event("practitioner.updated")));
        assertThat(practitioners(true, "renamed")).isEqualTo("renamed");
        assertThat(agenda("renamed")).isEqualTo("renamed");
    }

    @Test
    void theAgendaAndPractitionersShowEveryAcknowledgedChangeAtOnce() {
        try (RunningNode node = RunningNode.start(temp.resolve("node"))) {
            ApiClient admin = node.admin();
            String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Doutora Cache");
            String patient = TestClinic.patient(admin);
            LocalDate day = TestClinic.futureMonday();
            String agendaPath = "/api/appointments?date=" + day;
            assertThat(admin.get(agendaPath).json().getJsonArray("items")).isEmpty();
            assertThat(names(admin.get("/api/practitioners").json())).contains("Doutora Cache");

            String booked = TestClinic.book(admin, patient, practitioner, day.atTime(9, 0).toString(), 30);
            assertThat(admin.get(agendaPath).json().getJsonArray("items")).hasSize(1);

            admin.patch("/api/appointments/" + booked, Json.createObjectBuilder().add("status", "CANCELLED").build());
            assertThat(admin.get(agendaPath).json().getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("CANCELLED");

            admin.put("/api/practitioners/" + practitioner, Json.createObjectBuilder().add("fullName", "Doutora Renomeada")
                    .add("workingHours", Json.createArrayBuilder().add(TestClinic.hours(day.getDayOfWeek(), "00:00", "23:59"))).build());
            assertThat(names(admin.get("/api/practitioners").json())).contains("Doutora Renomeada").doesNotContain("Doutora Cache");
            assertThat(admin.get(agendaPath).json().getJsonArray("items").getJsonObject(0).getString("practitionerName"))
                    .isEqualTo("Doutora Renomeada");
        }
    }

    private String agenda(String marker) {
        return new String(hot.agenda(DAY, () -> {
            queries.incrementAndGet();
            return body(marker);
        }), StandardCharsets.UTF_8);
    }

    private String practitioners(boolean includeInactive, String marker) {
        return new String(hot.practitioners(includeInactive, () -> body(marker)), StandardCharsets.UTF_8);
    }

    private static byte[] body(String marker) {
        return marker.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonObject list) {
        return list.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(item -> item.getString("fullName")).toList();
    }

    private static Event event(String type) {
        return new Event("clinic", "node-00000000", 1, 1L << 16, type, "key", "tester", "{}");
    }
}
