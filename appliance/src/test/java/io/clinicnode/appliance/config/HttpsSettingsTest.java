package io.clinicnode.appliance.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsSettingsTest {
    @Test
    void withoutAnHttpsPortTheNodeServesPlainHttp() {
        assertThat(config(Map.of()).https()).isEmpty();
    }

    @Test
    void anHttpsPortWithOwnPemFilesIsRead() {
        HttpsSettings https = config(Map.of("https-port", "8443", "tls-cert", "/etc/c.pem", "tls-key", "/etc/k.pem",
                "tls-ca", "/etc/ca.pem")).https().orElseThrow();

        assertThat(https.port()).isEqualTo(8443);
        assertThat(https.ownCertificate()).isTrue();
        assertThat(https.key()).contains(Path.of("/etc/k.pem"));
        assertThat(https.ca()).contains(Path.of("/etc/ca.pem"));
    }

    @Test
    void aCertificateWithoutItsKeyOrWithoutAnHttpsPortIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> config(Map.of("https-port", "8443", "tls-cert", "/etc/c.pem")))
                .isInstanceOf(ApplianceException.class).hasMessageContaining("(--tls-key) is required");
        assertThatThrownBy(() -> config(Map.of("tls-cert", "/etc/c.pem", "tls-key", "/etc/k.pem")))
                .isInstanceOf(ApplianceException.class).hasMessageContaining("--https-port");
        assertThatThrownBy(() -> config(Map.of("https-port", "8443", "tls-ca", "/etc/ca.pem")))
                .isInstanceOf(ApplianceException.class).hasMessageContaining("--tls-ca");
    }

    @Test
    void theHttpsPortMustDifferFromTheHttpPortAndBeAPort() {
        assertThatThrownBy(() -> config(Map.of("http-port", "8080", "https-port", "8080")))
                .isInstanceOf(ApplianceException.class).hasMessageContaining("different ports");
        assertThatThrownBy(() -> config(Map.of("https-port", "70000")))
                .isInstanceOf(ApplianceException.class).hasMessageContaining("clinicnode.https-port");
    }

    private static NodeConfig config(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(NodeConfig.ROOT + "." + key, value));
        return NodeConfig.from(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).build());
    }
}
