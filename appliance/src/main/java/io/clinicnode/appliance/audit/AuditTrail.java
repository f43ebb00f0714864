package io.clinicnode.appliance.audit;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbExecute;

/**
 * Records who viewed or changed a patient record, when, what and on which node (guarantee G10). Entries are
 * written by the projection from the journal's events, so they are as durable as the change itself, replicate
 * with it and are identical on every node.
 */
public final class AuditTrail {
    private AuditTrail() {
    }

    public static void record(DbExecute db, Event event, String action, String entity, String recordId, String detail) {
        db.dml("INSERT INTO audit_entry (id, occurred_at, username, action, entity, record_id, node, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                event.origin() + ":" + event.originSeq(),
                Rows.utc(event.at()),
                event.actor(), action, entity, recordId, event.origin(),
                detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail);
    }
}
