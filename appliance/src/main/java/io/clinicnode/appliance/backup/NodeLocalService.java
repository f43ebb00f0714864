package io.clinicnode.appliance.backup;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.TreeMap;

import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.WritePath;

import io.helidon.http.HeaderNames;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import org.tinylog.Logger;

/**
 * The node's answers to the {@code clinicnode} command (routes under {@code /node}, outside the session-protected
 * {@code /api}):
 * <ul>
 *     <li>{@code GET /node/time}: this node's clock ({@code epochMillis}), for {@code clinicnode doctor} to compare the
 *     members' clocks; public, since the time is no secret;</li>
 *     <li>{@code GET /node/backup/snapshot}: a consistent snapshot ({@link NodeSnapshot}, a zip), streamed;</li>
 *     <li>{@code GET /node/consistency}: the journal's last durable index and the database's journal position.</li>
 * </ul>
 * The last two need the {@link LocalAccess} token and a connection from this same box.
 *
 * <p>Test hook, honestly labelled: the system property {@value #CLOCK_OFFSET_PROPERTY} (milliseconds) shifts only what
 * {@code /node/time} reports, so a test can show that {@code doctor} finds a skewed member without changing the
 * machine's clock. Nothing else reads it.
 */
public final class NodeLocalService implements HttpService {
    public static final String CLOCK_OFFSET_PROPERTY = "clinicnode.test.report-clock-offset-ms";

    private final java.util.function.Supplier<Optional<LocalAccess>> access;
    private final Database database;
    private final DbClient db;
    private final Journal journal;
    private final NodeIdentity identity;
    private final Optional<DataKey> key;
    private final WritePath writer;
    private final Clock clock;
    private final long reportedOffsetMillis = Long.getLong(CLOCK_OFFSET_PROPERTY, 0L);

    public NodeLocalService(java.util.function.Supplier<Optional<LocalAccess>> access, Database database, Journal journal, NodeIdentity identity, Optional<DataKey> key,
                            WritePath writer, Clock clock) {
        this.access = access;
        this.database = database;
        this.db = database.client();
        this.journal = journal;
        this.identity = identity;
        this.key = key;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/time", this::time)
                .get("/backup/snapshot", this::snapshot)
                .get("/consistency", this::consistency);
    }

    private void time(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(Json.createObjectBuilder().add("epochMillis", clock.millis() + reportedOffsetMillis)
                .add("nodeId", identity.nodeId()).build());
    }

    private synchronized void snapshot(ServerRequest request, ServerResponse response) throws Exception {
        if (!allowed(request, response)) {
            return;
        }
        long started = System.nanoTime();
        response.header(HeaderNames.CONTENT_TYPE, "application/zip");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (OutputStream out = response.outputStream()) {
            var info = NodeSnapshot.write(database, journal, identity, key, Optional.of(writer), out);
            Logger.info("Wrote a backup snapshot at journal index {} ({} events) in {} ms", info.getJsonNumber("journalIndex"),
                    info.getJsonNumber("journalEvents"), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void consistency(ServerRequest request, ServerResponse response) {
        if (!allowed(request, response)) {
            return;
        }
        long position = db.execute().get("SELECT journal_index FROM journal_position WHERE id = 1")
                .map(row -> Rows.number(row, "journal_index")).orElse(0L);
        JsonObjectBuilder applied = Json.createObjectBuilder();
        new TreeMap<>(writer.watermarks().snapshot()).forEach(applied::add);
        response.send(Json.createObjectBuilder()
                .add("journalIndex", journal.durableIndex())
                .add("databaseJournalIndex", position)
                .add("applied", applied)
                .build());
    }

    private boolean allowed(ServerRequest request, ServerResponse response) {
        if (!sameBox(request.remotePeer().address(), request.localPeer().address())) {
            ProblemHandlers.send(response, 403, "Forbidden", "Only the clinicnode command on the node's own box may ask this.",
                    java.util.List.of());
            return false;
        }
        if (!access.get().map(local -> local.accepts(request.headers().first(HeaderNames.create(LocalAccess.HEADER)))).orElse(false)) {
            ProblemHandlers.send(response, 401, "Unauthorized", "The local access token is missing or wrong; run the"
                    + " clinicnode command as the node's user or root on the node's box.", java.util.List.of());
            return false;
        }
        return true;
    }

    private static boolean sameBox(SocketAddress remote, SocketAddress local) {
        if (remote instanceof InetSocketAddress r && local instanceof InetSocketAddress l) {
            return r.getAddress().isLoopbackAddress() || r.getAddress().equals(l.getAddress());
        }
        return false;
    }
}
