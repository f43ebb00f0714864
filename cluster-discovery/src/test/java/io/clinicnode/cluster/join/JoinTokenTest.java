package io.clinicnode.cluster.join;

import io.clinicnode.cluster.ClusterException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinTokenTest {
    private static final String FINGERPRINT = "c739d0e3490f6652cfaf8de4cb6937b4da38bd1c330559fde0f8553b44d642f3";

    @Test
    void aNewTokenReadsBackWithItsFingerprintSecretAndSeed() {
        JoinToken token = JoinToken.create(FINGERPRINT, "192.168.1.20:8443");
        JoinToken read = JoinToken.parse("  " + token + "\n");
        assertThat(read).isEqualTo(token);
        assertThat(read.caFingerprint()).isEqualTo(FINGERPRINT);
        assertThat(read.secret()).hasSize(43);
        assertThat(read.seedHost()).isEqualTo("192.168.1.20");
        assertThat(read.seedPort()).isEqualTo(8443);
        assertThat(token.toString()).startsWith("CN1::" + FINGERPRINT + "::").endsWith("::192.168.1.20:8443");
    }

    @Test
    void twoTokensNeverShareASecret() {
        assertThat(JoinToken.create(FINGERPRINT, "h:1").secret()).isNotEqualTo(JoinToken.create(FINGERPRINT, "h:1").secret());
    }

    @Test
    void anIpv6SeedKeepsItsBrackets() {
        JoinToken token = JoinToken.parse(JoinToken.create(FINGERPRINT, "[fd00::20]:8443").toString());
        assertThat(token.seedHost()).isEqualTo("fd00::20");
        assertThat(token.seedPort()).isEqualTo(8443);
    }

    @Test
    void refusesDamagedTokensWithASentenceNamingThePart() {
        String good = JoinToken.create(FINGERPRINT, "192.168.1.20:8443").toString();
        assertThatThrownBy(() -> JoinToken.parse("K10" + good.substring(3))).isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("This is not a ClinicNode join token");
        assertThatThrownBy(() -> JoinToken.parse(good.replace(FINGERPRINT, FINGERPRINT.substring(1))))
                .hasMessageContaining("CA fingerprint is damaged");
        assertThatThrownBy(() -> JoinToken.parse(good.replace("::192.168.1.20:8443", "x::192.168.1.20:8443")))
                .hasMessageContaining("secret is damaged");
        assertThatThrownBy(() -> JoinToken.parse(good.replace(":8443", ":99999"))).hasMessageContaining("seed address");
        assertThatThrownBy(() -> JoinToken.parse("")).hasMessageStartingWith("This is not a ClinicNode join token");
        assertThatThrownBy(() -> JoinToken.parse(null)).hasMessageStartingWith("This is not a ClinicNode join token");
    }
}
