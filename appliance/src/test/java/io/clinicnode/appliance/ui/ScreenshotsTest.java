package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.clinicnode.appliance.demo.DemoData;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Writes PNG screenshots of the main screens of the demo clinic to {@code docs/screenshots/} (or the
 * directory in the system property {@code clinicnode.screenshots.dir}). Not part of the normal test run:
 * {@code ./clinicnode screenshots} runs it (see docs/UI.md).
 */
@Tag("screenshots")
class ScreenshotsTest {
    private static final String PASSWORD = "demo1234";

    @TempDir
    Path dataDir;
    @TempDir
    Path profiles;

    @Test
    void mainScreens() {
        Path out = Path.of(System.getProperty("clinicnode.screenshots.dir", "target/screenshots"));
        try (RunningNode node = RunningNode.start(dataDir, java.util.Map.of("admin-password", PASSWORD));
             Browser browser = Browser.open(node.api().baseUrl(), profiles)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            LocalDate today = LocalDate.now(ZoneId.of("America/Sao_Paulo"));
            String day = (today.getDayOfWeek() == DayOfWeek.SUNDAY ? today.plusDays(1) : today).toString();

            browser.go("/");
            browser.visible(By.id("login-username"));
            browser.screenshot(out.resolve("01-login.png"));

            browser.logIn("recepcao", PASSWORD);
            browser.type(By.id("patient-search"), "silva");
            browser.visible(By.cssSelector(".result"));
            browser.type(By.id("patient-search"), "jo");
            browser.visibleWithText(By.cssSelector("[data-testid=search-results]"), "João Pedro Souza");
            browser.screenshot(out.resolve("02-search.png"));

            browser.go("/#/patients/new");
            browser.type(By.cssSelector("[name=fullName]"), "maria jose da silva");
            browser.type(By.cssSelector("[name=birthDate]"), "12/03/1984");
            browser.type(By.cssSelector("[name=email]"), "maria@");
            browser.click(By.cssSelector("[data-action=save]"));
            browser.visible(By.cssSelector("[data-testid=duplicates]"));
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot(out.resolve("03-new-patient-duplicate.png"));

            browser.click(By.cssSelector("[data-testid=duplicates] a"));
            browser.visible(By.cssSelector("[data-testid=patient-today]"));
            browser.screenshot(out.resolve("04-patient-record.png"));

            browser.go("/#/agenda/" + day);
            browser.visible(By.cssSelector(".appt"));
            browser.screenshot(out.resolve("05-agenda.png"));

            browser.click(By.cssSelector(".slot[data-time='08:20']"));
            browser.visible(By.cssSelector("dialog [name=patientSearch]")).sendKeys("ana bea");
            browser.click(By.cssSelector(".picker-item"));
            browser.click(By.cssSelector("select[name=durationMinutes] option[value='45']"));
            browser.click(By.cssSelector("[data-action=confirm-booking]"));
            browser.visible(By.cssSelector("[data-testid=booking-error]"));
            browser.screenshot(out.resolve("06-booking-refused.png"));
            browser.visible(By.cssSelector("dialog")).sendKeys(Keys.ESCAPE);

            browser.go("/#/board");
            browser.visible(By.cssSelector(".board-card, .board-empty"));
            if (!browser.driver().findElements(By.cssSelector("[data-action=called]")).isEmpty()) {
                browser.click(By.cssSelector("[data-action=called]"));
                browser.visible(By.cssSelector(".board-list[data-status=CALLED] .board-card"));
            }
            browser.screenshot(out.resolve("07-waiting-room.png"));

            browser.go("/#/agenda/" + day);
            browser.visible(By.cssSelector(".appt"));
            browser.emulateMedia("print");
            browser.screenshot(out.resolve("08-print-day-list.png"));
            browser.emulateMedia("screen");

            browser.click(By.cssSelector("[data-action=logout]"));
            browser.logIn("admin", PASSWORD);
            browser.go("/#/admin/practitioners");
            browser.visible(By.cssSelector("[data-testid=practitioners]"));
            browser.screenshot(out.resolve("09-admin-practitioners.png"));
            browser.go("/#/admin/audit");
            browser.visible(By.cssSelector("dialog [name=patientSearch], [name=patientSearch]")).sendKeys("maria jose");
            browser.click(By.cssSelector(".picker-item"));
            browser.visible(By.cssSelector("[data-testid=audit] table"));
            browser.screenshot(out.resolve("10-admin-audit.png"));
        }
        try (RunningNode node = RunningNode.start(dataDir.resolve("tablet"), java.util.Map.of("admin-password", PASSWORD));
             Browser tablet = Browser.open(node.api().baseUrl(), profiles, 820, 1180)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            tablet.logIn("recepcao", PASSWORD);
            tablet.go("/#/board");
            tablet.visible(By.cssSelector(".board-card, .board-empty"));
            tablet.screenshot(out.resolve("11-tablet-waiting-room.png"));
        }
    }

