package io.clinicnode.appliance.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * Writes and reads the journal's event envelope: a Chronicle binary wire document with the named fields
 * {@code v, clinic, origin, seq, hlc, type, key, actor}, then the payload: in clear as text {@code payload}
 * (version 1), or encrypted as bytes {@code sealed} (version 2, see {@link PayloadSealer}) when the node has a data
 * key. A reader refuses versions newer than it knows rather than guess, and a sealed payload without a key.
 */
final class EventWireFormat {
    static final int CLEAR_VERSION = 1;
    static final int SEALED_VERSION = 2;

    private EventWireFormat() {
    }

    static void write(Event event, WireOut wire, Optional<PayloadSealer> sealer) {
        wire.write("v").int32(sealer.isPresent() ? SEALED_VERSION : CLEAR_VERSION)
                .write("clinic").text(event.clinic())
                .write("origin").text(event.origin())
                .write("seq").int64(event.originSeq())
                .write("hlc").int64(event.hlc())
                .write("type").text(event.type())
                .write("key").text(event.key())
                .write("actor").text(event.actor());
        if (sealer.isPresent()) {
            wire.write("sealed").bytes(sealer.get().seal(event.payload(), associatedData(event.clinic(), event.origin(),
                    event.originSeq(), event.hlc(), event.type(), event.key(), event.actor())));
        } else {
            wire.write("payload").text(event.payload());
        }
    }

    static Event read(WireIn wire, Optional<PayloadSealer> sealer) {
        int version = version(wire);
        if (version < 1 || version > Event.FORMAT_VERSION) {
            throw new JournalException("Journal event has format version " + version + "; this node reads up to "
                    + Event.FORMAT_VERSION + ". Upgrade the node before opening this journal.");
        }
        return readAfterVersion(wire, version, sealer);
    }

    /** The envelope's version, its first field; 0 when there is none. */
    static int version(WireIn wire) {
        return wire.read("v").int32();
    }

    /** Reads the fields after {@code v}, whose {@code version} the caller has checked it reads. */
    static Event readAfterVersion(WireIn wire, int version, Optional<PayloadSealer> sealer) {
        String clinic = wire.read("clinic").text();
        String origin = wire.read("origin").text();
        long seq = wire.read("seq").int64();
        long hlc = wire.read("hlc").int64();
        String type = wire.read("type").text();
        String key = wire.read("key").text();
        String actor = wire.read("actor").text();
        String payload;
        if (version == SEALED_VERSION) {
            PayloadSealer opener = sealer.orElseThrow(() -> new JournalException("The journal holds encrypted events"
                    + " (event " + origin + "/" + seq + "); start the node with --data-key FILE, the key its data"
                    + " directory was created with."));
            payload = opener.open(wire.read("sealed").bytes(), associatedData(clinic, origin, seq, hlc, type, key, actor),
                    origin + "/" + seq);
        } else {
            payload = wire.read("payload").text();
        }
        return new Event(clinic, origin, seq, hlc, type, key, actor, payload);
    }

    /** The envelope, bound to the sealed payload: an unambiguous encoding of every field but the payload. */
    private static byte[] associatedData(String clinic, String origin, long seq, long hlc, String type, String key,
                                         String actor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SEALED_VERSION);
            out.writeUTF(clinic);
            out.writeUTF(origin);
            out.writeLong(seq);
            out.writeLong(hlc);
            out.writeUTF(type);
            out.writeUTF(key);
            out.writeUTF(actor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
