package io.clinicnode.appliance.replication;

import java.util.ArrayList;
import java.util.List;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.write.JournalMarks;

import io.helidon.dbclient.DbClient;

/**
 * Serves another node's "events of origin X from sequence N on" from this node's journal: it starts at the nearest
 * journal mark and reads forward, skipping other origins' events, until it has {@code max} events or about
 * {@link #MAX_BYTES} of payload. Thread-safe (each call reads with its own tailer).
 */
final class JournalSource {
    static final int MAX_BYTES = 1 << 20;

    private final Journal journal;
    private final DbClient db;

    JournalSource(Journal journal, DbClient db) {
        this.journal = journal;
        this.db = db;
    }

    List<Event> read(String origin, long fromSeq, int max) {
        long start = JournalMarks.startFor(db.execute(), origin, fromSeq).orElse(0L);
        List<Event> events = new ArrayList<>();
        long[] bytes = {0};
        long[] expected = {fromSeq};
        journal.scan(start, (index, event) -> {
            if (event.origin().equals(origin) && event.originSeq() >= expected[0]) {
                if (event.originSeq() != expected[0]) {
                    return false; // never send a gap: the asker applies an origin's events in sequence only
                }
                events.add(event);
                expected[0]++;
                bytes[0] += event.payload().length() + 128;
            }
            return events.size() < max && bytes[0] < MAX_BYTES;
        });
        return events;
    }
}
