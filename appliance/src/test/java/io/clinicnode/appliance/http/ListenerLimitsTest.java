package io.clinicnode.appliance.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerLimitsTest {
    @Test
    void connectionCapIsLoweredToFitTheFileDescriptorLimit() {
        assertThat(ListenerLimits.withinFileLimit(1000, 1024)).isEqualTo(1024 - ListenerLimits.RESERVED_FILE_DESCRIPTORS);
        assertThat(ListenerLimits.withinFileLimit(1000, 65_536)).isEqualTo(1000);
        assertThat(ListenerLimits.withinFileLimit(1000, -1)).isEqualTo(1000);
    }

    @Test
    void loggedReasonStopsBeforeTheRequestBytes() {
        assertThat(TransportProblems.reason("Invalid prologue: Found LF (5) without CR\nAuthorization: Bearer x"))
                .isEqualTo("Invalid prologue");
        assertThat(TransportProblems.reason("Request URI too long.")).isEqualTo("Request URI too long.");
        assertThat(TransportProblems.reason(null)).isEqualTo("no reason given");
    }
}
