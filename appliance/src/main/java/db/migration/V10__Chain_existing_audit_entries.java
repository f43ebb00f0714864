package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;

import io.clinicnode.appliance.audit.AuditChain;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Puts the audit entries written before the hash chain existed (V9) into their nodes' chains, in each origin's event
 * order, exactly as {@link io.clinicnode.appliance.audit.AuditTrail} would have: every node that held the same entries
 * computes the same chains. No entry then had shown patients (searches were not audited).
 *
 * <p>Run once by Flyway, in its transaction.
 */
public final class V10__Chain_existing_audit_entries extends BaseJavaMigration {
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            // Entry ids are "origin:seq" and node is the origin.
            statement.executeUpdate("UPDATE audit_entry SET origin_seq = CAST(SUBSTRING(id, LENGTH(node) + 2) AS BIGINT)");
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, node, origin_seq, occurred_at, username, action, entity,"
                     + " record_id, detail FROM audit_entry ORDER BY node, origin_seq");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE audit_entry SET chain_seq = ?, entry_hash = ? WHERE id = ?");
             PreparedStatement head = connection.prepareStatement(
                     "INSERT INTO audit_chain (node, last_seq, last_hash, last_origin_seq) VALUES (?, ?, ?, ?)")) {
            String node = null;
            long seq = 0;
            long originSeq = 0;
            String previous = AuditChain.GENESIS;
            while (rows.next()) {
                if (!rows.getString("node").equals(node)) {
                    addHead(head, node, seq, previous, originSeq);
                    node = rows.getString("node");
                    seq = 0;
                    previous = AuditChain.GENESIS;
                }
                seq++;
                originSeq = rows.getLong("origin_seq");
                String id = rows.getString("id");
                previous = AuditChain.hash(previous, new AuditChain.Entry(id, node, originSeq, seq,
                        rows.getTimestamp("occurred_at").toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli(),
                        rows.getString("username"), rows.getString("action"), rows.getString("entity"),
                        rows.getString("record_id"), rows.getString("detail"), List.of()));
                update.setLong(1, seq);
                update.setString(2, previous);
                update.setString(3, id);
                update.addBatch();
                if (seq % BATCH == 0) {
                    update.executeBatch();
                }
            }
            addHead(head, node, seq, previous, originSeq);
            update.executeBatch();
            head.executeBatch();
        }
    }

    private static void addHead(PreparedStatement head, String node, long seq, String hash, long originSeq) throws SQLException {
        if (node == null) {
            return;
        }
        head.setString(1, node);
        head.setLong(2, seq);
        head.setString(3, hash);
        head.setLong(4, originSeq);
        head.addBatch();
    }
}
