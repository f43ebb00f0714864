package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PrintOptions;

import static org.assertj.core.api.Assertions.assertThat;

/** Booking, moving, cancelling, checking in and the live waiting-room board, in real Chromium windows. */
class AgendaUiTest {

    @TempDir
    static Path dataDir;
    @TempDir
    Path profiles;
    private static RunningNode node;
    private static ApiClient admin;
    /** The clinic's today, taken per test so that a run across midnight moves with it. */
    private String today;
    private Browser desk;
    private Browser otherDesk;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> Arrays.asList(desk, otherDesk));

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        admin = node.admin();
        admin.post("/api/users", Json.createObjectBuilder().add("username", "desk").add("displayName", "Recepção Um")
                .add("password", "desk-pass-1").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).build());
        admin.post("/api/users", Json.createObjectBuilder().add("username", "desk2").add("displayName", "Recepção Dois")
                .add("password", "desk-pass-2").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).build());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        today = LocalDate.now(ZoneId.of("America/Sao_Paulo")).toString();
        desk = Browser.open(node.api().baseUrl(), profiles);
        desk.logIn("desk", "desk-pass-1");
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser browser : Arrays.asList(desk, otherDesk)) {
            if (browser != null) {
                List<String> errors = browser.consoleErrors().stream()
                        .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                        .toList();
                browser.close();
                assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
            }
        }
    }

    /** A practitioner who works every day from 07:00 to 20:00, so the tests run whatever today is. */
    private static String practitioner(String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day).add("start", "07:00").add("end", "20:00"));
        }
        ApiClient.Response created = admin.post("/api/practitioners", Json.createObjectBuilder().add("fullName", name)
                .add("specialty", "Clínica geral").add("workingHours", hours).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static String patient(String name) {
        return admin.post("/api/patients", Json.createObjectBuilder().add("fullName", name).add("birthDate", "1985-05-20")
                .add("phone", "(11) 97000-0000").build()).json().getString("id");
    }

    private String book(String patientId, String practitionerId, String time) {
        ApiClient.Response booked = admin.post("/api/appointments", Json.createObjectBuilder().add("patientId", patientId)
                .add("practitionerId", practitionerId).add("start", today + "T" + time).add("durationMinutes", 30).build());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().getString("id");
    }

    private static By slot(String practitionerId, String time) {
        return By.cssSelector(".slot[data-practitioner='" + practitionerId + "'][data-time='" + time + "']");
    }

    private static By card(String appointmentId) {
        return By.cssSelector(".appt[data-appointment='" + appointmentId + "']");
    }

    private void pickPatient(String query, String name) {
        desk.visible(By.cssSelector("dialog [name=patientSearch]")).sendKeys(query);
        desk.visibleWithText(By.cssSelector("dialog .picker-item"), name).click();
        desk.visibleWithText(By.cssSelector("[data-testid=chosen-patient]"), name);
    }

    @Test
    void booksAFreeSlotByClickingItAndSaysWhyAnOverlappingBookingIsRefused() {
        String doctor = practitioner("Dra. Clara Nunes");
        patient("Bento Carvalho");
        patient("Inês Fontoura");
        desk.go("/#/agenda/" + today);

        desk.click(slot(doctor, "09:00"));
        assertThat(desk.visible(By.cssSelector(".dialog-when")).getText()).contains("Dra. Clara Nunes", "09:00");
        pickPatient("bento carv", "Bento Carvalho");
        desk.click(By.cssSelector("[data-action=confirm-booking]"));
        desk.gone(By.cssSelector("dialog"));
        assertThat(desk.textWith(By.cssSelector(".appt"), "Bento Carvalho")).contains("09:00–09:30");

        desk.click(slot(doctor, "08:45"));
        pickPatient("ines font", "Inês Fontoura");
        desk.click(By.cssSelector("select[name=durationMinutes] option[value='30']"));
        desk.click(By.cssSelector("[data-action=confirm-booking]"));
        assertThat(desk.visible(By.cssSelector("[data-testid=booking-error]")).getText()).isEqualTo(
                "Horário ocupado: Dra. Clara Nunes já tem Bento Carvalho das 09:00 às 09:30. Escolha outro horário.");

        desk.visible(By.cssSelector("dialog")).sendKeys(Keys.ESCAPE);
        desk.gone(By.cssSelector("dialog"));
        assertThat(admin.get("/api/appointments?date=" + today + "&practitionerId=" + doctor).json().getJsonArray("items")).hasSize(1);
    }

    @Test
    void booksFromAPatientsRecordWithThePatientAlreadyChosen() {
        String doctor = practitioner("Dr. Adolfo Lutz");
        String patientId = patient("Anita Malfatti Rocha");
        desk.go("/#/patients/" + patientId);
        desk.click(By.cssSelector("[data-action=book]"));
        assertThat(desk.textWith(By.cssSelector(".pick-banner"), "Anita")).isEqualTo("Escolha um horário livre para Anita Malfatti Rocha.");

        desk.click(slot(doctor, "17:30"));
        assertThat(desk.textWith(By.cssSelector("[data-testid=chosen-patient]"), "Anita")).isEqualTo("Anita Malfatti Rocha");
        desk.click(By.cssSelector("[data-action=confirm-booking]"));

        assertThat(desk.textWith(By.cssSelector(".appt"), "Anita Malfatti Rocha")).contains("17:30–18:00");
        desk.gone(By.cssSelector(".pick-banner"));
        assertThat(desk.driver().getCurrentUrl()).endsWith("#/agenda/" + today);
    }

    @Test
    void movesAnAppointmentByTheFormAndByDraggingItAndRefusesAMoveOntoATakenSlot() {
        String doctor = practitioner("Dr. Mauro Pestana");
        String moving = book(patient("Olga Benário Reis"), doctor, "10:00");
        book(patient("Caetano Veloso Lima"), doctor, "13:00");
        desk.go("/#/agenda/" + today);

        desk.click(card(moving));
        WebElement time = desk.visible(By.cssSelector("dialog [name=time]"));
        time.clear();
        time.sendKeys("11:15");
        desk.click(By.cssSelector("[data-action=move]"));
        desk.gone(By.cssSelector("dialog"));
        assertThat(desk.textWith(card(moving), "11:15–11:45")).contains("Olga Benário Reis");

        desk.script("""
                const [card, target] = arguments;
                const data = new DataTransfer();
                card.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
                target.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
                target.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
                card.dispatchEvent(new DragEvent('dragend', {dataTransfer: data, bubbles: true}));
                """, desk.visible(card(moving)), desk.visible(slot(doctor, "12:00")));
        desk.visibleWithText(card(moving), "12:00–12:30");

        desk.click(card(moving));
        time = desk.visible(By.cssSelector("dialog [name=time]"));
        time.clear();
        time.sendKeys("12:45");
        desk.click(By.cssSelector("[data-action=move]"));
        assertThat(desk.visible(By.cssSelector("[data-testid=appointment-error]")).getText())
                .isEqualTo("Horário ocupado: Dr. Mauro Pestana já tem Caetano Veloso Lima das 13:00 às 13:30. Escolha outro horário.");
        assertThat(admin.get("/api/appointments?date=" + today + "&practitionerId=" + doctor).body()).contains(today + "T12:00");
    }

    @Test
    void refusalsTheAgendaCannotExplainByItselfAreStillSaidInPortuguese() {
        String doctor = practitioner("Dra. Nise Silveira");
        String appointment = book(patient("Lima Barreto Souza"), doctor, "15:00");
        desk.go("/#/agenda/" + today);

        desk.click(card(appointment));
        WebElement date = desk.visible(By.cssSelector("dialog [name=date]"));
        date.clear();
        date.sendKeys(LocalDate.parse(today).plusYears(6).format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
        desk.click(By.cssSelector("[data-action=move]"));
        assertThat(desk.visible(By.cssSelector("[data-testid=appointment-error]")).getText())
                .isEqualTo("Data fora do intervalo permitido.");

        // Another desk cancels it while this one still shows it booked.
        assertThat(admin.patch("/api/appointments/" + appointment,
                Json.createObjectBuilder().add("status", "CANCELLED").build()).status()).isEqualTo(200);
        desk.click(By.cssSelector("dialog [data-action=checkin]"));
        assertThat(desk.textWith(By.cssSelector("[data-testid=appointment-error]"), "agendada")).isEqualTo("Esta consulta não"
                + " está mais agendada: foi cancelada, marcada como falta ou já teve check-in. Recarregue a agenda.");
    }

    @Test
    void cancelsOneAppointmentAndMarksAnotherANoShow() {
        // A no-show only from the start plus the grace (15 minutes by default).
        org.junit.jupiter.api.Assumptions.assumeTrue(java.time.LocalTime.now(ZoneId.of("America/Sao_Paulo"))
                .isAfter(java.time.LocalTime.of(8, 50)), "too early in the clinic's day for a no-show of 08:30");
        String doctor = practitioner("Dra. Lia Torres");
        String cancelled = book(patient("Rui Barbosa Neto"), doctor, "08:00");
        String missed = book(patient("Nise Silveira Prado"), doctor, "08:30");
        desk.go("/#/agenda/" + today);

        desk.click(card(cancelled));
        desk.click(By.cssSelector("[data-action=cancel-appointment]"));
        assertThat(desk.visible(By.cssSelector("[data-action=cancel-appointment]")).getText())
                .isEqualTo("Cancelar a consulta de Rui Barbosa Neto às 08:00?");
        desk.click(By.cssSelector("[data-action=cancel-appointment]"));
        desk.gone(card(cancelled));
        desk.visible(slot(doctor, "08:00"));

        desk.click(card(missed));
        desk.click(By.cssSelector("[data-action=no-show]"));
        // "Marcar falta" asks first (issue 11).
        desk.click(By.cssSelector("[data-action=confirm-no-show]"));
        assertThat(desk.textWith(card(missed), "FALTOU")).contains("Nise Silveira Prado");
        assertThat(desk.textWith(By.cssSelector(".day-list"), "Cancelada")).contains("Rui Barbosa Neto", "Faltou");

        desk.click(card(missed));
        assertThat(desk.textWith(By.cssSelector("dialog"), "Abrir cadastro")).contains("Nise Silveira Prado", "Faltou")
                .doesNotContain("null").doesNotContain("Fazer check-in");
    }

    @Test
    void aCheckInAtOneDeskShowsOnAnotherDesksBoardWithinOneSecond() {
        String doctor = practitioner("Dr. Paulo Freire");
        String appointment = book(patient("Zélia Gattai Amado"), doctor, "14:00");
        otherDesk = Browser.open(node.api().baseUrl(), profiles);
        otherDesk.logIn("desk2", "desk-pass-2");
        otherDesk.go("/#/board");
        otherDesk.visible(By.cssSelector(".live-status.on"));
        otherDesk.visible(By.cssSelector(".board-list[data-status=WAITING]"));
        desk.go("/#/agenda/" + today);
        desk.click(card(appointment));
        WebElement checkIn = desk.visible(By.cssSelector("dialog [data-action=checkin]"));

        long clicked = System.nanoTime();
        checkIn.click();
        String entry = otherDesk.until(driver -> driver.findElements(By.cssSelector(".board-list[data-status=WAITING] .board-card"))
                .stream().map(WebElement::getText).filter(text -> text.contains("Zélia Gattai Amado")).findFirst().orElse(null),
                Duration.ofSeconds(1));
        Duration seen = Duration.ofNanos(System.nanoTime() - clicked);

        assertThat(seen).as("the other desk's board shows the check-in without reloading").isLessThan(Duration.ofSeconds(1));
        assertThat(entry).contains("com Dr. Paulo Freire", "Esperando há 0 min");
        desk.visibleWithText(card(appointment), "CHEGOU");

        otherDesk.visible(By.cssSelector(".board-list[data-status=WAITING] [data-action=called]")).click();
        desk.go("/#/board");
        desk.visibleWithText(By.cssSelector(".board-list[data-status=CALLED]"), "Zélia Gattai Amado");
        desk.visible(By.cssSelector(".board-list[data-status=CALLED] [data-action=in_consultation]")).click();
        otherDesk.visibleWithText(By.cssSelector(".board-list[data-status=IN_CONSULTATION]"), "Zélia Gattai Amado");
    }

    @Test
    void checksAPatientInFromTheSearch() {
        String doctor = practitioner("Dra. Rachel Queiroz");
        book(patient("Graciliano Ramos Souto"), doctor, "15:00");

        desk.type(By.id("patient-search"), "graciliano");
        desk.visibleWithText(By.cssSelector("[data-action=checkin]"), "Fazer check-in · 15:00").click();

        desk.visibleWithText(By.cssSelector("[data-testid=search-results] .badge"), "Check-in feito · 15:00");
        assertThat(admin.get("/api/waiting-room").body()).contains("Graciliano Ramos Souto");
    }

    @Test
    void printingTheAgendaPrintsTheDayListOnly() {
        String doctor = practitioner("Dr. Vital Brazil");
        book(patient("Hilda Hilst Prado"), doctor, "16:00");
        desk.go("/#/agenda/" + today);
        desk.visibleWithText(By.cssSelector(".appt"), "Hilda Hilst Prado");

        desk.emulateMedia("print");
        assertThat(desk.find(By.cssSelector(".agenda-scroll")).isDisplayed()).isFalse();
        assertThat(desk.find(By.cssSelector(".topbar")).isDisplayed()).isFalse();
        assertThat(desk.find(By.cssSelector("[data-action=print]")).isDisplayed()).isFalse();
        assertThat(desk.textWith(By.cssSelector(".day-list"), "Hilda Hilst Prado")).contains("Dr. Vital Brazil", "16:00–16:30");
        assertThat(desk.textWith(By.cssSelector(".print-footer"), "Impresso em")).startsWith("Impresso em");
        desk.emulateMedia("screen");

        byte[] pdf = Base64.getDecoder().decode(desk.driver().print(new PrintOptions()).getContent());
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(5_000);
    }
}
