package io.clinicnode.installer.box;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.config.NodeConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings file init and join write is what the node reads, under any root, readable by the service user. */
class BoxConfigTest {
    @TempDir
    Path temp;

    @Test
    void theWrittenSettingsAreWhatTheNodeReads() throws Exception {
        BoxLayout layout = BoxLayout.of(temp.resolve("box"));
        BoxConfig.write(layout, new BoxConfig.Settings("clinic-sp", "Clínica \"SP\" \\ Centro", "BR", "America/Sao_Paulo",
                "0.0.0.0", 8080, 8443, 7800, "127.0.0.1", List.of(new InetSocketAddress("127.0.0.1", 7800)), true, false, true));
        NodeConfig config = BoxConfig.read(layout, Map.of());
        assertThat(config.clinicId()).isEqualTo("clinic-sp");
        assertThat(config.dataDir()).isEqualTo(temp.resolve("box/var/lib/clinicnode"));
        assertThat(config.dataKey()).contains(temp.resolve("box/etc/clinicnode/data.key"));
        assertThat(config.https().orElseThrow().port()).isEqualTo(8443);
        assertThat(config.cluster().orElseThrow().joinTokens()).contains(temp.resolve("box/var/lib/clinicnode/join-tokens"));
        assertThat(config.cluster().orElseThrow().peers()).containsExactly(new InetSocketAddress("127.0.0.1", 7800));
        assertThat(BoxConfig.value(layout, "clinic-name")).contains("Clínica \"SP\" \\ Centro");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.configFile()))).isEqualTo("rw-r--r--");
        assertThat(BoxConfig.installed(layout)).isTrue();
    }

    @Test
    void aBoxWithoutSettingsSaysWhatToRun() {
        assertThatThrownBy(() -> BoxConfig.read(BoxLayout.of(temp), Map.of()))
                .hasMessageContaining("run `clinicnode init`").hasMessageContaining("clinicnode join TOKEN");
    }

    @Test
    void lifetimesReadAsTechniciansWriteThem() {
        TtlConverter converter = new TtlConverter();
        assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(converter.convert("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(converter.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TtlConverter.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(TtlConverter.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThatThrownBy(() -> converter.convert("0h")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("1 week")).isInstanceOf(TypeConversionException.class);
    }
}
