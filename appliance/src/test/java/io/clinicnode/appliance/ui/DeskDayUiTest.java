package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
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

/**
 * The front desk's day as a receptionist does it in real Chromium (pt-BR): confirming tomorrow's list, booking with an
 * appointment type, the week view with blocks and the next free slot, a practitioner's "meus pacientes", forms that
 * type their own separators and drop stale errors, drafts that stay with their form, dialogs on a phone, and a
 * login lockout that leaves colleagues alone.
 */
class DeskDayUiTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path profiles;
    private static RunningNode node;
    private static ApiClient admin;
    private String today;
    private Browser desk;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> Arrays.asList(desk));

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        admin = node.admin();
        for (String username : List.of("desk", "desk2")) {
            admin.post("/api/users", Json.createObjectBuilder().add("username", username).add("displayName", "Recepção " + username)
                    .add("password", "desk-pass-1").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).build());
        }
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
    }

    @AfterEach
    void closeBrowser() {
        if (desk != null) {
            List<String> errors = desk.consoleErrors().stream()
                    .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                    .toList();
            desk.close();
            assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
        }
    }

    private Browser deskBrowser() {
        desk = Browser.open(node.api().baseUrl(), profiles);
        return desk.logIn("desk", "desk-pass-1");
    }

    /** A practitioner who works every day from 07:00 to 20:00, so the tests run whatever today is. */
    private static String practitioner(String name) {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day).add("start", "07:00").add("end", "20:00"));
        }
        ApiClient.Response created = admin.post("/api/practitioners", Json.createObjectBuilder().add("fullName", name)
                .add("workingHours", hours).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static String patient(String name, String phone) {
        return admin.post("/api/patients", Json.createObjectBuilder().add("fullName", name).add("birthDate", "1985-05-20")
                .add("phone", phone).build()).json().getString("id");
    }

    private static String book(String patientId, String practitionerId, String start) {
        ApiClient.Response booked = admin.post("/api/appointments", Json.createObjectBuilder().add("patientId", patientId)
                .add("practitionerId", practitionerId).add("start", start).add("durationMinutes", 30).build());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().getString("id");
    }

    private static JsonObject appointment(String id) {
        return admin.get("/api/appointments/" + id).json();
    }

    private static By row(String appointmentId) {
        return By.cssSelector("[data-testid=confirmations] tr[data-appointment='" + appointmentId + "']");
    }

    @Test
    void confirmsTomorrowsAppointmentsFromTheListByPhoneAndUndoesOne() {
        String tomorrow = LocalDate.parse(today).plusDays(1).toString();
        String doctor = practitioner("Dra. Lista de Amanhã");
        String first = book(patient("Rosa Confirmação", "(11) 98123-4567"), doctor, tomorrow + "T08:00");
        String second = book(patient("Tadeu Mensagem", "(11) 97654-3210"), doctor, tomorrow + "T08:30");
        deskBrowser().click(By.cssSelector(".main-nav a[data-nav='#/confirmations']"));

        assertThat(desk.visible(row(first)).getText()).contains("08:00", "Rosa Confirmação", "(11) 98123-4567", "Agendada");
        desk.click(By.cssSelector("[data-testid=confirmations] tr[data-appointment='" + first + "'] [data-action=confirm-phone]"));
        desk.visibleWithText(row(first), "Confirmada");
        assertThat(desk.visible(row(first)).getText()).contains("telefone");
        desk.click(By.cssSelector("[data-testid=confirmations] tr[data-appointment='" + second + "'] [data-action=confirm-message]"));
        desk.visibleWithText(By.cssSelector("[data-testid=confirm-count]"), "2 de 2 confirmadas");
        assertThat(appointment(first).getString("confirmationChannel")).isEqualTo("PHONE");
        assertThat(appointment(second).getString("confirmationChannel")).isEqualTo("WHATSAPP");

        desk.click(By.cssSelector("[data-testid=confirmations] tr[data-appointment='" + second + "'] [data-action=unconfirm]"));
        desk.visibleWithText(By.cssSelector("[data-testid=confirm-count]"), "1 de 2 confirmadas");
        assertThat(appointment(second).getString("status")).isEqualTo("BOOKED");
        assertThat(admin.get("/api/audit?patientId=" + appointment(first).getString("patientId")).json().getJsonArray("items")
                .getValuesAs(JsonObject.class)).extracting(entry -> entry.getString("action")).contains("LIST", "CONFIRM");
    }

    @Test
    void booksWithAnAppointmentTypeWhoseDurationIsTheDefaultAndTheAgendaShowsIt() {
        ApiClient.Response type = admin.post("/api/appointment-types", Json.createObjectBuilder().add("name", "Retorno rápido")
                .add("durationMinutes", 20).add("color", "#2e7d32").build());
        String doctor = practitioner("Dr. Tipo na Agenda");
        patient("Ulisses Retorno", "(11) 91111-2222");
        deskBrowser().go("/#/agenda/" + today);

        desk.click(By.cssSelector(".slot[data-practitioner='" + doctor + "'][data-time='10:00']"));
        desk.visible(By.cssSelector("dialog [name=patientSearch]")).sendKeys("ulisses ret");
        desk.visibleWithText(By.cssSelector("dialog .picker-item"), "Ulisses Retorno").click();
        desk.click(By.cssSelector("dialog select[name=typeId] option[value='" + type.json().getString("id") + "']"));
        assertThat(desk.visible(By.cssSelector("dialog select[name=durationMinutes]")).getAttribute("value")).isEqualTo("20");
        desk.click(By.cssSelector("[data-action=confirm-booking]"));
        desk.gone(By.cssSelector("dialog"));

        WebElement card = desk.visibleWithText(By.cssSelector(".appt"), "Ulisses Retorno");
        assertThat(card.getAttribute("textContent")).contains("10:00–10:20", "Retorno rápido");
        assertThat(card.getCssValue("border-left-color")).isEqualTo("rgba(46, 125, 50, 1)");
        JsonObject booked = admin.get("/api/appointments?date=" + today + "&practitionerId=" + doctor).json().getJsonArray("items")
                .getJsonObject(0);
        assertThat(booked.getString("typeId")).isEqualTo(type.json().getString("id"));
        assertThat(booked.getInt("durationMinutes")).isEqualTo(20);
    }

    @Test
    void blocksAnAfternoonFromTheWeekViewFindsTheNextFreeSlotAndTheAgendaRefusesTheBlockedTime() {
        LocalDate day = LocalDate.parse(today).plusDays(2);
        String doctor = practitioner("Dra. Semana Bloqueada");
        String patientId = patient("Vera Semana", "(11) 93333-4444");
        book(patientId, doctor, day + "T07:00");
        deskBrowser().go("/#/week/" + day + "?practitioner=" + doctor);
        desk.visibleWithText(By.cssSelector(".week-day[data-day='" + day + "']"), "Vera Semana");

        desk.click(By.cssSelector("[data-action=block]"));
        String digits = day.toString().substring(8, 10) + day.toString().substring(5, 7) + day.toString().substring(0, 4);
        desk.type(By.cssSelector("dialog [name=startDate]"), digits);
        assertThat(desk.find(By.cssSelector("dialog [name=startDate]")).getAttribute("value"))
                .isEqualTo(digits.substring(0, 2) + "/" + digits.substring(2, 4) + "/" + digits.substring(4));
        desk.type(By.cssSelector("dialog [name=startTime]"), "0730");
        assertThat(desk.find(By.cssSelector("dialog [name=startTime]")).getAttribute("value")).isEqualTo("07:30");
        desk.type(By.cssSelector("dialog [name=endDate]"), digits);
        desk.type(By.cssSelector("dialog [name=endTime]"), "2000");
        desk.type(By.cssSelector("dialog [name=reason]"), "Congresso");
        desk.click(By.cssSelector("[data-action=save-block]"));
        desk.gone(By.cssSelector("dialog"));
        assertThat(desk.visible(By.cssSelector(".week-day[data-day='" + day + "'] [data-testid=block]")).getText()).contains("Congresso");

        desk.click(By.cssSelector("[data-action=next-free]"));
        assertThat(desk.visible(By.cssSelector("[data-testid=free-slot]")).getText()).startsWith("Próximo horário livre de Dra. Semana Bloqueada:");
        JsonObject free = admin.get("/api/appointments/next-free?practitionerId=" + doctor + "&after=" + day + "T07%3A00").json();
        assertThat(free.getString("start")).isEqualTo(day.plusDays(1) + "T07:00");

        desk.go("/#/agenda/" + day);
        desk.click(By.cssSelector(".slot[data-practitioner='" + doctor + "'][data-time='09:00']"));
        desk.visible(By.cssSelector("dialog [name=patientSearch]")).sendKeys("vera sem");
        desk.visibleWithText(By.cssSelector("dialog .picker-item"), "Vera Semana").click();
        desk.click(By.cssSelector("[data-action=confirm-booking]"));
        assertThat(desk.visible(By.cssSelector("[data-testid=booking-error]")).getText())
                .isEqualTo("A agenda deste profissional está bloqueada neste horário (férias, folga…). Escolha outro horário.");
    }

    @Test
    void aPractitionersLoginOpensOnTheirOwnPatientsOfTheDay() {
        String doctor = practitioner("Dra. Meus Pacientes");
        String other = practitioner("Dr. Outra Coluna");
        book(patient("Wagner Meu", "(11) 95555-6666"), doctor, today + "T11:00");
        book(patient("Xênia Alheia", "(11) 95555-7777"), other, today + "T11:00");
        admin.post("/api/users", Json.createObjectBuilder().add("username", "dra-meus").add("displayName", "Dra. Meus Pacientes")
                .add("password", "doctor-pass-1").add("roles", Json.createArrayBuilder().add("PRACTITIONER")).build());
        assertThat(admin.patch("/api/users/dra-meus", Json.createObjectBuilder().add("practitionerId", doctor).build()).status())
                .isEqualTo(200);

        desk = Browser.open(node.api().baseUrl(), profiles);
        desk.logIn("dra-meus", "doctor-pass-1");

        desk.until(driver -> driver.getCurrentUrl().contains("#/mine") ? true : null);
        assertThat(desk.visible(By.cssSelector(".main-nav li:first-child a")).getText()).isEqualTo("Meus pacientes");
        assertThat(desk.visibleWithText(By.cssSelector("[data-testid=mine]"), "Wagner Meu").getText())
                .contains("11:00–11:30").doesNotContain("Xênia Alheia");
    }

    @Test
    void formsTypeTheirSeparatorsDropAStaleErrorAndKeepADraftToItsOwnNewPatient() {
        deskBrowser().go("/#/patients");
        desk.click(By.cssSelector("[data-action=new-patient]"));
        desk.type(By.cssSelector("[name=birthDate]"), "12031984");
        assertThat(desk.find(By.cssSelector("[name=birthDate]")).getAttribute("value")).isEqualTo("12/03/1984");
        desk.type(By.cssSelector("[name=email]"), "yara@");
        desk.click(By.cssSelector("[data-action=save]"));
        desk.visible(By.cssSelector(".field.invalid [name=fullName]"));
        desk.visible(By.cssSelector(".field.invalid [name=email]"));

        desk.type(By.cssSelector("[name=fullName]"), "Yara Rascunho");
        desk.gone(By.cssSelector(".field.invalid [name=fullName]"));
        desk.find(By.cssSelector("[name=email]")).sendKeys("exemplo");
        assertThat(desk.find(By.cssSelector(".field.invalid [name=email]")).isDisplayed()).as("still not an address").isTrue();
        desk.find(By.cssSelector("[name=email]")).sendKeys(".com");
        desk.gone(By.cssSelector(".field.invalid [name=email]"));
        desk.gone(By.cssSelector(".error-summary"));

        desk.driver().navigate().refresh();
        desk.visible(By.cssSelector(".draft-note"));
        assertThat(desk.visible(By.cssSelector("[name=fullName]")).getAttribute("value")).isEqualTo("Yara Rascunho");

        desk.go("/#/patients");
        desk.click(By.cssSelector("[data-action=new-patient]"));
        assertThat(desk.visible(By.cssSelector("[name=fullName]")).getAttribute("value")).as("the next new patient starts empty").isEmpty();
        assertThat(desk.driver().findElements(By.cssSelector(".draft-note"))).isEmpty();
    }

    @Test
    void theBookingAndAppointmentDialogsFitAPhoneScreen() {
        String doctor = practitioner("Dr. Celular");
        String id = book(patient("Zuleica Telefone", "(11) 96666-7777"), doctor, today + "T12:00");
        desk = Browser.open(node.api().baseUrl(), profiles, 390, 844);
        desk.logIn("desk", "desk-pass-1");
        desk.go("/#/agenda/" + today);

        desk.click(By.cssSelector(".slot[data-practitioner='" + doctor + "'][data-time='13:00']"));
        assertFitsTheScreen("[data-action=confirm-booking]");
        desk.visible(By.cssSelector("dialog")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        desk.gone(By.cssSelector("dialog"));

        desk.click(By.cssSelector(".appt[data-appointment='" + id + "']"));
        assertFitsTheScreen("[data-action=move]");
    }

    /** The open dialog is no wider than the window, and its button can be scrolled to and clicked. */
    private void assertFitsTheScreen(String button) {
        desk.visible(By.cssSelector("dialog[open]"));
        Number viewport = (Number) desk.script("return document.documentElement.clientWidth");
        Number dialogRight = (Number) desk.script("return document.querySelector('dialog[open]').getBoundingClientRect().right");
        Number overflow = (Number) desk.script("const d = document.querySelector('dialog[open] .dialog-body');"
                + " return d.scrollWidth - d.clientWidth");
        assertThat(dialogRight.doubleValue()).isLessThanOrEqualTo(viewport.doubleValue());
        assertThat(overflow.intValue()).as("nothing wider than the dialog").isLessThanOrEqualTo(0);
        desk.script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", "dialog[open] " + button);
        Number bottom = (Number) desk.script("return document.querySelector(arguments[0]).getBoundingClientRect().bottom",
                "dialog[open] " + button);
        assertThat(bottom.doubleValue()).isLessThanOrEqualTo(844);
    }

    @Test
    void fiveWrongPasswordsLockThatUserButNotHerColleagueOnTheSameComputer() {
        desk = Browser.open(node.api().baseUrl(), profiles);
        desk.go("/#/login");
        for (int attempt = 1; attempt <= 5; attempt++) {
            desk.type(By.id("login-username"), "desk2").type(By.id("login-password"), "wrong-" + attempt);
            desk.click(By.cssSelector(".login-form button[type=submit]"));
            desk.visibleWithText(By.cssSelector("[data-testid=login-message]"), "incorretos");
            desk.script("document.querySelector('[data-testid=login-message]').textContent = ''");
        }
        desk.type(By.id("login-username"), "desk2").type(By.id("login-password"), "desk-pass-1");
        desk.click(By.cssSelector(".login-form button[type=submit]"));
        desk.visibleWithText(By.cssSelector("[data-testid=login-message]"), "Muitas tentativas");

        desk.logIn("desk", "desk-pass-1");
        assertThat(desk.visible(By.cssSelector(".main-nav")).isDisplayed()).isTrue();
    }
}
