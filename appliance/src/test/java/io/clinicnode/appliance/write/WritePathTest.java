package io.clinicnode.appliance.write;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write path against a real journal and a real H2 file, with a tiny "note" projection of its own so
 * the tests speak only of the mechanism.
 */
class WritePathTest {
    private static final NodeIdentity NODE = new NodeIdentity("clinic-a", "node-1");

    @TempDir
    Path dir;

    /** Notes are rows in node_meta; a note whose text is "refuse" is refused, "explode" fails unexpectedly. */
    private static Projection projection() {
        return new Projection().register("note.added", (event, payload, context) -> {
            String text = payload.getString("text");
            if (text.equals("refuse")) {
                throw new RejectedChange(RejectedChange.Reason.CONFLICT, "text", "refused on purpose");
            }
            if (text.equals("explode")) {
                context.db().dml("INSERT INTO node_meta (meta_name, meta_value) VALUES (?, ?)", "half-" + event.key(), "written");
                throw new IllegalStateException("failed on purpose after writing a row");
            }
            context.db().dml("INSERT INTO node_meta (meta_name, meta_value) VALUES (?, ?)", event.key(), text);
        });
    }

    private static Change note(String key, String text) {
        return new Change("note.added", key, "tester", Json.createObjectBuilder().add("text", text).build());
    }

    private static List<String> notes(DbClient db) {
        return db.execute().query("SELECT meta_name FROM node_meta WHERE meta_name LIKE 'n%' OR meta_name LIKE 'half-%' ORDER BY meta_name")
                .map(row -> Rows.text(row, "meta_name")).toList();
    }

