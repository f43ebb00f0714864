package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;

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

/** The admin page: users and roles, practitioners and their hours, and the audit trail of a patient. */
class AdminUiTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path profiles;
    private static RunningNode node;
    private static ApiClient admin;
    private Browser browser;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> Arrays.asList(browser));

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        admin = node.admin();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(node.api().baseUrl(), profiles);
        browser.logIn("admin", RunningNode.ADMIN_PASSWORD);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private void fill(String name, String value) {
        WebElement input = browser.visible(By.cssSelector("dialog [name='" + name + "']"));
        input.clear();
        input.sendKeys(value);
    }

    @Test
    void createsAUserWithRolesAndLanguageAndTheUserLogsInInThatLanguage() {
        browser.go("/#/admin/users");
        browser.click(By.cssSelector("[data-action=new-user]"));
        fill("username", "dr.ana");
        fill("displayName", "Dra. Ana Prática");
        fill("password", "short");
        browser.click(By.id("role-PRACTITIONER"));
        browser.click(By.cssSelector("dialog select[name=language] option[value=en]"));
        browser.click(By.cssSelector("dialog [type=submit]"));
        assertThat(browser.textWith(By.cssSelector("dialog .field-error"), "senha")).isEqualTo("A senha precisa de ao menos 8 caracteres.");

        fill("password", "long-enough-1");
        browser.click(By.cssSelector("dialog [type=submit]"));
        browser.gone(By.cssSelector("dialog"));
        assertThat(browser.textWith(By.cssSelector("[data-testid=users]"), "dr.ana")).contains("Dra. Ana Prática", "Recepção", "Profissional", "English");

        browser.click(By.cssSelector("[data-action=logout]"));
        browser.logIn("dr.ana", "long-enough-1");
        assertThat(browser.visible(By.cssSelector(".main-nav")).getText()).contains("Patients").doesNotContain("Admin");
    }

    @Test
    void addsAPractitionerWithWorkingHoursWhoThenHasAColumnInTheAgenda() {
        browser.go("/#/admin/practitioners");
        browser.click(By.cssSelector("[data-action=new-practitioner]"));
        fill("fullName", "Dr. Oswaldo Cruz");
        fill("specialty", "Infectologia");
        browser.click(By.cssSelector("dialog [type=submit]"));
        browser.gone(By.cssSelector("dialog"));
        assertThat(browser.textWith(By.cssSelector("[data-testid=practitioners]"), "Dr. Oswaldo Cruz"))
                .contains("Infectologia", "Seg–Sex 08:00–18:00");

        String monday = LocalDate.now(ZoneId.of("America/Sao_Paulo")).with(java.time.DayOfWeek.MONDAY).plusWeeks(1).toString();
        browser.go("/#/agenda/" + monday);
        assertThat(browser.textWith(By.cssSelector(".agenda-head"), "Dr. Oswaldo Cruz")).contains("Infectologia");
        browser.visible(By.cssSelector(".slot[data-time='08:00']"));
        assertThat(browser.driver().findElements(By.cssSelector(".slot[data-time='07:45']"))).isEmpty();
    }

    @Test
    void showsWhoViewedAndChangedAPatientsRecord() {
        String id = admin.post("/api/patients", Json.createObjectBuilder().add("fullName", "Carlota Joaquina Auditada")
                .add("birthDate", "1975-04-25").build()).json().getString("id");
        admin.get("/api/patients/" + id);

        browser.go("/#/admin/audit");
        browser.visible(By.cssSelector("[name=patientSearch]")).sendKeys("carlota audit");
        browser.visibleWithText(By.cssSelector(".picker-item"), "Carlota Joaquina Auditada").click();

        String trail = browser.textWith(By.cssSelector("[data-testid=audit]"), "Cadastrou");
        assertThat(trail).contains("Registro de acesso de Carlota Joaquina Auditada", "Visualizou", "admin");
    }

    @Test
    void listsADoubleBookingFromTheOtherSideOfAPartitionOnTheConflictsTab() throws Exception {
        String practitioner = TestClinic.practitioner(admin, "Dra. Dupla Marcação");
        String patient = admin.post("/api/patients", Json.createObjectBuilder().add("fullName", "Teodoro Conflito")
                .add("birthDate", "1980-02-02").build()).json().getString("id");
        LocalDate monday = TestClinic.futureMonday();
        String here = admin.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("start", monday.atTime(9, 0).toString()).add("durationMinutes", 30)
                .build()).json().getString("id");
        // The same slot, booked on a node that was cut off from this one: a fact, which this node keeps and flags.
        String there = UUID.randomUUID().toString();
        Event booking = new Event(node.node().identity().clinicId(), "node-0ther5de", 1, System.currentTimeMillis() << 16,
                AppointmentEvents.BOOKED, there, "recepcao",
                AppointmentEvents.bookedPayload(patient, practitioner, monday.atTime(9, 0), 30, null).toString());
        node.node().writes().submitFacts(List.of(booking)).get();

        browser.go("/#/admin/conflicts");

        String conflicts = browser.textWith(By.cssSelector("[data-testid=conflicts]"), "Horário duplicado");
        assertThat(conflicts).contains("Remarque ou cancele um deles", here, there);
    }

    @Test
    void showsTheNodesTheLeaderTheirPositionsAndChecksum() {
        browser.go("/#/admin/cluster");

        String summary = browser.textWith(By.cssSelector("[data-testid=cluster-summary]"), "servidor");
        String table = browser.textWith(By.cssSelector("[data-testid=cluster] table"), node.node().identity().nodeId());

        assertThat(summary).isEqualTo("1 servidor(es); todos os que respondem têm os mesmos dados.");
        assertThat(table).contains("Líder", "este", node.node().identity().nodeId(), node.node().httpUrl());
        assertThat(table).containsPattern("[0-9a-f]{12}");
    }
}
