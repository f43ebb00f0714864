package io.clinicnode.appliance.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Checks the audit trail's hash chains ({@link AuditChain}): walks each origin node's entries in chain order,
 * recomputes every hash and compares each chain's end with its head ({@code audit_chain}). Finds an entry deleted
 * anywhere in a chain (a hole in {@code chain_seq}, or a chain shorter than its head says), an entry whose fields,
 * shown patients or hash were altered, and an entry inserted without a place in the chain. What it cannot find on its
 * own: the newest entries of a chain deleted together with the head rewound and re-hashed to match (every node computes
 * the same chain, so compare {@code head} across nodes, or the data checksum of {@code GET /api/cluster}).
 *
 * <p>One pass over the trail, streamed; thread-safe.
 */
public final class AuditVerifier {
    private final DbClient db;

    public AuditVerifier(DbClient db) {
        this.db = db;
    }

    /** What a chain check found; see {@link #json()} for the answer of {@code GET /api/audit/verify}. */
    public record Report(long checked, Map<String, NodeChain> nodes) {
        public boolean ok() {
            return nodes.values().stream().allMatch(chain -> chain.breaks.isEmpty());
        }

        /** The earliest break of any chain (by the time of the entry where it was found), or null. */
        public Break firstBreak() {
            return nodes.values().stream().filter(chain -> !chain.breaks.isEmpty()).map(chain -> chain.breaks.getFirst())
                    .min(Comparator.comparing(Break::when).thenComparing(Break::node)).orElse(null);
        }

        public JsonObject json() {
            JsonObjectBuilder chains = JSON.createObjectBuilder();
            nodes.forEach((node, chain) -> {
                JsonObjectBuilder json = JSON.createObjectBuilder().add("ok", chain.breaks.isEmpty()).add("entries", chain.entries)
                        .add("lastSeq", chain.lastSeq).add("head", chain.headHash == null ? "" : chain.headHash)
                        .add("breaks", chain.breaks.size());
                if (!chain.breaks.isEmpty()) {
                    json.add("firstBreak", chain.breaks.getFirst().json());
                }
                chains.add(node, json);
            });
            JsonObjectBuilder report = JSON.createObjectBuilder().add("ok", ok()).add("checked", checked)
                    .add("breaks", nodes.values().stream().mapToInt(chain -> chain.breaks.size()).sum());
            Break first = firstBreak();
            if (first != null) {
                report.add("firstBreak", first.json());
            }
            return report.add("nodes", chains).build();
        }
    }

    /**
     * One break in a node's chain.
     *
     * @param chainSeq where in the chain: the first missing position, or the altered or inserted entry's
     * @param reason   {@code missing}, {@code altered} or {@code inserted}
     * @param entryId  the entry found broken, or the first one after missing entries; null when the chain's end is missing
     * @param at       that entry's time, or null
     * @param missing  how many entries are missing (0 unless {@code missing})
     * @param afterId  the last intact entry before the break, or null at the chain's start
     * @param afterAt  its time, or null
     * @param detail   a sentence saying what was found
     */
    public record Break(String node, long chainSeq, String reason, String entryId, Instant at, long missing, String afterId,
                        Instant afterAt, String detail) {
        Instant when() {
            return at != null ? at : afterAt != null ? afterAt : Instant.MAX;
        }

        JsonObject json() {
            JsonObjectBuilder json = JSON.createObjectBuilder().add("node", node).add("chainSeq", chainSeq).add("reason", reason);
            if (entryId != null) {
                json.add("entryId", entryId).add("at", at.toString());
            }
            if (missing > 0) {
                json.add("missing", missing);
            }
            if (afterId != null) {
                json.add("after", JSON.createObjectBuilder().add("entryId", afterId).add("at", afterAt.toString()));
            }
            return json.add("detail", detail).build();
        }
    }

    /** The state of one node's chain while it is walked, then its result. Not thread-safe. */
    public static final class NodeChain {
        private final String node;
        private final List<Break> breaks = new ArrayList<>();
        private long entries;
        private long lastSeq;
        private String previousHash = AuditChain.GENESIS;
        private String headHash;
        private String lastId;
        private Instant lastAt;

        NodeChain(String node) {
            this.node = node;
        }

