package io.clinicnode.appliance.hotread;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.ChangeWriter;
import io.clinicnode.appliance.write.CommitListener;

/**
 * The node's near cache (L1) of its hottest reads, kept as the serialised answer: a day's whole agenda (every desk
 * reloads it on every change of the live board; about 3 ms from H2 for 400 appointments, as much again to serialise
 * its 160 KB) and the practitioners list. Only these: a single practitioner's
 * day or one record costs a fraction of a millisecond from H2, no more than a cache would (docs/PERFORMANCE.md).
 * There is no distributed L2 behind it: every node holds every row in its own H2, which answers the few misses as
 * fast as a Hazelcast map on another member would (measured), without the risk of one node filling the L2 from a
 * projection that is behind another's.
 *
 * <p>Never stale after an acknowledged write: every committed event, local or replicated, moves the generation of
 * the regions it may change ({@link #committed}, a {@link CommitListener} registered before the live board's), and the
 * services write through {@link #invalidating}, which does the same before they answer, because the write path
 * acknowledges a group a moment before it tells its listeners. A cached value is served only while its region's generation is the one it was read
 * at, and a value read while an event committed is not kept (the generation is read before the query and checked
 * after it). Unknown event types move every generation, so a new kind of event can never leave a stale entry.
 *
 * <p>Thread-safe.
 */
public final class HotReads implements CommitListener {
    /** Days with a cached agenda beyond this are dropped all at once (desks look at a handful of days). */
    private static final int MAX_DAYS = 64;

    private final AtomicLong agendaGeneration = new AtomicLong();
    private final AtomicLong practitionersGeneration = new AtomicLong();
    private final Map<LocalDate, Cached> agendas = new ConcurrentHashMap<>();
    private final Map<Boolean, Cached> practitioners = new ConcurrentHashMap<>();

    /**
     * The answer listing every appointment of {@code day} (all practitioners), from the cache or {@code query}. The
     * bytes are shared: callers send them and never change them.
     */
    public byte[] agenda(LocalDate day, Supplier<byte[]> query) {
        if (agendas.size() > MAX_DAYS) {
            agendas.clear();
        }
        return read(agendas, day, agendaGeneration, query);
    }

    /** The answer listing the practitioners ({@code includeInactive} or not), from the cache or {@code query}. */
    public byte[] practitioners(boolean includeInactive, Supplier<byte[]> query) {
        return read(practitioners, includeInactive, practitionersGeneration, query);
    }

    @Override
    public void committed(List<Event> events) {
        events.forEach(this::written);
    }

    /**
     * The services' change writer, wrapped so that each acknowledged change invalidates what it may change before the
     * service answers (the commit listeners hear of it a moment after the acknowledgement).
     */
    public ChangeWriter invalidating(ChangeWriter writer) {
        return change -> written(writer.write(change));
    }

    /** Invalidates what {@code event} may change; returns {@code event}. */
    public Event written(Event event) {
        String type = event.type();
        if (type.endsWith(".viewed") || type.equals("patient.searched") || type.equals("patient.registered")
                || type.startsWith("user.")) {
            // Audit of a view or a search, a patient without appointments yet, users: nothing cached shows them.
            return event;
        }
        // Names of patients and practitioners, appointments, check-ins and visits all show on the agenda.
        agendaGeneration.incrementAndGet();
        if (!(type.startsWith("appointment.") || type.startsWith("checkin.") || type.startsWith("waiting.")
                || type.startsWith("patient."))) {
            practitionersGeneration.incrementAndGet();
        }
        return event;
    }

    private static <K> byte[] read(Map<K, Cached> entries, K key, AtomicLong generation, Supplier<byte[]> query) {
        long before = generation.get();
        Cached cached = entries.get(key);
        if (cached != null && cached.generation == before) {
            return cached.body;
        }
        byte[] body = query.get();
        if (generation.get() == before) {
            entries.put(key, new Cached(before, body));
        }
        return body;
    }

    private record Cached(long generation, byte[] body) {
    }
}
