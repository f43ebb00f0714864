package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.ui.Browser;
import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee G6 in real Chromium against three real node processes: the node a receptionist's browser is using is
 * SIGKILLed while she is typing a registration; the desk carries on with another node: same session (no login
 * screen), what she typed is still there, the save succeeds, and the live board reconnects.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FailoverUiTest {
    @TempDir
    Path work;
    @TempDir
    Path profiles;
    private TestCluster cluster;
    private Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private WebElement input(String name) {
        return browser.visible(By.cssSelector("[name='" + name + "']"));
    }

    @Test
    void whenItsNodeIsKilledTheDeskCarriesOnWithAnotherNodeWithoutLoggingInAgainOrLosingWhatWasTyped() throws Exception {
        Browser.assumeInstalled();
        cluster = new TestCluster(work, 3);
        List<NodeProcess> nodes = cluster.startAll();
        NodeProcess deskNode = nodes.get(1);
        browser = Browser.open(deskNode.baseUri().toString().replaceAll("/$", ""), profiles);
        browser.logIn("admin", TestNodes.ADMIN_PASSWORD);
        browser.visible(By.cssSelector(".live-status.on"));
        // The app learns the cluster's nodes after login.
        browser.until(driver -> browser.script("return JSON.parse(sessionStorage.getItem('cn.nodes') || '[]').length") instanceof Long count
                && count == 3);
        browser.go("/#/patients/new");
        input("fullName").sendKeys("Glória Failover Nunes");
        input("birthDate").sendKeys("03/03/1973");

        long killedAt = System.nanoTime();
        deskNode.kill();
        input("phone").sendKeys("(11) 94444-3333");
        // The live feed notices at once and moves to another node; the next save goes there.
        browser.visible(By.cssSelector(".live-status.on"));
        browser.click(By.cssSelector("[data-action=save]"));

        assertThat(browser.textWith(By.cssSelector("[data-testid=patient-name]"), "Glória")).isEqualTo("Glória Failover Nunes");
        System.out.printf("Failover: SIGKILL of the desk's node → registration saved on another node in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("#/login");
        assertThat(String.valueOf(browser.script("return sessionStorage.getItem('cn.base')"))).isNotEqualTo(deskNode.baseUri().toString());
        String id = browser.driver().getCurrentUrl().replaceAll(".*#/patients/([0-9a-f-]{36}).*", "$1");
        for (NodeProcess node : List.of(nodes.get(0), nodes.get(2))) {
            assertThat(TestCluster.admin(node).get("/api/patients/" + id).status()).as("saved patient read on %s", node.nodeId()).isEqualTo(200);
        }
    }
}
