package io.clinicnode.appliance.write;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.Eventually;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class CommitListenerTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient desk;

    @BeforeAll
    static void start() {
        node = NODE.node();
        desk = node.admin();
    }

    private static void awaitSize(List<?> list, int size) {
        Eventually.await("the listener told", Duration.ofSeconds(5), () -> list.size() >= size);
    }

    @Test
    void listenersHearOfAChangeOnlyOnceItIsCommittedAndVisibleToOtherConnections() {
        List<String> seen = new CopyOnWriteArrayList<>();
        node.node().writes().addCommitListener(events -> {
            for (Event event : events) {
                // Read through another pooled connection: only committed rows are visible there.
                long rows = node.node().db().execute().get("SELECT COUNT(*) AS n FROM patient WHERE id = ?", event.key())
                        .map(row -> Rows.number(row, "n")).orElse(0L);
                seen.add(event.type() + ":" + rows);
            }
        });

        String id = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Committed Before Told")
                .add("birthDate", "1980-01-01").build()).json().getString("id");

        assertThat(id).isNotBlank();
        // Listeners run after the writer is acknowledged, so the answer may come first.
        awaitSize(seen, 1);
        assertThat(seen).containsExactly("patient.registered:1");
    }

    @Test
    void aRefusedChangeIsNeverReportedAndAFailingListenerHarmsNoWrite() {
        List<Event> seen = new CopyOnWriteArrayList<>();
        node.node().writes().addCommitListener(events -> {
            throw new IllegalStateException("listener bug");
        });
        node.node().writes().addCommitListener(seen::addAll);
        desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Document Holder").add("birthDate", "1980-01-01")
                .add("document", "286.255.878-87").build());
        awaitSize(seen, 1);
        seen.clear();

        ApiClient.Response refused = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Second Holder")
                .add("birthDate", "1980-01-01").add("document", "28625587887").build());
        // A later accepted write is a checkpoint: once it is reported, anything the refusal caused would be too.
        String marker = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Checkpoint Patient")
                .add("birthDate", "1980-01-01").build()).json().getString("id");
        awaitSize(seen, 1);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(seen).extracting(Event::key).containsExactly(marker);
    }
}
