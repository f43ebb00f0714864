package io.clinicnode.appliance.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain that makes the audit trail tamper-evident. Each origin node's entries are chained in the origin's
 * event order: entry {@code n} of a node carries {@code SHA-256(previous hash, canonical fields of n)}, and the first
 * entry chains from {@link #GENESIS}. Every input comes from the event (never from the applying node's clock), and
 * every node applies one origin's events in that origin's order, so every node computes the same chain.
 *
 * <p>The canonical encoding is a version tag, then each field in a fixed order as a presence byte, a 4-byte length
 * and its UTF-8 bytes; the time is epoch milliseconds. Changing it changes every hash: it is part of the stored data's
 * definition (docs/ARCHITECTURE.md, "Audit").
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditChain {
    /** The "previous hash" of a node's first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "clinicnode-audit-1";

    private AuditChain() {
    }

    /**
     * One audit entry's chained fields.
     *
     * @param shown the patients a search showed, in order; empty for other actions
     */
    public record Entry(String id, String node, long originSeq, long chainSeq, long atMillis, String username, String action,
                        String entity, String recordId, String detail, List<String> shown) {
        public Entry {
            shown = List.copyOf(shown);
        }
    }

    /** The hash of {@code entry} chained to {@code previousHash}, as 64 lower-case hex digits. */
    public static String hash(String previousHash, Entry entry) {
        MessageDigest sha = sha256();
        for (String field : new String[] {VERSION, previousHash, entry.id(), entry.node(), Long.toString(entry.originSeq()),
                Long.toString(entry.chainSeq()), Long.toString(entry.atMillis()), entry.username(), entry.action(),
                entry.entity(), entry.recordId(), entry.detail(), Integer.toString(entry.shown().size())}) {
            update(sha, field);
        }
        entry.shown().forEach(id -> update(sha, id));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String text) {
        if (text == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
