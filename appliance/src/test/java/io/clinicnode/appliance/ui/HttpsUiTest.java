package io.clinicnode.appliance.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestPorts;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desks on nodes that serve HTTPS, in real Chromium: the old http address leads to HTTPS, the live board connects over
 * wss under the CSP, and the failover to another member works with https addresses.
 */
class HttpsUiTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path profiles;
    private RunningNode node;
    private RunningNode other;
    private Browser desk;
    @RegisterExtension
    final FailureScreenshots failures = new FailureScreenshots(() -> desk == null ? List.of() : List.of(desk));

    @AfterEach
    void stop() {
        List<String> errors = List.of();
        if (desk != null) {
            errors = desk.consoleErrors().stream()
                    .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                    .toList();
            desk.close();
        }
        for (RunningNode running : Arrays.asList(node, other)) {
            if (running != null) {
                running.close();
            }
        }
        assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
    }

    @Test
    void aDeskTypingTheHttpAddressLandsOnHttpsLogsInAndItsLiveBoardConnects() throws Exception {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir, Map.of("https-port", "0"));
        // Chromium trusts exactly this server key, as a desk that imported the clinic CA trusts its certificates.
        desk = Browser.open("http://127.0.0.1:" + node.node().httpPort(), profiles, 1366, 768,
                List.of("--ignore-certificate-errors-spki-list=" + servedKeyHash(node)));

        desk.logIn("admin", RunningNode.ADMIN_PASSWORD);

        assertThat(desk.driver().getCurrentUrl()).startsWith("https://127.0.0.1:" + node.node().port() + "/");
        desk.go("/#/board");
        desk.visible(By.cssSelector(".live-status.on"));
        assertThat(desk.driver().getCurrentUrl()).startsWith("https://");
    }

    @Test
    void whenItsHttpsNodeStopsTheDeskCarriesOnWithTheOtherOverHttpsWithoutLoggingInAgain() throws Exception {
        Browser.assumeInstalled();
        ClusterCredentials clinic = ClusterInit.create(dataDir.resolve("cluster"));
        int first = TestPorts.freeClusterPort();
        int second = TestPorts.freeClusterPort();
        String peers = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        node = RunningNode.start(dataDir.resolve("n1"), Map.of("https-port", "0", "cluster.dir", clinic.directory().toString(),
                "cluster.port", Integer.toString(first), "cluster.peers", peers));
        other = RunningNode.start(dataDir.resolve("n2"), Map.of("https-port", "0", "cluster.dir", clinic.directory().toString(),
                "cluster.port", Integer.toString(second), "cluster.peers", peers));
        desk = Browser.open(other.node().httpUrl(), profiles, 1366, 768,
                List.of("--ignore-certificate-errors-spki-list=" + servedKeyHash(node) + "," + servedKeyHash(other)));
        desk.logIn("admin", RunningNode.ADMIN_PASSWORD);
        desk.visible(By.cssSelector(".live-status.on"));
        desk.until(driver -> desk.script("return JSON.parse(sessionStorage.getItem('cn.nodes') || '[]').length") instanceof Long count
                && count == 2);
        desk.go("/#/patients/new");
        desk.visible(By.cssSelector("[name='fullName']")).sendKeys("Glória Https Nunes");
        desk.visible(By.cssSelector("[name='birthDate']")).sendKeys("03/03/1973");

        other.close();
        other = null;
        desk.visible(By.cssSelector("[name='phone']")).sendKeys("(11) 94444-3333");
        desk.visible(By.cssSelector(".live-status.on"));
        desk.click(By.cssSelector("[data-action=save]"));

        assertThat(desk.textWith(By.cssSelector("[data-testid=patient-name]"), "Glória")).isEqualTo("Glória Https Nunes");
        assertThat(desk.driver().getCurrentUrl()).doesNotContain("#/login");
        assertThat(String.valueOf(desk.script("return sessionStorage.getItem('cn.base')"))).isEqualTo(node.node().httpUrl());
    }

    /** Base64 SHA-256 of the served certificate's public key (SPKI), as Chromium's switch wants it. */
    private static String servedKeyHash(RunningNode running) throws IOException, NoSuchAlgorithmException {
        String ca = running.plainApi().get("/ca.pem").body();
        try (SSLSocket socket = (SSLSocket) ApiClient.trusting(ca).getSocketFactory().createSocket("127.0.0.1", running.node().port())) {
            socket.startHandshake();
            byte[] spki = socket.getSession().getPeerCertificates()[0].getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        }
    }
}