        void check(DbRow row) {
            entries++;
            String id = Rows.text(row, "id");
            Instant at = Rows.instant(row, "occurred_at");
            Object seqValue = Rows.raw(row, "chain_seq");
            String stored = Rows.text(row, "entry_hash");
            if (seqValue == null || ((Number) seqValue).longValue() <= lastSeq) {
                breaks.add(new Break(node, seqValue == null ? 0 : ((Number) seqValue).longValue(), "inserted", id, at, 0, lastId,
                        lastAt, "Entry " + id + " has no place of its own in node " + node + "'s chain: it was added outside the"
                        + " node."));
                return;
            }
            long seq = ((Number) seqValue).longValue();
            if (seq > lastSeq + 1) {
                breaks.add(new Break(node, lastSeq + 1, "missing", id, at, seq - lastSeq - 1, lastId, lastAt,
                        (seq - lastSeq - 1) + " entr" + (seq - lastSeq - 1 == 1 ? "y" : "ies") + " of node " + node
                                + "'s chain (from position " + (lastSeq + 1) + ") were deleted before entry " + id + "."));
            } else if (!AuditChain.hash(previousHash, entry(row, id, at, seq)).equals(stored)) {
                breaks.add(new Break(node, seq, "altered", id, at, 0, lastId, lastAt,
                        "Entry " + id + " (position " + seq + " of node " + node + "'s chain) was changed after it was written."));
            }
            // Go on from what is stored, so that one break does not make every later entry look broken.
            previousHash = stored == null ? "" : stored;
            lastSeq = seq;
            lastId = id;
            lastAt = at;
        }

        /**
         * Compares the chain's end with its head as read before the walk ({@code before}: every entry up to it was
         * committed when the walk began) and after it ({@code after}: entries appended meanwhile are up to it).
         */
        void end(Head before, Head after) {
            Head latest = after != null ? after : before;
            headHash = latest == null ? null : latest.hash();
            long committed = before == null ? 0 : before.seq();
            if (latest == null) {
                breaks.add(new Break(node, 1, "altered", null, null, 0, lastId, lastAt,
                        "The head of node " + node + "'s chain is missing while " + entries + " of its entries remain."));
            } else if (committed > lastSeq) {
                breaks.add(new Break(node, lastSeq + 1, "missing", null, null, committed - lastSeq, lastId, lastAt,
                        "The newest " + (committed - lastSeq) + " entr" + (committed - lastSeq == 1 ? "y" : "ies") + " of node "
                                + node + "'s chain (from position " + (lastSeq + 1) + ") were deleted."));
            } else if (lastSeq > latest.seq() || (lastSeq == latest.seq() && !latest.hash().equals(previousHash))
                    || (before != null && lastSeq == before.seq() && !before.hash().equals(previousHash))) {
                breaks.add(new Break(node, lastSeq, "altered", lastId, lastAt, 0, null, null,
                        "The head of node " + node + "'s chain does not match its newest entry " + lastId + "."));
            }
        }

        private AuditChain.Entry entry(DbRow row, String id, Instant at, long seq) {
            String shown = Rows.text(row, "shown");
            return new AuditChain.Entry(id, node, Rows.number(row, "origin_seq"), seq, at.toEpochMilli(),
                    Rows.text(row, "username"), Rows.text(row, "action"), Rows.text(row, "entity"), Rows.text(row, "record_id"),
                    Rows.text(row, "detail"), shown == null ? List.of() : Arrays.asList(shown.split(",")));
        }
    }

    /** A chain's head: the position and hash of its newest entry. */
    record Head(long seq, String hash) {
    }

    /**
     * Walks every chain once. Changes keep coming while it walks (every search is an entry), so each chain's end is
     * compared with its head as read both before and after the walk: an entry appended meanwhile is not a break.
     */
    public Report verify() {
        Map<String, Head> before = heads();
        Map<String, NodeChain> chains = new TreeMap<>();
        long[] checked = {0};
        try (Stream<DbRow> rows = db.execute().query("SELECT e.id, e.node, e.origin_seq, e.chain_seq, e.occurred_at, e.username,"
                + " e.action, e.entity, e.record_id, e.detail, e.entry_hash, (SELECT LISTAGG(p.patient_id, ',') WITHIN GROUP"
                + " (ORDER BY p.position) FROM audit_entry_patient p WHERE p.entry_id = e.id) AS shown"
                + " FROM audit_entry e ORDER BY e.node, e.chain_seq")) {
            rows.forEach(row -> {
                checked[0]++;
                chains.computeIfAbsent(Rows.text(row, "node"), NodeChain::new).check(row);
            });
        }
        Map<String, Head> after = heads();
        before.keySet().forEach(node -> chains.computeIfAbsent(node, NodeChain::new));
        after.keySet().forEach(node -> chains.computeIfAbsent(node, NodeChain::new));
        chains.forEach((node, chain) -> chain.end(before.get(node), after.get(node)));
        return new Report(checked[0], chains);
    }

    private Map<String, Head> heads() {
        Map<String, Head> heads = new HashMap<>();
        try (Stream<DbRow> rows = db.execute().query("SELECT node, last_seq, last_hash FROM audit_chain")) {
            rows.forEach(row -> heads.put(Rows.text(row, "node"), new Head(Rows.number(row, "last_seq"), Rows.text(row, "last_hash"))));
        }
        return heads;
    }
}
