package io.clinicnode.appliance.journal;

import java.util.Optional;
import java.util.function.IntFunction;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * Events as byte arrays of their own, in the journal's envelope format (the same {@code v, clinic, origin, …} named
 * fields in Chronicle binary wire, see {@link Event#FORMAT_VERSION}): how events travel between nodes, so the network
 * and the journal share one versioned encoding. The payload always travels in clear (version 1): the cluster channel's
 * TLS protects it on the LAN, and each node seals it again with its own data key in its own journal.
 *
 * <p>Not thread-safe: it reuses one buffer, so use one per message being written or read.
 */
public final class EventBytes {
    private final Bytes<?> bytes = Bytes.allocateElasticOnHeap(1024);
    private final Wire wire = WireType.BINARY_LIGHT.apply(bytes);

    /** The event's envelope, payload in clear. */
    public byte[] encode(Event event) {
        wire.clear();
        EventWireFormat.write(event, wire, Optional.empty());
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote, or a version-1 envelope of any origin.
     *
     * @param whenNewer what to throw when the envelope's version is newer than this node reads
     * @throws JournalException when the envelope has no version, or a sealed payload (events are never sent sealed)
     */
    public Event decode(byte[] encoded, IntFunction<? extends RuntimeException> whenNewer) {
        wire.clear();
        bytes.write(encoded);
        int version = EventWireFormat.version(wire);
        if (version > Event.FORMAT_VERSION) {
            throw whenNewer.apply(version);
        }
        if (version != EventWireFormat.CLEAR_VERSION) {
            throw new JournalException("An event sent by another node has envelope version " + version + "; nodes send"
                    + " events with version " + EventWireFormat.CLEAR_VERSION + ", the payload in clear.");
        }
        return EventWireFormat.readAfterVersion(wire, version, Optional.empty());
    }
}
