package io.clinicnode.appliance.replication;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.journal.Event;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replication messages' binary form: every kind reads back as written in each version; a message, or an event in
 * one, of a newer version is refused with a sentence, never misread; a message as written before messages carried a
 * version still reads.
 */
class EventCodecTest {
    private static final Event BOOKED = new Event("clinic-a", "node-2", 41, 7_000_000_123L, "appointment.booked", "a-1",
            "recepção", "{\"patientId\":\"p-1\",\"notes\":\"retorno às 14h\"}");
    /** Over 64 KiB, as a patient with a long history can be. */
    private static final Event LARGE = new Event("clinic-a", "node-2", 42, 7_000_000_124L, "patient.updated", "p-1",
            "admin", "{\"notes\":\"" + "x".repeat(70_000) + "\"}");

    @Test
    void everyKindReadsBackAsWrittenInEachVersion() {
        Map<String, Long> positions = new LinkedHashMap<>();
        positions.put("node-1", 12L);
        positions.put("node-2", 42L);
        for (int version = EventCodec.LEGACY; version <= EventCodec.VERSION; version++) {
            EventCodec.Reader events = roundTrip(EventCodec.writer(Messages.EVENTS, version).events(List.of(BOOKED, LARGE)));
            assertThat(events.kind()).isEqualTo(Messages.EVENTS);
            assertThat(events.version()).isEqualTo(version);
            assertThat(events.events()).containsExactly(BOOKED, LARGE);

            EventCodec.Reader forward = roundTrip(EventCodec.writer(Messages.FORWARD, version).string("note.created")
                    .string("n-1").string("recepcao").string("{\"text\":\"olá\"}"));
            assertThat(List.of(forward.string(), forward.string(), forward.string(), forward.string()))
                    .containsExactly("note.created", "n-1", "recepcao", "{\"text\":\"olá\"}");
            assertThat(forward.hasMore()).isFalse();
            EventCodec.Reader resent = roundTrip(EventCodec.writer(Messages.FORWARD, version).string("note.created")
                    .string("n-1").string("recepcao").string("{}").number(ReplicatedWrites.RESENT));
            resent.string();
            resent.string();
            resent.string();
            resent.string();
            assertThat(resent.hasMore()).isTrue();
            assertThat(resent.number()).isEqualTo(ReplicatedWrites.RESENT);

            EventCodec.Reader accepted = roundTrip(EventCodec.writer(Messages.ACCEPTED, version).event(BOOKED));
            assertThat(accepted.kind()).isEqualTo(Messages.ACCEPTED);
            assertThat(accepted.event()).isEqualTo(BOOKED);

            EventCodec.Reader rejected = roundTrip(EventCodec.writer(Messages.REJECTED, version).string("CONFLICT")
                    .string("start").string("The slot is taken.").string("slot-taken"));
            assertThat(List.of(rejected.string(), rejected.string(), rejected.string())).containsExactly("CONFLICT", "start",
                    "The slot is taken.");
            assertThat(rejected.hasMore()).isTrue();
            assertThat(rejected.string()).isEqualTo("slot-taken");

            assertThat(roundTrip(EventCodec.writer(Messages.NOT_NOW, version)).kind()).isEqualTo(Messages.NOT_NOW);
            assertThat(roundTrip(EventCodec.writer(Messages.FAILED, version).string("disk full")).string()).isEqualTo("disk full");
            assertThat(roundTrip(EventCodec.writer(Messages.PROGRESS, version)).kind()).isEqualTo(Messages.PROGRESS);
            assertThat(roundTrip(EventCodec.writer(Messages.POSITIONS, version).positions(positions)).positions())
                    .containsExactlyEntriesOf(positions);

            EventCodec.Reader fetch = roundTrip(EventCodec.writer(Messages.FETCH, version).string("node-2").number(40).number(2_000));
            assertThat(List.of(fetch.string(), fetch.number(), fetch.number())).containsExactly("node-2", 40L, 2_000L);

            EventCodec.Reader unreadable = roundTrip(EventCodec.writer(Messages.UNREADABLE, version).string("Upgrade this node.")
                    .number(EventCodec.VERSION));
            assertThat(unreadable.string()).isEqualTo("Upgrade this node.");
            assertThat(unreadable.number()).isEqualTo(EventCodec.VERSION);
        }
    }

    @Test
    void eventsCrossInTheJournalsEnvelopeWithItsVersion() {
        byte[] message = EventCodec.writer(Messages.ACCEPTED, EventCodec.VERSION).event(BOOKED).bytes();

        assertThat(message).startsWith(EventCodec.MARK, (byte) EventCodec.VERSION, Messages.ACCEPTED);
        // The envelope's field names are in the message: the journal's format, not positional fields.
        assertThat(new String(message, StandardCharsets.ISO_8859_1)).contains("clinic", "origin", "payload");
    }

