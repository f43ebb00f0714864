package io.clinicnode.appliance.audit;

import java.util.function.Supplier;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;

import io.helidon.dbclient.DbExecute;

/**
 * Records who viewed or changed a patient record, when, what and on which node (guarantee G10). Entries are
 * written by the projection from the journal's events, so they are as durable as the change itself, replicate
 * with it and are identical on every node.
 */
public final class AuditTrail {
    private AuditTrail() {
    }

    /**
     * Records the audit entry of the event being applied. The detail is derived from the data as the change found it
     * and is stamped into the event ({@link ApplyContext#stamp}), so every node writes the same sentence whatever order
     * it applies the clinic's events in.
     */
    public static void record(ApplyContext context, String action, String entity, String recordId, Supplier<String> detail) {
        record(context.db(), context.event(), action, entity, recordId, context.stamp("auditDetail", detail));
    }

    public static void record(DbExecute db, Event event, String action, String entity, String recordId, String detail) {
        db.dml("INSERT INTO audit_entry (id, occurred_at, username, action, entity, record_id, node, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                event.origin() + ":" + event.originSeq(),
                Rows.utc(event.at()),
                event.actor(), action, entity, recordId, event.origin(),
                detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail);
    }
}
