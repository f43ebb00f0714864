package io.clinicnode.appliance.journal;

import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * Writes and reads the journal's event envelope, version {@value Event#FORMAT_VERSION}: a Chronicle binary
 * wire document with the named fields {@code v, clinic, origin, seq, hlc, type, key, actor, payload}.
 * A reader refuses versions newer than it knows rather than guess.
 */
final class EventWireFormat {
    private EventWireFormat() {
    }

    static void write(Event event, WireOut wire) {
        wire.write("v").int32(Event.FORMAT_VERSION)
                .write("clinic").text(event.clinic())
                .write("origin").text(event.origin())
                .write("seq").int64(event.originSeq())
                .write("hlc").int64(event.hlc())
                .write("type").text(event.type())
                .write("key").text(event.key())
                .write("actor").text(event.actor())
                .write("payload").text(event.payload());
    }

    static Event read(WireIn wire) {
        int version = wire.read("v").int32();
        if (version < 1 || version > Event.FORMAT_VERSION) {
            throw new JournalException("Journal event has format version " + version + "; this node reads up to "
                    + Event.FORMAT_VERSION + ". Upgrade the node before opening this journal.");
        }
        return new Event(
                wire.read("clinic").text(),
                wire.read("origin").text(),
                wire.read("seq").int64(),
                wire.read("hlc").int64(),
                wire.read("type").text(),
                wire.read("key").text(),
                wire.read("actor").text(),
                wire.read("payload").text());
    }
}
