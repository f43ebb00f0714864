package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The front desk's day (issue 11) as the desk does it, in Portuguese, in real Chromium windows: a guarded no-show and
 * its undo, an encaixe, check-in with a legal priority and its undo, a walk-in, a mistaken call sent back, "não
 * respondeu" and "desistiu", and the waiting-room TV's call panel opened with a display token.
 */
class FrontDeskDayUiTest {
    private static final ZoneId CLINIC = ZoneId.of("America/Sao_Paulo");
    @TempDir
    static Path dataDir;
    @TempDir
    Path profiles;
    private static RunningNode node;
    private static ApiClient admin;
    private Browser desk;
    private Browser tv;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> Arrays.asList(desk, tv));

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        admin = node.admin();
        admin.post("/api/users", Json.createObjectBuilder().add("username", "desk").add("displayName", "Recepção Um")
                .add("password", "desk-pass-1").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).build());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        LocalTime now = LocalTime.now(CLINIC);
        assumeTrue(now.isAfter(LocalTime.of(2, 0)) && now.isBefore(LocalTime.of(22, 0)), "too close to midnight in the clinic");
        desk = Browser.open(node.api().baseUrl(), profiles);
        desk.logIn("desk", "desk-pass-1");
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser browser : Arrays.asList(desk, tv)) {
            if (browser != null) {
                List<String> errors = browser.consoleErrors().stream()
                        .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                        .toList();
                browser.close();
                assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
            }
        }
        tv = null;
    }

    /** A practitioner working every day from 00:00 to 23:59, so the tests run whatever the time. */
    private static String practitioner(String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day).add("start", "00:00").add("end", "23:59"));
        }
        ApiClient.Response created = admin.post("/api/practitioners", Json.createObjectBuilder().add("fullName", name)
                .add("workingHours", hours).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static String patient(String name, String birthDate) {
        return admin.post("/api/patients", Json.createObjectBuilder().add("fullName", name).add("birthDate", birthDate)
                .build()).json().getString("id");
    }

    /** Books at {@code minutesFromNow} (negative: in the past), on a multiple of five minutes, 20 minutes long. */
    private static String book(String patientId, String practitionerId, int minutesFromNow) {
        LocalDateTime start = LocalDateTime.now(CLINIC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(minutesFromNow);
        start = start.minusMinutes(start.getMinute() % 5);
        ApiClient.Response booked = admin.post("/api/appointments", Json.createObjectBuilder().add("patientId", patientId)
                .add("practitionerId", practitionerId).add("start", start.toString()).add("durationMinutes", 20).build());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().getString("id");
    }

    private static String today() {
        return java.time.LocalDate.now(CLINIC).toString();
    }

    private static By card(String appointmentId) {
        return By.cssSelector(".appt[data-appointment='" + appointmentId + "']");
    }

    private void pickPatient(String query, String name) {
        desk.visible(By.cssSelector("dialog [name=patientSearch]")).sendKeys(query);
        desk.visibleWithText(By.cssSelector("dialog .picker-item"), name).click();
        desk.visibleWithText(By.cssSelector("[data-testid=chosen-patient]"), name);
    }

    private static By boardCard(String status, String name) {
        return By.xpath("//ol[@data-status='" + status + "']/li[contains(@class,'board-card')][.//p[contains(@class,'board-name')"
                + " and contains(., '" + name + "')]]");
    }

    @Test
    void marcarFaltaAsksFirstIsRefusedBeforeTheStartAndIsUndone() {
        String doctor = practitioner("Dra. Tarsila Amaral");
        String missed = book(patient("Aurora Falta Lima", "1980-01-02"), doctor, -60);
        String later = book(patient("Bruno Depois Reis", "1981-02-03"), doctor, 90);
        desk.go("/#/agenda/" + today());

        desk.click(card(later));
        assertThat(desk.visible(By.cssSelector("dialog [data-action=no-show]")).isEnabled())
                .as("no falta before the appointment's start").isFalse();
        desk.visible(By.cssSelector("dialog .dialog-header .icon-button")).click();
        desk.gone(By.cssSelector("dialog"));

        desk.click(card(missed));
        desk.click(By.cssSelector("dialog [data-action=no-show]"));
        assertThat(desk.textWith(By.cssSelector("dialog.confirm-dialog"), "Confirmar falta"))
                .contains("Confirmar falta de Aurora Falta Lima");
        assertThat(admin.get("/api/appointments/" + missed).json().getString("status")).as("nothing before confirming")
                .isEqualTo("BOOKED");
        desk.click(By.cssSelector("[data-action=confirm-no-show]"));
        desk.visibleWithText(card(missed), "FALTOU");

        desk.click(card(missed));
        desk.visibleWithText(By.cssSelector("dialog [data-action=undo]"), "Desfazer falta").click();
        desk.until(driver -> driver.findElements(card(missed)).stream().anyMatch(element -> !element.getText().contains("FALTOU")));
        assertThat(admin.get("/api/appointments/" + missed).json().getString("status")).isEqualTo("BOOKED");
        String patientId = admin.get("/api/appointments/" + missed).json().getString("patientId");
        assertThat(admin.get("/api/audit?patientId=" + patientId).body()).contains("UNDO_NO_SHOW");
    }

    @Test
    void anEncaixeIsBookedOverATakenSlotAndShownAsSuch() {
        String doctor = practitioner("Dr. Oswaldo Cruz");
        String taken = book(patient("Celia Ocupa Horta", "1975-03-04"), doctor, 120);
        patient("Davi Encaixe Souto", "1990-04-05");
        desk.go("/#/agenda/" + today());

        desk.click(card(taken));
        desk.click(By.cssSelector("dialog [data-action=squeeze-in-here]"));
        assertThat(desk.find(By.id("booking-squeeze-in")).isSelected()).isTrue();
        pickPatient("davi enc", "Davi Encaixe Souto");
        desk.click(By.cssSelector("[data-action=confirm-booking]"));
        desk.gone(By.cssSelector("dialog"));

        WebElement squeezed = desk.visibleWithText(By.cssSelector(".appt.squeeze-in"), "Davi Encaixe Souto");
        assertThat(squeezed.getText()).contains("ENCAIXE");
        desk.visibleWithText(card(taken), "Celia Ocupa Horta");
        assertThat(desk.textWith(By.cssSelector(".day-list"), "Davi Encaixe Souto")).contains("Encaixe");
    }

    @Test
    void checkInWithAPriorityPutsThePatientFirstAndAMistakenCheckInIsUndone() {
        String doctor = practitioner("Dra. Zilda Arns");
        String plain = book(patient("Eduardo Comum Prado", "1985-05-06"), doctor, -30);
        String pregnant = book(patient("Fernanda Gestante Luz", "1992-06-07"), doctor, -10);
        desk.go("/#/agenda/" + today());

        desk.click(card(plain));
        desk.click(By.cssSelector("dialog [data-action=checkin]"));
        desk.visibleWithText(card(plain), "CHEGOU");
        desk.click(card(pregnant));
        desk.click(By.cssSelector("dialog label[for=priority-PREGNANT]"));
        desk.click(By.cssSelector("dialog [data-action=checkin]"));
        desk.visibleWithText(card(pregnant), "CHEGOU");

        desk.go("/#/board");
        desk.visibleWithText(By.cssSelector(".board-list[data-status=WAITING]"), "Eduardo Comum Prado");
        List<String> waiting = desk.until(driver -> {
            List<String> names = driver.findElements(By.cssSelector(".board-list[data-status=WAITING] .board-name")).stream()
                    .map(WebElement::getText).filter(text -> text.contains("Gestante Luz") || text.contains("Comum Prado")).toList();
            return names.size() == 2 ? names : null;
        });
        assertThat(waiting.get(0)).as("the priority first").contains("Fernanda Gestante Luz", "Gestante");
        assertThat(desk.find(boardCard("WAITING", "Eduardo Comum Prado")).getText()).contains("Consulta às", "atrasado");

        desk.find(boardCard("WAITING", "Eduardo Comum Prado")).findElement(By.cssSelector("[data-action=undo-checkin]")).click();
        desk.gone(boardCard("WAITING", "Eduardo Comum Prado"));
        assertThat(admin.get("/api/appointments/" + plain).json().getString("status")).isEqualTo("BOOKED");
    }

    @Test
    void aWalkInWaitsAndAMistakenCallGoesBackNoAnswerAndLeftAreShown() {
        String doctor = practitioner("Dr. Adolpho Lutz");
        patient("Gilberto Avulso Neves", "1970-07-08");
        desk.go("/#/board");

        desk.click(By.cssSelector("[data-action=walk-in]"));
        pickPatient("gilberto av", "Gilberto Avulso Neves");
        desk.click(By.cssSelector("dialog select[name=practitionerId] option[value='" + doctor + "']"));
        desk.click(By.cssSelector("[data-action=confirm-walk-in]"));
        desk.gone(By.cssSelector("dialog"));
        By waiting = boardCard("WAITING", "Gilberto Avulso Neves");
        assertThat(desk.visible(waiting).getText()).contains("Sem agendamento", "com Dr. Adolpho Lutz");

        desk.find(waiting).findElement(By.cssSelector("[data-action=called]")).click();
        By called = boardCard("CALLED", "Gilberto Avulso Neves");
        desk.visible(called).findElement(By.cssSelector("[data-action=waiting]")).click();
        desk.visible(waiting).findElement(By.cssSelector("[data-action=called]")).click();
        desk.visible(called).findElement(By.cssSelector("[data-action=no_answer]")).click();
        assertThat(desk.visibleWithText(waiting, "Não respondeu").getText()).contains("Chamar de novo");
        desk.find(waiting).findElement(By.cssSelector("[data-action=left]")).click();
        desk.visibleWithText(boardCard("DONE", "Gilberto Avulso Neves"), "Desistiu/foi embora");
    }

    @Test
    void theCallPanelShowsTheCalledPatientsFirstNameInitialAndRoomLiveAndNothingElse() {
        String doctor = practitioner("Dra. Nise da Silveira");
        assertThat(admin.put("/api/rooms/" + doctor, Json.createObjectBuilder().add("room", "Consultório 3").build()).status())
                .isEqualTo(200);
        String appointment = book(patient("Helena Quitéria Bittencourt", "1961-08-09"), doctor, -5);
        String entry = admin.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", appointment).build())
                .json().getString("id");
        desk.close();
        desk = Browser.open(node.api().baseUrl(), profiles);
        desk.logIn("admin", RunningNode.ADMIN_PASSWORD);
        desk.go("/#/admin/panel");
        desk.click(By.cssSelector("[data-action=create-display-token]"));
        String address = desk.visible(By.cssSelector("[data-testid=panel-link]")).getText();
        assertThat(address).contains("/panel#token=");

        tv = Browser.open(node.api().baseUrl(), profiles);
        tv.driver().get(address);
        // Other tests' calls of today may show already: wait for the panel's first load.
        tv.visible(By.cssSelector("[data-testid=panel-current] p"));
        String chimesBefore = (String) tv.script("return document.body.dataset.chimes");

        long called = System.nanoTime();
        assertThat(admin.patch("/api/waiting-room/" + entry, Json.createObjectBuilder().add("status", "CALLED").build()).status())
                .isEqualTo(200);
        tv.visibleWithText(By.cssSelector("[data-testid=panel-name]"), "Helena B.");
        Duration seen = Duration.ofNanos(System.nanoTime() - called);
        assertThat(seen).as("the panel shows the call live").isLessThan(Duration.ofSeconds(2));
        assertThat(tv.visible(By.cssSelector("[data-testid=panel-room]")).getText()).isEqualTo("Sala: Consultório 3");
        tv.until(driver -> !chimesBefore.equals(tv.script("return document.body.dataset.chimes")) ? true : null);
        String shown = tv.find(By.tagName("body")).getText();
        assertThat(shown).doesNotContain("Quitéria").doesNotContain("Bittencourt").doesNotContain("1961")
                .doesNotContain("Nise").doesNotContain("Dra.");

        JsonObject token = admin.get("/api/display-tokens").json().getJsonArray("items").getJsonObject(0);
        assertThat(admin.delete("/api/display-tokens/" + token.getString("id")).status()).isEqualTo(204);
        tv.visibleWithText(By.cssSelector(".panel-problem"), "administrador");
    }
}
