package io.clinicnode.appliance.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.EventBytes;

/**
 * The binary form of the messages nodes exchange, versioned so that nodes of two ClinicNode versions can run side by
 * side during a rolling upgrade.
 * <ul>
 *     <li>Version 2 ({@link #VERSION}): the byte {@link #MARK}, the version (one unsigned byte), the kind byte
 *     ({@link Messages}), then the kind's fields. Every event inside is the journal's own envelope
 *     ({@link EventBytes}: named fields in Chronicle binary wire, with its own version {@code v}), so an event crosses
 *     the network in the format the journal keeps it in, version for version.</li>
 *     <li>Version 1 ({@link #LEGACY}), as written before messages carried a version: the kind byte, then the fields,
 *     an event being its eight fields in order. Read from, and written to, members that do not say they read more.</li>
 * </ul>
 * The mark, version and kind keep their places in every future version; what follows may change. A reader refuses a
 * message, or an event in one, of a version newer than it knows ({@link IncompatibleMessage}) rather than guess, and
 * reads every older one. Fields may also be appended at the end of a kind within one version, for which readers check
 * {@link Reader#hasMore()}. Strings are UTF-8 with an int length (payloads may exceed 64 KiB). Inter-node traffic is
 * already encrypted and authenticated by the cluster channel; this only frames it.
 *
 * <p>Stateless; each {@link Writer} and {@link Reader} belongs to one thread.
 */
final class EventCodec {
    /** Messages without a version: the form every member reads. */
    static final int LEGACY = 1;
    /** The newest version this node writes and reads. */
    static final int VERSION = 2;
    /** First byte of a message with a version (no kind is this letter, so a version-1 message never starts with it). */
    static final byte MARK = 'v';

    private EventCodec() {
    }

    /** Starts a message of {@code kind} in {@code version} (one the receiver reads: see {@link PeerVersions}). */
    static Writer writer(byte kind, int version) {
        return new Writer(kind, version);
    }

    /**
     * Reads a message of any version up to {@link #VERSION}; its kind byte is {@link Reader#kind()}.
     *
     * @throws IncompatibleMessage when the message is of a newer version
     */
    static Reader reader(byte[] message) {
        return new Reader(message);
    }

    /** Whether {@code message} carries a version (and so is a replication message, even of a kind this node lacks). */
    static boolean isVersioned(byte[] message) {
        return message.length > 0 && message[0] == MARK;
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final int version;
        private EventBytes envelopes;

        private Writer(byte kind, int version) {
            if (version < LEGACY || version > VERSION) {
                throw new IllegalArgumentException("Replication messages have versions " + LEGACY + " to " + VERSION
                        + ", not " + version);
            }
            this.version = version;
            if (version > LEGACY) {
                bytes.write(MARK);
                bytes.write(version);
            }
            bytes.write(kind);
        }

        Writer string(String value) {
            return blob(value.getBytes(StandardCharsets.UTF_8));
        }

        /** Bytes with an int length. */
        Writer blob(byte[] value) {
            try {
                out.writeInt(value.length);
                out.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer number(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer event(Event event) {
            if (version == LEGACY) {
                return string(event.clinic()).string(event.origin()).number(event.originSeq()).number(event.hlc())
                        .string(event.type()).string(event.key()).string(event.actor()).string(event.payload());
            }
            if (envelopes == null) {
                envelopes = new EventBytes();
            }
            return blob(envelopes.encode(event));
        }

        Writer events(List<Event> events) {
            number(events.size());
            events.forEach(this::event);
            return this;
        }

        Writer positions(Map<String, Long> positions) {
            number(positions.size());
            positions.forEach((origin, seq) -> string(origin).number(seq));
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    static final class Reader {
        private final int version;
        private final byte kind;
        private final DataInputStream in;
        private EventBytes envelopes;

        private Reader(byte[] message) {
            if (message.length == 0) {
                throw new IllegalArgumentException("An empty replication message");
            }
            int start;
            if (message[0] == MARK) {
                if (message.length < 3 || (message[1] & 0xFF) <= LEGACY) {
                    throw new IllegalArgumentException("A replication message is cut short or corrupt");
                }
                this.version = message[1] & 0xFF;
                this.kind = message[2];
                if (version > VERSION) {
                    throw IncompatibleMessage.ofMessage(kind, version);
                }
                start = 3;
            } else {
                this.version = LEGACY;
                this.kind = message[0];
                start = 1;
            }
            this.in = new DataInputStream(new ByteArrayInputStream(message, start, message.length - start));
        }

        byte kind() {
            return kind;
        }

        /** The message's version: an answer goes back in it. */
        int version() {
            return version;
        }

        /** Whether fields follow (a newer member may append fields an older one does not know). */
        boolean hasMore() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String string() {
            return new String(blob(), StandardCharsets.UTF_8);
        }

        byte[] blob() {
            try {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("A replication message is cut short or corrupt");
                }
                return in.readNBytes(length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long number() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @throws IncompatibleMessage when the event's envelope is of a newer version than this node reads */
        Event event() {
            if (version == LEGACY) {
                return new Event(string(), string(), number(), number(), string(), string(), string(), string());
            }
            if (envelopes == null) {
                envelopes = new EventBytes();
            }
            return envelopes.decode(blob(), newer -> IncompatibleMessage.ofEvent(kind, newer));
        }

        List<Event> events() {
            long count = number();
            List<Event> events = new ArrayList<>((int) Math.min(count, 10_000));
            for (long i = 0; i < count; i++) {
                events.add(event());
            }
            return events;
        }

        Map<String, Long> positions() {
            long count = number();
            Map<String, Long> positions = new LinkedHashMap<>();
            for (long i = 0; i < count; i++) {
                positions.put(string(), number());
            }
            return positions;
        }
    }
}
