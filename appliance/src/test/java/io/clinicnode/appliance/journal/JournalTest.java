package io.clinicnode.appliance.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.bytes.SyncMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {
    @TempDir
    Path dir;

    private static Event event(long seq) {
        return new Event("clinic-a", "node-1", seq, 1000L + seq, "test.happened", "key-" + seq, "tester",
                "{\"n\":" + seq + ",\"text\":\"ção\"}");
    }

    @Test
    void eventsReadBackExactlyAsWrittenAfterReopening() {
        try (Journal journal = Journal.open(dir)) {
            for (long seq = 1; seq <= 3; seq++) {
                journal.append(event(seq));
            }
            journal.sync();
        }
        List<Event> read = new ArrayList<>();
        try (Journal journal = Journal.open(dir)) {
            journal.replay(0, (index, event) -> read.add(event));
        }
        assertThat(read).containsExactly(event(1), event(2), event(3));
    }

    @Test
    void replayStartsAfterTheGivenIndex() {
        long secondIndex;
        try (Journal journal = Journal.open(dir)) {
            journal.append(event(1));
            secondIndex = journal.append(event(2));
            journal.append(event(3));
            journal.sync();

            List<Long> seqs = new ArrayList<>();
            long last = journal.replay(secondIndex, (index, event) -> seqs.add(event.originSeq()));

            assertThat(seqs).containsExactly(3L);
            assertThat(last).isGreaterThan(secondIndex);
        }
    }

    @Test
    void replayFromAnIndexTheJournalDoesNotHoldIsRefused() {
        try (Journal journal = Journal.open(dir)) {
            journal.append(event(1));
            journal.sync();
            assertThatThrownBy(() -> journal.replay(Long.MAX_VALUE / 2, (index, event) -> { }))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("restore");
        }
    }

    @Test
    void syncWaitsForTheDeviceNotJustForWriteBack() {
        // Chronicle's default maps with MS_ASYNC, which only schedules write-back: acknowledged events
        // would then survive a killed process but not a power cut (G1).
        try (Journal journal = Journal.open(dir)) {
            journal.append(event(1));
            journal.sync();

            assertThat(journal.mappedSyncMode()).isEqualTo(SyncMode.SYNC);
        }
    }

    @Test
    void syncWithNothingAppendedIsHarmless() {
        try (Journal journal = Journal.open(dir)) {
            journal.sync();
            assertThat(journal.replay(0, (index, event) -> { })).isZero();
        }
    }

    @Test
    void cursorReadsOnlyWhatIsDurableAndCountsTheRest() {
        try (Journal journal = Journal.open(dir)) {
            long first = journal.append(event(1));
            journal.append(event(2));
            journal.sync();
            journal.append(event(3));
            try (Journal.Cursor cursor = journal.cursor(0)) {
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(event(1));
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(event(2));
                assertThat(cursor.next(journal.durableIndex())).isNull();
                assertThat(journal.countBetween(first, journal.durableIndex())).isEqualTo(1);
                assertThat(journal.countBetween(0, journal.durableIndex())).isEqualTo(2);

                journal.sync();
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(event(3));
                assertThat(cursor.next(journal.durableIndex())).isNull();
                assertThat(journal.countBetween(cursor.position(), journal.durableIndex())).isZero();

                cursor.rewind(first);
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(event(2));
                cursor.rewind(0);
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(event(1));
            }
        }
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.countBetween(0, journal.durableIndex())).isEqualTo(3);
        }
    }
}
