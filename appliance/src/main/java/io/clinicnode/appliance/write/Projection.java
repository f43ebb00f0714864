package io.clinicnode.appliance.write;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.journal.Event;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

/**
 * Applies journal events to the H2 projection through the handler registered for each event type, and
 * keeps the per-origin high-water mark in the same transaction. Applying an event whose sequence is at or
 * below its origin's mark changes nothing, so replaying the journal after a crash is always safe.
 *
 * <p>Thread-safe once built (handlers are registered before the node starts).
 */
public final class Projection {
    private final Map<String, EventHandler> handlers = new HashMap<>();

    /** Registers the handler for {@code type}; each type has exactly one. */
    public Projection register(String type, EventHandler handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("A handler for event type " + type + " is already registered");
        }
        return this;
    }

    /**
     * Applies {@code event} inside the caller's transaction.
     *
     * @return {@code false} when the event had been applied before (nothing changed)
     * @throws RejectedChange when the handler refuses the change (nothing changed)
     */
    public boolean apply(Event event, DbExecute db) {
        if (event.originSeq() <= appliedSeq(db, event.origin())) {
            return false;
        }
        EventHandler handler = handlers.get(event.type());
        if (handler == null) {
            throw new ApplianceException("No handler for event type '" + event.type() + "' (origin " + event.origin()
                    + ", seq " + event.originSeq() + "). The journal was written by a newer node version; upgrade this node.");
        }
        handler.apply(event, parse(event.payload()), db);
        db.dml("MERGE INTO origin_progress (origin, last_seq, last_hlc) KEY (origin) VALUES (?, ?, ?)",
                event.origin(), event.originSeq(), event.hlc());
        return true;
    }

    /** The highest sequence applied for {@code origin}, 0 when none. */
    public static long appliedSeq(DbExecute db, String origin) {
        return db.get("SELECT last_seq FROM origin_progress WHERE origin = ?", origin)
                .map(row -> row.column("last_seq").get(Long.class))
                .orElse(0L);
    }

    private static JsonObject parse(String payload) {
        try (JsonReader reader = JSON.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
