package io.clinicnode.appliance.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

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

    @Test
    void sealedPayloadsNeverReachTheFilesAndEveryReaderGetsThemInClear() throws Exception {
        PayloadSealer sealer = PayloadSealer.aesGcm(newKey());
        Event secret = new Event("clinic-a", "node-1", 1, 1001L, "patient.registered", "key-1", "tester",
                "{\"fullName\":\"Zuleica Quintanilha Sigilosa\"}");
        try (Journal journal = Journal.open(dir, Optional.of(sealer))) {
            journal.append(secret);
            journal.sync();
            try (Journal.Cursor cursor = journal.cursor(0)) {
                assertThat(cursor.next(journal.durableIndex()).event()).isEqualTo(secret);
            }
        }

        assertThat(filesContaining("Quintanilha")).isEmpty();
        List<Event> read = new ArrayList<>();
        try (Journal journal = Journal.open(dir, Optional.of(sealer))) {
            journal.replay(0, (index, event) -> read.add(event));
            journal.scan(0, (index, event) -> read.add(event));
        }
        assertThat(read).containsExactly(secret, secret);
    }

    @Test
    void entriesWrittenInClearStillReadOnceTheJournalHasAKey() {
        PayloadSealer sealer = PayloadSealer.aesGcm(newKey());
        try (Journal journal = Journal.open(dir)) {
            journal.append(event(1));
            journal.sync();
        }
        try (Journal journal = Journal.open(dir, Optional.of(sealer))) {
            journal.append(event(2));
            journal.sync();
        }
        List<Event> read = new ArrayList<>();
        try (Journal journal = Journal.open(dir, Optional.of(sealer))) {
            journal.replay(0, (index, event) -> read.add(event));
        }
        assertThat(read).containsExactly(event(1), event(2));
    }

    @Test
    void sealedEntriesAreRefusedWithASentenceUnderAnotherKeyOrWithout() {
        try (Journal journal = Journal.open(dir, Optional.of(PayloadSealer.aesGcm(newKey())))) {
            journal.append(event(1));
            journal.sync();
        }

        try (Journal journal = Journal.open(dir, Optional.of(PayloadSealer.aesGcm(newKey())))) {
            assertThatThrownBy(() -> journal.replay(0, (index, event) -> { }))
                    .isInstanceOf(JournalException.class)
                    .hasMessage("The journal entry node-1/1 cannot be decrypted with this node's data key: it was written"
                            + " with another key, or altered. Start the node with the data key it was created with.");
        }
        try (Journal journal = Journal.open(dir)) {
            assertThatThrownBy(() -> journal.replay(0, (index, event) -> { }))
                    .isInstanceOf(JournalException.class)
                    .hasMessageStartingWith("The journal holds encrypted events (event node-1/1); start the node with --data-key");
        }
    }

    @Test
    void journalFilesAreForTheOwnerOnlyAlsoTheOnesCreatedAfterOpening() throws IOException {
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.open(journalDir)) {
            // The day's cycle file is created by this first append, after the journal was opened.
            journal.append(event(1));
            journal.sync();
            try (Stream<Path> paths = Files.walk(journalDir)) {
                assertThat(paths.toList()).hasSizeGreaterThan(2).allSatisfy(path -> assertThat(
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
            }
        }
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (content.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    found.add(file);
                }
            }
        }
        return found;
    }
}
