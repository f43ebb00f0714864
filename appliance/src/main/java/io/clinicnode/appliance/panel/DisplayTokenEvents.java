package io.clinicnode.appliance.panel;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Display tokens for the waiting-room call panel: created and revoked by an admin, replicated like every change so the
 * TV can be pointed at any node. Only the token's SHA-256 is journaled.
 *
 * <p>Stateless, so thread-safe.
 */
public final class DisplayTokenEvents {
    public static final String CREATED = "display.token-created";
    public static final String REVOKED = "display.token-revoked";

    private DisplayTokenEvents() {
    }

    public static void register(Projection projection) {
        projection.register(CREATED, DisplayTokenEvents::created)
                .register(REVOKED, DisplayTokenEvents::revoked);
    }

    static JsonObject createdPayload(String name, String tokenHash) {
        return JSON.createObjectBuilder().add("name", name).add("tokenHash", tokenHash).build();
    }

    private static void created(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        if (db.get("SELECT id FROM display_token WHERE id = ?", event.key()).isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the first stands.
            return;
        }
        db.dml("INSERT INTO display_token (id, name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                event.key(), payload.getString("name"), payload.getString("tokenHash"), event.actor(), context.at());
    }

    private static void revoked(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        var row = db.get("SELECT revoked_at FROM display_token WHERE id = ?", event.key()).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No display token with id " + event.key() + ".",
                        "display-token.unknown"));
        // Revoked twice (two admins, two nodes): the earliest revocation stands, in any order.
        var revokedAt = Rows.dateTime(row, "revoked_at");
        if (revokedAt == null || context.at().isBefore(revokedAt)) {
            db.dml("UPDATE display_token SET revoked_at = ? WHERE id = ?", context.at(), event.key());
        }
    }
}
