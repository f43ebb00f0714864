package io.clinicnode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesAreNearestRankOverMergedSamples() {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        for (int millis = 1; millis <= 100; millis++) {
            (millis % 2 == 0 ? first : second).record(millis * 1_000_000L);
        }
        Latencies all = Latencies.merge(List.of(first, second));

        assertThat(all.count()).isEqualTo(100);
        assertThat(all.percentileMillis(50)).isEqualTo(50.0);
        assertThat(all.percentileMillis(99)).isEqualTo(99.0);
        assertThat(all.percentileMillis(100)).isEqualTo(100.0);
    }

    @Test
    void describesNoSamples() {
        assertThat(Latencies.merge(List.of(new Latencies())).describe()).isEqualTo("no samples");
    }
}
