package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The desk's everyday patient work, done in a real Chromium against a real node, as a receptionist would. */
class FrontDeskUiTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path profiles;
    private static RunningNode node;
    private static ApiClient admin;
    private Browser browser;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> java.util.Arrays.asList(browser));

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        admin = node.admin();
        admin.post("/api/users", Json.createObjectBuilder().add("username", "desk").add("displayName", "Recepção Um")
                .add("password", "desk-pass-1").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).add("language", "pt-BR").build());
        admin.post("/api/users", Json.createObjectBuilder().add("username", "reception").add("displayName", "Front Desk")
                .add("password", "desk-pass-2").add("roles", Json.createArrayBuilder().add("FRONT_DESK")).add("language", "en").build());
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
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            List<String> errors = browser.consoleErrors().stream()
                    .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                    .toList();
            browser.close();
            assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
        }
    }

    private static WebElement input(Browser browser, String name) {
        return browser.visible(By.cssSelector("[name='" + name + "']"));
    }

    /** The error line tied to a form input through aria-describedby. */
    private static String fieldError(Browser browser, String name) {
        WebElement input = input(browser, name);
        String errorId = input.getAttribute("aria-describedby").replaceAll(".* ", "");
        return browser.visible(By.id(errorId)).getText();
    }

    private static void fill(Browser browser, String name, String value) {
        WebElement element = input(browser, name);
        element.clear();
        element.sendKeys(value);
    }

    @Test
    void wrongPasswordIsASentenceAndLogoutSaysGoodbye() {
        browser.go("/");
        browser.type(By.id("login-username"), "desk").type(By.id("login-password"), "wrong-password");
        browser.click(By.cssSelector(".login-form button[type=submit]"));
        assertThat(browser.visible(By.cssSelector("[data-testid=login-message]")).getText())
                .isEqualTo("Usuário ou senha incorretos. Confira e tente de novo.");

        browser.logIn("desk", "desk-pass-1");
        assertThat(browser.visible(By.cssSelector(".user-name")).getText()).isEqualTo("Recepção Um");
        browser.click(By.cssSelector("[data-action=logout]"));
        assertThat(browser.visible(By.cssSelector("[data-testid=login-message]")).getText()).isEqualTo("Você saiu. Até logo!");
        assertThat(browser.script("return sessionStorage.getItem('cn.token')")).isNull();
    }

    @Test
    void registersAPatientShowingEachBadFieldAtItsInputThenFindsItByAnyKey() {
        browser.logIn("desk", "desk-pass-1");
        browser.click(By.cssSelector("[data-action=new-patient]"));
        browser.click(By.cssSelector("[data-action=save]"));
        assertThat(fieldError(browser, "fullName")).isEqualTo("Preencha este campo.");
        assertThat(fieldError(browser, "birthDate")).isEqualTo("Preencha este campo.");
        assertThat(input(browser, "fullName").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.visible(By.cssSelector(".error-summary")).getText()).contains("Corrija 2 campo(s)");

        fill(browser, "fullName", "Joaquina Glória Tavares");
        fill(browser, "birthDate", "31/02/1970");
        fill(browser, "document", "123.456.789-00");
        fill(browser, "email", "joaquina@");
        browser.click(By.cssSelector("[data-action=save]"));
        assertThat(fieldError(browser, "birthDate")).isEqualTo("Use o formato dd/mm/aaaa.");
        assertThat(fieldError(browser, "document")).isEqualTo("CPF inválido: os dígitos verificadores não conferem. Confira o número.");
        assertThat(fieldError(browser, "email")).startsWith("Informe um e-mail válido");

        fill(browser, "birthDate", "28/02/1970");
        fill(browser, "document", "935.411.347-80");
        fill(browser, "email", "joaquina@example.org");
        fill(browser, "phone", "11987650001");
        browser.click(By.cssSelector("[data-action=save]"));
        assertThat(browser.visible(By.cssSelector("[data-testid=patient-name]")).getText()).isEqualTo("Joaquina Glória Tavares");
        assertThat(browser.visible(By.cssSelector(".details")).getText())
                .contains("28/02/1970", "935.411.347-80", "(11) 98765-0001");

        for (String query : List.of("tavares joaquina", "GLORIA", "28/02/1970", "93541134780", "0001")) {
            browser.go("/#/patients");
            browser.type(By.id("patient-search"), query);
            browser.visibleWithText(By.cssSelector("[data-testid=search-results]"), "Joaquina Glória Tavares");
        }
    }

    @Test
    void aReloadKeepsTheDeskLoggedInOnTheSameScreen() {
        browser.logIn("desk", "desk-pass-1");
        browser.go("/#/board");
        browser.visible(By.cssSelector(".board"));

        browser.driver().navigate().refresh();

        browser.visible(By.cssSelector(".board"));
        assertThat(browser.visible(By.cssSelector(".user-name")).getText()).isEqualTo("Recepção Um");
        browser.visible(By.cssSelector(".live-status.on"));
    }

    @Test
    void searchIsDrivenByKeyboardAlone() {
        admin.post("/api/patients", Json.createObjectBuilder().add("fullName", "Teodoro Quintela").add("birthDate", "1966-06-06").build());
        browser.logIn("desk", "desk-pass-1");
        WebElement search = browser.visible(By.id("patient-search"));
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(search);
        search.sendKeys("quintela teo", Keys.ENTER);
        browser.visibleWithText(By.cssSelector("[data-testid=search-results]"), "Teodoro Quintela");
        search.sendKeys(Keys.ARROW_DOWN);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.visible(By.cssSelector("[data-testid=patient-name]")).getText()).isEqualTo("Teodoro Quintela");
    }

    @Test
    void warnsOfALikelyDuplicateBeforeSavingAndRefusesASecondHolderOfTheSameDocument() {
        admin.post("/api/patients", Json.createObjectBuilder().add("fullName", "Rosa Amélia Prado").add("birthDate", "1950-05-05")
                .add("document", "714.602.380-01").build());
        browser.logIn("desk", "desk-pass-1");
        browser.go("/#/patients/new");
        fill(browser, "fullName", "rosa amelia  prado");
        fill(browser, "birthDate", "05/05/1950");
        browser.click(By.cssSelector("[data-action=save]"));
        WebElement warning = browser.visibleWithText(By.cssSelector("[data-testid=duplicates]"), "Rosa Amélia Prado");
        assertThat(warning.getText()).contains("mesmo nome e data de nascimento");

        fill(browser, "document", "714.602.380-01");
        browser.click(By.cssSelector("[data-action=save]"));
        warning = browser.visibleWithText(By.cssSelector("[data-testid=duplicates]"), "Já existe paciente com este documento");
        assertThat(warning.findElements(By.cssSelector("[data-action=save-anyway]"))).isEmpty();

        fill(browser, "document", "");
        browser.click(By.cssSelector("[data-action=save-anyway]"));
        assertThat(browser.visible(By.cssSelector("[data-testid=patient-name]")).getText()).isEqualTo("rosa amelia prado");
        assertThat(admin.get("/api/patients?q=1950-05-05").json().getJsonArray("items")).hasSize(2);
    }

    @Test
    void fieldErrorsFromTheServerAppearAtTheirInputs() {
        browser.logIn("admin", RunningNode.ADMIN_PASSWORD);
        browser.go("/#/admin/users");
        browser.click(By.cssSelector("[data-action=new-user]"));
        fill(browser, "username", "desk");
        fill(browser, "displayName", "Second Desk");
        fill(browser, "password", "another-pass-1");
        browser.click(By.cssSelector("dialog [type=submit]"));
        // The admin speaks Portuguese: the server's English sentence never shows, the code's translation does.
        assertThat(browser.visibleWithText(By.cssSelector("dialog .field-error"), "Já existe").getText())
                .isEqualTo("Já existe um usuário com este nome.");
        assertThat(input(browser, "username").getAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void aPortugueseSpeakingDeskReadsTheServersRefusalsInPortugueseNotInEnglish() {
        browser.logIn("desk", "desk-pass-1");
        browser.go("/#/patients/new");
        fill(browser, "fullName", "!!! ...");
        fill(browser, "birthDate", "10/10/1990");
        browser.click(By.cssSelector("[data-action=save]"));
        // Only the node judges this one: its code comes back and is said in the desk's language.
        assertThat(fieldError(browser, "fullName")).isEqualTo("O nome precisa conter letras.");
        assertThat(browser.visible(By.cssSelector(".error-summary")).getText()).doesNotContain("must contain");

        fill(browser, "fullName", "Clarice Lispector Souza");
        fill(browser, "document", "529.982.247-26");
        browser.click(By.cssSelector("[data-action=save]"));
        assertThat(fieldError(browser, "document")).isEqualTo("CPF inválido: os dígitos verificadores não conferem. Confira o número.");
        fill(browser, "document", "529.982.247");
        browser.click(By.cssSelector("[data-action=save]"));
        assertThat(browser.textWith(By.cssSelector(".field-error"), "CPF"))
                .isEqualTo("CPF inválido: informe os 11 dígitos, como 123.456.789-09.");
    }

    @Test
    void anEndedSessionSaysSoAndWhatWasTypedComesBackAfterLoggingIn() {
        browser.logIn("desk", "desk-pass-1");
        browser.go("/#/patients/new");
        fill(browser, "fullName", "Draft Kept Person");
        fill(browser, "phone", "(21) 99999-1234");
        fill(browser, "birthDate", "10/10/1990");
        String token = (String) browser.script("return sessionStorage.getItem('cn.token')");
        assertThat(node.api().withToken(token).delete("/api/session").status()).isEqualTo(204);

        // The desk learns that its session ended from this save's 401, or a moment before from a call of its own (the
        // node list it refreshes, the live board): either way it lands on the login page with what was typed kept.
        try {
            browser.driver().findElement(By.cssSelector("[data-action=save]")).click();
        } catch (NoSuchElementException | StaleElementReferenceException alreadyAtLogin) {
            // nothing to click: the page already went to the login
        }
        assertThat(browser.visible(By.cssSelector("[data-testid=login-message]")).getText())
                .isEqualTo("Sua sessão não é mais válida. Entre de novo; o que você estava digitando foi guardado.");

        browser.type(By.id("login-username"), "desk").type(By.id("login-password"), "desk-pass-1");
        browser.click(By.cssSelector(".login-form button[type=submit]"));
        browser.visible(By.cssSelector(".draft-note"));
        assertThat(input(browser, "fullName").getAttribute("value")).isEqualTo("Draft Kept Person");
        assertThat(input(browser, "phone").getAttribute("value")).isEqualTo("(21) 99999-1234");
        assertThat(input(browser, "birthDate").getAttribute("value")).isEqualTo("10/10/1990");
    }

    @Test
    void aSessionIdleForTooLongEndsWithASentenceSayingSo() {
        browser.logIn("desk", "desk-pass-1");
        browser.go("/#/patients/new");
        fill(browser, "fullName", "Idle Draft Person");
        String token = (String) browser.script("return sessionStorage.getItem('cn.token')");
        // Thirty minutes pass without a call to the node (the page keeps its idle deadline across a reload).
        browser.script("sessionStorage.setItem('cn.idleDeadline', String(Date.now() - 1000))");
        browser.driver().navigate().refresh();

        assertThat(browser.textWith(By.cssSelector("[data-testid=login-message]"), "sessão"))
                .isEqualTo("Sua sessão terminou após 30 minutos sem atividade. Entre de novo; o que você estava digitando foi guardado.");
        browser.until(driver -> node.api().withToken(token).get("/api/session").status() == 401);
        browser.type(By.id("login-username"), "desk").type(By.id("login-password"), "desk-pass-1");
        browser.click(By.cssSelector(".login-form button[type=submit]"));
        assertThat(browser.visible(By.cssSelector("[name=fullName]")).getAttribute("value")).isEqualTo("Idle Draft Person");
    }

    @Test
    void anEnglishSpeakingUserGetsEnglishWithTheClinicsDates() {
        admin.post("/api/patients", Json.createObjectBuilder().add("fullName", "Ulisses Vieira").add("birthDate", "1979-12-24")
                .add("phone", "+55 11 3456-7890").build());
        browser.logIn("reception", "desk-pass-2");
        assertThat(browser.visible(By.cssSelector(".main-nav")).getText()).contains("Patients", "Agenda", "Waiting room");
        browser.type(By.id("patient-search"), "ulisses");
        WebElement results = browser.visibleWithText(By.cssSelector("[data-testid=search-results]"), "Ulisses Vieira");
        assertThat(results.getText()).contains("24/12/1979", "\u20267890").doesNotContain("3456");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
    }
}