    @Test
    void acknowledgedChangeIsInTheJournalAndTheDatabase() {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
            Event event = writes.write(note("n1", "hello"));
            writes.close();

            assertThat(event.origin()).isEqualTo("node-1");
            assertThat(event.originSeq()).isEqualTo(1);
            assertThat(notes(database.client())).containsExactly("n1");
            List<Event> journaled = new ArrayList<>();
            journal.replay(0, (index, e) -> journaled.add(e));
            assertThat(journaled).containsExactly(event);
        }
    }

    @Test
    void refusedChangeIsNeitherJournaledNorAppliedAndDoesNotUseASequenceNumber() {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());

            assertThatThrownBy(() -> writes.write(note("n1", "refuse"))).isInstanceOf(RejectedChange.class);
            Event next = writes.write(note("n2", "fine"));
            writes.close();

            assertThat(next.originSeq()).isEqualTo(1);
            assertThat(notes(database.client())).containsExactly("n2");
            assertThat(journal.replay(0, (index, e) -> assertThat(e.key()).isEqualTo("n2"))).isPositive();
        }
    }

    @Test
    void oneFailingChangeInAGroupLeavesNoTraceAndTheOthersSucceed() {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
            List<CompletableFuture<Event>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(writes.submit(note("n" + (100 + i), i == 25 ? "explode" : "ok")));
            }
            long failed = futures.stream().filter(future -> future.handle((event, error) -> error != null).join()).count();
            writes.close();

            assertThat(failed).isEqualTo(1);
            assertThat(notes(database.client())).hasSize(49).noneMatch(name -> name.startsWith("half-"));
        }
    }

    @Test
    void replayAppliesWhatTheDatabaseMissedAndApplyingTwiceChangesNothing() {
        Projection projection = projection();
        List<Event> events = new ArrayList<>();
        try (Journal journal = Journal.open(dir.resolve("journal"))) {
            // As if the node died after the journal sync but before the H2 commit: journal only.
            for (int seq = 1; seq <= 3; seq++) {
                Event event = new Event("clinic-a", "node-1", seq, seq, "note.added", "n" + seq, "tester",
                        Json.createObjectBuilder().add("text", "t" + seq).build().toString());
                events.add(event);
                journal.append(event);
            }
            journal.sync();
        }
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            HybridLogicalClock clock = new HybridLogicalClock(Clock.systemUTC());

            assertThat(Recovery.replay(journal, projection, database.client(), clock)).isEqualTo(3);
            assertThat(Recovery.replay(journal, projection, database.client(), clock)).isZero();
            DbTransaction tx = database.client().transaction();
            assertThat(projection.apply(events.get(1), tx)).isEmpty();
            tx.commit();

            assertThat(notes(database.client())).containsExactly("n1", "n2", "n3");
            WritePath writes = new WritePath(journal, projection, database.client(), NODE, clock, new SimpleMeterRegistry());
            assertThat(writes.write(note("n4", "after")).originSeq()).as("sequence continues after replay").isEqualTo(4);
            writes.close();
        }
    }

    @Test
    void aGroupThatCannotBeMadeDurableStopsTheWriterAndNoSequenceNumberIsUsedTwice() {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
            writes.write(note("n1", "a"));
            RefuseJournalPosition.install(database.client());

            assertThatThrownBy(() -> writes.write(note("n2", "b"))).isInstanceOf(WriterStopped.class);
            RefuseJournalPosition.remove(database.client());
            assertThatThrownBy(() -> writes.write(note("n3", "c")))
                    .as("the database works again, but the writer must not reuse the failed group's sequence numbers")
                    .isInstanceOf(WriterStopped.class).hasMessageContaining("restart");
            assertThat(writes.stopped()).isPresent();
            writes.close();
        }
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            HybridLogicalClock clock = new HybridLogicalClock(Clock.systemUTC());
            Recovery.replay(journal, projection(), database.client(), clock);
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, clock, new SimpleMeterRegistry());
            Event after = writes.write(note("n4", "d"));
            writes.close();

            List<Long> sequences = new ArrayList<>();
            journal.replay(0, (index, event) -> sequences.add(event.originSeq()));
            assertThat(sequences).as("every sequence number once, in order").containsExactly(1L, 2L, 3L);
            assertThat(after.originSeq()).isEqualTo(3);
            assertThat(notes(database.client())).as("the restart applied what the journal held").containsExactly("n1", "n2", "n4");
        }
    }

    @Test
    void replayAfterLosingTheDatabaseRebuildsItFromTheJournal() {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
            writes.write(note("n1", "a"));
            writes.write(note("n2", "b"));
            writes.close();
        }
        try (Database database = Database.open(dir.resolve("fresh-db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            Recovery.replay(journal, projection(), database.client(), new HybridLogicalClock(Clock.systemUTC()));

            assertThat(notes(database.client())).containsExactly("n1", "n2");
        }
    }

    private static Event fact(String origin, long seq, String key, String text) {
        return new Event(NODE.clinicId(), origin, seq, 1_000L * seq, "note.added", key, "tester",
                Json.createObjectBuilder().add("text", text).build().toString());
    }

    @Test
    void factsApplyInTheirOriginsOrderGapsWaitDuplicatesAreSkippedAndRefusalsAreKeptAsConflicts() throws Exception {
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, projection(), database.client(), NODE, new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());

            WritePath.FactsResult first = writes.submitFacts(List.of(fact("node-2", 1, "n1", "a"), fact("node-2", 2, "n2", "refuse"),
                    fact("node-2", 4, "n4", "d"), fact("node-3", 1, "n5", "e"))).get();
            WritePath.FactsResult again = writes.submitFacts(List.of(fact("node-2", 1, "n1", "a"), fact("node-2", 3, "n3", "c"),
                    fact("node-2", 4, "n4", "d"))).get();

            assertThat(first.taken()).isEqualTo(3);
            assertThat(first.gaps()).containsExactly(java.util.Map.entry("node-2", 2L));
            assertThat(again.taken()).as("the duplicate of seq 1 is skipped").isEqualTo(2);
            assertThat(again.gaps()).isEmpty();
            assertThat(notes(database.client())).containsExactly("n1", "n3", "n4", "n5");
            assertThat(writes.watermarks().snapshot()).containsEntry("node-2", 4L).containsEntry("node-3", 1L);
            assertThat(database.client().execute().query("SELECT origin, origin_seq, reason FROM replication_conflict")
                    .map(row -> Rows.text(row, "origin") + ":" + Rows.number(row, "origin_seq") + " " + Rows.text(row, "reason")).toList())
                    .containsExactly("node-2:2 refused on purpose");
            writes.close();
        }
        try (Database database = Database.open(dir.resolve("fresh-db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            Recovery.replay(journal, projection(), database.client(), new HybridLogicalClock(Clock.systemUTC()));

            assertThat(notes(database.client())).as("the journal rebuilds the same data").containsExactly("n1", "n3", "n4", "n5");
        }
    }
}
