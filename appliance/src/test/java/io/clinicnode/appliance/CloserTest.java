package io.clinicnode.appliance;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloserTest {
    @Test
    void closesInReverseOrderOfOpeningAndGoesOnPastAFailure() {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.onClose("database", () -> closed.add("database"));
        closer.onClose("journal", () -> {
            closed.add("journal");
            throw new IllegalStateException("disk gone");
        });
        closer.onClose("web server", () -> closed.add("web server"));

        closer.close();
        closer.close();

        assertThat(closed).containsExactly("web server", "journal", "database");
    }
}
