package io.clinicnode.appliance.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The {@code conflict.<kind>} events, which tell central (through the sync agent) about a conflict the clinic's nodes
 * found after a partition, once per conflict. The event's key is the conflict's id ({@link ConflictQueries.Unreported}),
 * which every node that finds the conflict computes alike; its payload is the conflict as the node lists it, plus
 * {@code conflictId}.
 *
 * <p>Applying one marks the conflict reported (table {@code conflict_report}). As a change (ordered by the cluster's
 * leader) a second report of one conflict is refused, so a connected cluster journals each conflict once, whichever
 * nodes found it. As a fact (both sides of a partition reported it) it changes nothing but keeping the earlier report,
 * so every node holds the same row; central keeps one row per conflict id too.
 *
 * <p>Stateless; thread-safe.
 */
public final class ConflictReports {
    /** Every kind of conflict a node lists (open ones from the data, recorded ones from {@code replication_conflict}). */
    public static final List<String> KINDS = List.of("DOUBLE_BOOKING", "DUPLICATE_DOCUMENT", "DUPLICATE_CHECK_IN",
            "DUPLICATE_ID", "DUPLICATE_USERNAME", "SUPERSEDED", "REFUSED");
    /** Prefix of the event types; the rest is the kind in lower case with hyphens, e.g. {@code conflict.double-booking}. */
    public static final String TYPE_PREFIX = "conflict.";
    /** Who reports conflicts: the node itself. */
    static final String ACTOR = "system";

    private ConflictReports() {
    }

    public static void register(Projection projection) {
        KINDS.forEach(kind -> projection.register(type(kind), ConflictReports::reported));
    }

    /** The event type reporting conflicts of {@code kind}, e.g. {@code conflict.double-booking} for DOUBLE_BOOKING. */
    public static String type(String kind) {
        return TYPE_PREFIX + kind.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The change that reports {@code conflict}. */
    static Change change(ConflictQueries.Unreported conflict) {
        return new Change(type(conflict.kind()), conflict.id(), ACTOR,
                JSON.createObjectBuilder(conflict.conflict()).add("conflictId", conflict.id()).build());
    }

    private static void reported(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Optional<DbRow> earlier = db.get("SELECT reported_version FROM conflict_report WHERE conflict_id = ?", event.key());
        if (earlier.isPresent()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null,
                    "Conflict " + event.key() + " was reported already."));
            // A fact: the other side of a partition reported it as well. The earlier report stands on every node.
            if (context.version().compareTo(Rows.text(earlier.get(), "reported_version")) < 0) {
                db.dml("UPDATE conflict_report SET reported_version = ? WHERE conflict_id = ?", context.version(), event.key());
            }
            return;
        }
        db.dml("INSERT INTO conflict_report (conflict_id, kind, reported_version) VALUES (?, ?, ?)", event.key(),
                payload.getString("kind", event.type().substring(TYPE_PREFIX.length())), context.version());
    }
}
