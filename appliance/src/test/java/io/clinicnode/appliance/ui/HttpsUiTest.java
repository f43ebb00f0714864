package io.clinicnode.appliance.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A desk on a node that serves HTTPS, in real Chromium: the old http address leads to HTTPS, the live board connects. */
class HttpsUiTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path profiles;
    private RunningNode node;
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
        if (node != null) {
            node.close();
        }
        assertThat(errors).as("script errors or CSP violations in the page").isEmpty();
    }

    @Test
    void aDeskTypingTheHttpAddressLandsOnHttpsLogsInAndItsLiveBoardConnects() throws Exception {
        Browser.assumeInstalled();
        node = RunningNode.start(dataDir, Map.of("https-port", "0"));
        // Chromium trusts exactly this server key, as a desk that imported the clinic CA trusts its certificates.
        desk = Browser.open("http://127.0.0.1:" + node.node().httpPort(), profiles, 1366, 768,
                List.of("--ignore-certificate-errors-spki-list=" + servedKeyHash()));

        desk.logIn("admin", RunningNode.ADMIN_PASSWORD);

        assertThat(desk.driver().getCurrentUrl()).startsWith("https://127.0.0.1:" + node.node().port() + "/");
        desk.go("/#/board");
        desk.visible(By.cssSelector(".live-status.on"));
        assertThat(desk.driver().getCurrentUrl()).startsWith("https://");
    }

    /** Base64 SHA-256 of the served certificate's public key (SPKI), as Chromium's switch wants it. */
    private String servedKeyHash() throws IOException, NoSuchAlgorithmException {
        String ca = node.plainApi().get("/ca.pem").body();
        try (SSLSocket socket = (SSLSocket) ApiClient.trusting(ca).getSocketFactory().createSocket("127.0.0.1", node.node().port())) {
            socket.startHandshake();
            byte[] spki = socket.getSession().getPeerCertificates()[0].getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        }
    }
}
