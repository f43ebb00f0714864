package io.clinicnode.appliance.journal;

import java.util.Optional;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * One event as a byte array of its own, in the journal's envelope format (the same {@code v, clinic, origin, …} named
 * fields in Chronicle binary wire, see {@link Event#FORMAT_VERSION}): how events travel between nodes, so the network
 * and the journal share one versioned encoding. The payload always travels in clear (version 1): the cluster channel's
 * TLS protects it on the LAN, and each node seals it again with its own data key in its own journal.
 *
 * <p>Thread-safe (stateless).
 */
public final class EventBytes {
    private EventBytes() {
    }

    /** The event's envelope, payload in clear. */
    public static byte[] encode(Event event) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256 + event.payload().length());
        try {
            EventWireFormat.write(event, WireType.BINARY_LIGHT.apply(bytes), Optional.empty());
            return bytes.toByteArray();
        } finally {
            bytes.releaseLast();
        }
    }

    /** The envelope version of an encoded event (0 when it has none), for a reader to check before it decodes. */
    public static int version(byte[] encoded) {
        Bytes<byte[]> bytes = Bytes.wrapForRead(encoded);
        try {
            return EventWireFormat.version(wire(bytes));
        } finally {
            bytes.releaseLast();
        }
    }

    /**
     * Reads what {@link #encode} wrote, or a version-1 envelope of any origin.
     *
     * @throws JournalException when the envelope has a version this node does not read, or a sealed payload (events
     *                          are never sent sealed)
     */
    public static Event decode(byte[] encoded) {
        Bytes<byte[]> bytes = Bytes.wrapForRead(encoded);
        try {
            Wire wire = wire(bytes);
            int version = EventWireFormat.version(wire);
            if (version != EventWireFormat.CLEAR_VERSION) {
                throw new JournalException("An event sent by another node has envelope version " + version + "; nodes"
                        + " send events with version " + EventWireFormat.CLEAR_VERSION + " (payload in clear) and this node"
                        + " reads up to " + Event.FORMAT_VERSION + ".");
            }
            return EventWireFormat.readAfterVersion(wire, version, Optional.empty());
        } finally {
            bytes.releaseLast();
        }
    }

    private static Wire wire(Bytes<?> bytes) {
        return WireType.BINARY_LIGHT.apply(bytes);
    }
}
