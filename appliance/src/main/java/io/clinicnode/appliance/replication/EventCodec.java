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

/**
 * The binary form of the messages nodes exchange: a kind byte, then the kind's fields. Strings are UTF-8 with an
 * int length (payloads may exceed 64 KiB). Inter-node traffic is already encrypted and authenticated by the
 * cluster channel; this only frames it.
 */
final class EventCodec {
    private EventCodec() {
    }

    /** Starts a message of {@code kind}. */
    static Writer writer(byte kind) {
        return new Writer(kind);
    }

    /** Reads a message; its kind byte is {@link Reader#kind()}. */
    static Reader reader(byte[] message) {
        return new Reader(message);
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);

        private Writer(byte kind) {
            bytes.write(kind);
        }

        Writer string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            try {
                out.writeInt(utf8.length);
                out.write(utf8);
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
            return string(event.clinic()).string(event.origin()).number(event.originSeq()).number(event.hlc())
                    .string(event.type()).string(event.key()).string(event.actor()).string(event.payload());
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
        private final byte kind;
        private final DataInputStream in;

        private Reader(byte[] message) {
            if (message.length == 0) {
                throw new IllegalArgumentException("An empty replication message");
            }
            this.kind = message[0];
            this.in = new DataInputStream(new ByteArrayInputStream(message, 1, message.length - 1));
        }

        byte kind() {
            return kind;
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
            try {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("A replication message is cut short or corrupt");
                }
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
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

        Event event() {
            return new Event(string(), string(), number(), number(), string(), string(), string(), string());
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
