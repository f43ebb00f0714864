package io.clinicnode.appliance.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Records who viewed, searched or changed a patient record, when, what and on which node (guarantee G10). Entries are
 * written by the projection from the journal's events, so they are as durable as the change itself, replicate
 * with it and are identical on every node. Each entry is appended to its origin node's hash chain
 * ({@link AuditChain}), which {@link AuditVerifier} checks.
 *
 * <p>Stateless and thread-safe; each call runs in the caller's transaction.
 */
public final class AuditTrail {
    /** The action of a patient search's entry. */
    public static final String SEARCH = "SEARCH";
    /** The action of a list's entry (e.g. the "confirmar amanhã" list): which list, and the patients it showed. */
    public static final String LIST = "LIST";
    private static final int MAX_DETAIL = 500;

    private AuditTrail() {
    }

    /**
     * Records the audit entry of the event being applied. The detail is derived from the data as the change found it
     * and is stamped into the event ({@link ApplyContext#stamp}), so every node writes the same sentence whatever order
     * it applies the clinic's events in.
     */
    public static void record(ApplyContext context, String action, String entity, String recordId, Supplier<String> detail) {
        append(context.db(), context.event(), action, entity, recordId, context.stamp("auditDetail", detail), List.of());
    }

    /** Records a patient search: its query (the entry's detail) and the patients it showed, in the order shown. */
    public static void recordSearch(ApplyContext context, String entity, String query, List<String> shown) {
        append(context.db(), context.event(), SEARCH, entity, null, query, shown);
    }

    /** Records a list of patients shown (not a search): what list (the entry's detail) and the patients, in order. */
    public static void recordList(ApplyContext context, String entity, String what, List<String> shown) {
        append(context.db(), context.event(), LIST, entity, null, what, shown);
    }

    private static void append(DbExecute db, Event event, String action, String entity, String recordId, String detail,
                               List<String> shown) {
        String node = event.origin();
        // The head, not the newest row: a chain whose last entries were deleted keeps its hole after new entries.
        Optional<DbRow> head = db.get("SELECT last_seq, last_hash FROM audit_chain WHERE node = ?", node);
        long seq = head.map(row -> Rows.number(row, "last_seq")).orElse(0L) + 1;
        String previous = head.map(row -> Rows.text(row, "last_hash")).orElse(AuditChain.GENESIS);
        AuditChain.Entry entry = new AuditChain.Entry(event.origin() + ":" + event.originSeq(), node, event.originSeq(), seq,
                event.at().toEpochMilli(), event.actor(), action, entity, recordId,
                detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL), shown);
        String hash = AuditChain.hash(previous, entry);
        db.dml("INSERT INTO audit_entry (id, occurred_at, username, action, entity, record_id, node, detail, origin_seq, chain_seq,"
                        + " entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.id(), Rows.utc(event.at()), entry.username(), action, entity, recordId, node, entry.detail(),
                entry.originSeq(), seq, hash);
        for (int position = 0; position < shown.size(); position++) {
            db.dml("INSERT INTO audit_entry_patient (entry_id, position, patient_id) VALUES (?, ?, ?)",
                    entry.id(), position, shown.get(position));
        }
        db.dml("MERGE INTO audit_chain (node, last_seq, last_hash, last_origin_seq) KEY (node) VALUES (?, ?, ?, ?)",
                node, seq, hash, entry.originSeq());
    }
}
