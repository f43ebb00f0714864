package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import io.clinicnode.appliance.testing.RunningNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The node goes away while a receptionist is typing: the desk says so, keeps the form, and saves once it is back. */
class ConnectionLossUiTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path profiles;
    private RunningNode node;
    private Browser browser;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> Arrays.asList(browser));

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private WebElement input(String name) {
        return browser.visible(By.cssSelector("[name='" + name + "']"));
    }

    @Test
    void aLostConnectionIsShownAndWhatWasTypedIsSavedWhenTheNodeIsBack() {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir);
        int port = node.node().port();
        browser = Browser.open(node.api().baseUrl(), profiles);
        browser.logIn("admin", RunningNode.ADMIN_PASSWORD);
        browser.visible(By.cssSelector(".live-status.on"));
        browser.go("/#/patients/new");
        input("fullName").sendKeys("Durval Offline Teixeira");
        input("birthDate").sendKeys("07/07/1977");
        input("phone").sendKeys("(11) 95555-7777");

        node.close();
        node = null;
        browser.click(By.cssSelector("[data-action=save]"));

        assertThat(browser.textWith(By.cssSelector(".connection-banner"), "Sem conexão"))
                .isEqualTo("Sem conexão com o servidor da clínica. O que você digitou está guardado; tentando reconectar…");
        assertThat(browser.textWith(By.cssSelector(".error-summary"), "Não foi possível"))
                .contains("O que você digitou foi mantido");
        browser.visible(By.cssSelector(".live-status:not(.on)"));
        assertThat(input("fullName").getAttribute("value")).isEqualTo("Durval Offline Teixeira");
        assertThat(input("phone").getAttribute("value")).isEqualTo("(11) 95555-7777");
        assertThat(browser.visible(By.cssSelector("[data-action=save]")).getText()).isEqualTo("Tentar novamente");

        node = RunningNode.start(dataDir, Map.of("http-port", Integer.toString(port)));
        browser.gone(By.cssSelector(".connection-banner"));
        browser.click(By.cssSelector("[data-action=save]"));

        assertThat(browser.textWith(By.cssSelector("[data-testid=patient-name]"), "Durval")).isEqualTo("Durval Offline Teixeira");
        browser.visible(By.cssSelector(".live-status.on"));
    }
}