    @Test
    void aMessageOfANewerVersionIsRefusedWithASentence() {
        byte[] newer = {EventCodec.MARK, (byte) (EventCodec.VERSION + 1), Messages.FORWARD, 0, 0, 0, 1, 'x'};

        assertThatThrownBy(() -> EventCodec.reader(newer))
                .isInstanceOf(IncompatibleMessage.class)
                .hasMessage("A replication message of kind 'F' has format version " + (EventCodec.VERSION + 1) + ": it was"
                        + " written by a newer ClinicNode version, and this node reads replication messages up to version "
                        + EventCodec.VERSION + ". Nothing in it was taken; upgrade this node.")
                .satisfies(refusal -> assertThat(((IncompatibleMessage) refusal).kind()).isEqualTo(Messages.FORWARD));
    }

    @Test
    void anEventOfANewerVersionIsRefusedWithASentenceAndTheEventsBeforeItAreNotTaken() {
        byte[] newerEvent = envelope(Event.FORMAT_VERSION + 1);
        byte[] message = EventCodec.writer(Messages.EVENTS, EventCodec.VERSION).number(2).event(BOOKED).blob(newerEvent).bytes();
        EventCodec.Reader reader = EventCodec.reader(message);

        assertThatThrownBy(reader::events)
                .isInstanceOf(IncompatibleMessage.class)
                .hasMessage("An event in a replication message of kind 'E' has format version " + (Event.FORMAT_VERSION + 1)
                        + ": it was written by a newer ClinicNode version, and this node reads events up to version "
                        + Event.FORMAT_VERSION + ". Nothing in the message was taken; upgrade this node.");
    }

    @Test
    void messagesWrittenBeforeVersionsStillReadAndAreWrittenThatWayForOlderMembers() throws IOException {
        byte[] legacyEvents = legacy(Messages.EVENTS, out -> {
            out.writeLong(1);
            legacyEvent(out, BOOKED);
        });
        byte[] legacyResent = legacy(Messages.FORWARD, out -> {
            legacyString(out, "note.created");
            legacyString(out, "n-1");
            legacyString(out, "recepcao");
            legacyString(out, "{}");
            out.writeLong(ReplicatedWrites.RESENT);
        });
        byte[] legacyRejected = legacy(Messages.REJECTED, out -> {
            legacyString(out, "CONFLICT");
            legacyString(out, "");
            legacyString(out, "A note n-1 already exists.");
        });

        EventCodec.Reader events = EventCodec.reader(legacyEvents);
        assertThat(events.version()).isEqualTo(EventCodec.LEGACY);
        assertThat(events.kind()).isEqualTo(Messages.EVENTS);
        assertThat(events.events()).containsExactly(BOOKED);
        EventCodec.Reader resent = EventCodec.reader(legacyResent);
        assertThat(List.of(resent.string(), resent.string(), resent.string(), resent.string()))
                .containsExactly("note.created", "n-1", "recepcao", "{}");
        assertThat(resent.hasMore() && resent.number() == ReplicatedWrites.RESENT).isTrue();
        EventCodec.Reader rejected = EventCodec.reader(legacyRejected);
        assertThat(List.of(rejected.string(), rejected.string(), rejected.string()))
                .containsExactly("CONFLICT", "", "A note n-1 already exists.");
        assertThat(rejected.hasMore()).as("no code from an older leader").isFalse();

        assertThat(EventCodec.writer(Messages.EVENTS, EventCodec.LEGACY).events(List.of(BOOKED)).bytes()).isEqualTo(legacyEvents);
    }

    private static EventCodec.Reader roundTrip(EventCodec.Writer writer) {
        return EventCodec.reader(writer.bytes());
    }

    /** An event envelope of {@code version} with the fields of today, as a newer node might write it. */
    private static byte[] envelope(int version) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        wire.write("v").int32(version).write("clinic").text("clinic-a").write("origin").text("node-2")
                .write("seq").int64(43).write("hlc").int64(7_000_000_125L).write("type").text("patient.searched")
                .write("key").text("s-1").write("actor").text("recepcao").write("payload").text("{}")
                .write("tenant").text("a field of the future");
        return bytes.toByteArray();
    }

    private interface LegacyFields {
        void write(DataOutputStream out) throws IOException;
    }

    /** A message exactly as nodes wrote them before messages carried a version. */
    private static byte[] legacy(byte kind, LegacyFields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(kind);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            fields.write(out);
        }
        return bytes.toByteArray();
    }

    private static void legacyEvent(DataOutputStream out, Event event) throws IOException {
        legacyString(out, event.clinic());
        legacyString(out, event.origin());
        out.writeLong(event.originSeq());
        out.writeLong(event.hlc());
        legacyString(out, event.type());
        legacyString(out, event.key());
        legacyString(out, event.actor());
        legacyString(out, event.payload());
    }

    private static void legacyString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
