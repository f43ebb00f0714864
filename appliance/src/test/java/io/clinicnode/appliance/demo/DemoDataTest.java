package io.clinicnode.appliance.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDataTest {
    private static final String PASSWORD = "demo1234";

    @Test
    void loadsThreePractitionersAndTheDaysAgendaOnlyOnce(@TempDir Path dataDir) {
        try (RunningNode node = RunningNode.start(dataDir)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            ApiClient desk = node.api().login("recepcao", PASSWORD);
            LocalDate today = LocalDate.now(node.node().config().timeZone());
            LocalDate day = DemoData.agendaDay(today);

            assertThat(items(desk, "/api/practitioners")).extracting(item -> item.getString("specialty"))
                    .containsExactlyInAnyOrder("Odontologia", "Clínica geral", "Pediatria");
            assertThat(items(desk, "/api/practitioners")).allSatisfy(practitioner -> assertThat(
                    practitioner.getJsonArray("workingHours").getValuesAs(JsonObject.class))
                    .extracting(hours -> hours.getString("dayOfWeek")).contains("MONDAY", "SATURDAY").doesNotContain("SUNDAY"));
            List<JsonObject> agenda = items(desk, "/api/appointments?date=" + day);
            assertThat(agenda).hasSize(8);
            assertThat(agenda).extracting(item -> item.getString("status"))
                    .containsOnly("BOOKED", "CHECKED_IN")
                    .filteredOn("CHECKED_IN"::equals).hasSize(day.equals(today) ? 2 : 0);
            assertThat(items(desk, "/api/waiting-room?date=" + day)).hasSize(day.equals(today) ? 2 : 0);
        }
    }

    @Test
    void agendaFallsOnMondayWhenTodayIsSunday() {
        assertThat(DemoData.agendaDay(LocalDate.of(2026, 11, 29))).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(DemoData.agendaDay(LocalDate.of(2026, 11, 28))).isEqualTo(LocalDate.of(2026, 11, 28));
    }

    @Test
    void demoClinicIsRebuiltIdenticallyFromTheJournalAlone(@TempDir Path dataDir) throws IOException {
        String before;
        try (RunningNode node = RunningNode.start(dataDir)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            before = snapshot(node);
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("db"))) {
            files.sorted(Comparator.reverseOrder()).forEach(DemoDataTest::delete);
        }

        try (RunningNode rebuilt = RunningNode.start(dataDir)) {
            assertThat(snapshot(rebuilt)).isEqualTo(before);
        }
    }

    /** What the front desk sees of the demo day, without the minutes waited (which depend on when it is read). */
    private static String snapshot(RunningNode node) {
        ApiClient desk = node.api().login("recepcao", PASSWORD);
        LocalDate day = DemoData.agendaDay(LocalDate.now(node.node().config().timeZone()));
        List<JsonObject> board = items(desk, "/api/waiting-room?date=" + day).stream()
                .map(entry -> Json.createObjectBuilder(entry).remove("waitedMinutes").build()).toList();
        return items(desk, "/api/practitioners") + "\n" + items(desk, "/api/appointments?date=" + day) + "\n" + board;
    }

    private static List<JsonObject> items(ApiClient client, String path) {
        ApiClient.Response response = client.get(path);
        assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
        return response.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + path, e);
        }
    }
}