    /**
     * The front desk's day (issue 11): a practitioner's week with typed, confirmed appointments, a block, a holiday and
     * the next free slot; the "confirmar amanhã" list. Its own node, so the main screens above stay as they were.
     */
    @Test
    void deskDayScreens() {
        Path out = Path.of(System.getProperty("clinicnode.screenshots.dir", "target/screenshots"));
        try (RunningNode node = RunningNode.start(dataDir.resolve("desk-day"), java.util.Map.of("admin-password", PASSWORD));
             Browser browser = Browser.open(node.api().baseUrl(), profiles)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            ApiClient admin = node.api().login("admin", PASSWORD);
            LocalDate today = LocalDate.now(ZoneId.of("America/Sao_Paulo"));
            LocalDate monday = today.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate tomorrow = today.plusDays(1);
            List<String> types = new ArrayList<>();
            for (String[] type : new String[][] {{"Consulta", "30", "#1565c0"}, {"Retorno", "20", "#2e7d32"}, {"Procedimento", "60", "#c62828"}}) {
                types.add(admin.post("/api/appointment-types", Json.createObjectBuilder().add("name", type[0])
                        .add("durationMinutes", Integer.parseInt(type[1])).add("color", type[2]).build()).json().getString("id"));
            }
            JsonObject practitioner = admin.get("/api/practitioners").json().getJsonArray("items").getJsonObject(0);
            String practitionerId = practitioner.getString("id");
            LocalDate demoDay = today.getDayOfWeek() == DayOfWeek.SUNDAY ? today.plusDays(1) : today;
            List<String> patients = admin.get("/api/appointments?date=" + demoDay).json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .stream().map(item -> item.getString("patientId")).distinct().toList();
            int next = 0;
            for (LocalDate day : List.of(monday, monday.plusDays(1), monday.plusDays(3), tomorrow, tomorrow)) {
                for (int slot = 0; slot < 2; slot++) {
                    String type = types.get(next % types.size());
                    JsonObject free = admin.get("/api/appointments/next-free?practitionerId=" + practitionerId + "&typeId=" + type
                            + "&after=" + day + "T08%3A00").json();
                    if (!free.containsKey("start") || !free.getString("start").startsWith(day.toString())) {
                        continue;
                    }
                    ApiClient.Response booked = admin.post("/api/appointments", Json.createObjectBuilder()
                            .add("patientId", patients.get(next++ % patients.size())).add("practitionerId", practitionerId)
                            .add("start", free.getString("start")).add("typeId", type).build());
                    if (booked.status() == 201 && next % 2 == 0) {
                        admin.patch("/api/appointments/" + booked.json().getString("id"), Json.createObjectBuilder()
                                .add("status", "CONFIRMED").add("channel", next % 4 == 0 ? "WHATSAPP" : "PHONE").build());
                    }
                }
            }
            admin.post("/api/agenda/blocks", Json.createObjectBuilder().add("practitionerId", practitionerId)
                    .add("start", monday.plusDays(2) + "T13:00").add("end", monday.plusDays(2) + "T18:00").add("reason", "Congresso").build());
            admin.post("/api/agenda/holidays", Json.createObjectBuilder().add("date", monday.plusDays(4).toString())
                    .add("name", "Feriado municipal").build());

            browser.logIn("recepcao", PASSWORD);
            browser.go("/#/week/" + monday + "?practitioner=" + practitionerId);
            browser.visible(By.cssSelector(".week-appt"));
            browser.click(By.cssSelector("[data-action=next-free]"));
            browser.visible(By.cssSelector("[data-testid=free-slot]"));
            browser.screenshot(out.resolve("20-week-view.png"));

            browser.go("/#/confirmations/" + tomorrow);
            browser.visible(By.cssSelector("[data-testid=confirmations] table, [data-testid=confirmations] .empty-state"));
            browser.screenshot(out.resolve("21-confirmations.png"));
        }
    }

    /**
     * The front desk's day (issue 11): the waiting room with legal priorities first, and the waiting-room TV's call
     * panel. A method of its own so it can be run alone ({@code -Dtest=ScreenshotsTest#frontDeskDayScreens}).
     */
    @Test
    void frontDeskDayScreens() {
        Path out = Path.of(System.getProperty("clinicnode.screenshots.dir", "target/screenshots"));
        try (RunningNode node = RunningNode.start(dataDir.resolve("day"), java.util.Map.of("admin-password", PASSWORD));
             Browser browser = Browser.open(node.api().baseUrl(), profiles);
             Browser tv = Browser.open(node.api().baseUrl(), profiles, 1280, 720)) {
            DemoData.loadIfEmpty(node.node(), PASSWORD);
            io.clinicnode.appliance.testing.ApiClient admin = node.api().login("admin", PASSWORD);
            jakarta.json.JsonObject board = admin.get("/api/waiting-room").json();
            java.util.List<jakarta.json.JsonObject> practitioners = admin.get("/api/practitioners").json().getJsonArray("items")
                    .getValuesAs(jakarta.json.JsonObject.class);
            // A walk-in flagged pregnant, for the general practitioner (the demo checks two patients in when its day is today).
            String walkIn = admin.get("/api/patients?q=joao").json().getJsonArray("items").getJsonObject(0).getString("id");
            admin.post("/api/checkins", jakarta.json.Json.createObjectBuilder().add("patientId", walkIn)
                    .add("practitionerId", practitioners.get(practitioners.size() - 1).getString("id")).add("walkIn", true)
                    .add("priorities", jakarta.json.Json.createArrayBuilder().add("LAP_CHILD")).build());
            browser.logIn("recepcao", PASSWORD);
            browser.go("/#/board");
            browser.visible(By.cssSelector(".board-card"));
            browser.screenshot(out.resolve("12-priority-board.png"));

            String address = node.api().baseUrl() + admin.post("/api/display-tokens", jakarta.json.Json.createObjectBuilder()
                    .add("name", "TV da recepção").build()).json().getString("panelPath");
            tv.driver().get(address);
            tv.visible(By.cssSelector("[data-testid=panel-current]"));
            for (jakarta.json.JsonObject entry : board.getJsonArray("items").getValuesAs(jakarta.json.JsonObject.class)) {
                admin.patch("/api/waiting-room/" + entry.getString("id"), jakarta.json.Json.createObjectBuilder()
                        .add("status", "CALLED").build());
            }
            tv.visible(By.cssSelector("[data-testid=panel-name]"));
            tv.screenshot(out.resolve("13-call-panel.png"));
        }
    }
}
