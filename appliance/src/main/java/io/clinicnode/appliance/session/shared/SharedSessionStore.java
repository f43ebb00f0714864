package io.clinicnode.appliance.session.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.session.Session;
import io.clinicnode.appliance.session.SessionStore;
import io.clinicnode.appliance.shared.SealedValues;
import io.clinicnode.appliance.shared.SharedState;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.helidon.dbclient.DbClient;

import org.tinylog.Logger;

/**
 * The sessions of a clustered node, shared by the clinic's nodes in a Hazelcast map: any node checks any token, a
 * logout on one node holds on all, and losing any one node logs nobody out (one synchronous backup). The map's key is
 * the SHA-256 of the token, its value a {@link SharedSession} whose username is sealed with the cluster key: nothing in
 * Hazelcast (which sends it in clear) names a user or lets anyone log in.
 *
 * <p>Every write is a {@link MergeSession merge} run on the key's owner, and every node keeps a {@link SessionCopy} in
 * its H2 fed by the map's events; when a member joins it merges its copy into the map and the map into its copy. So a
 * restart of every node keeps the sessions, and a session logged out while a node was down stays logged out when that
 * node returns with its stale copy (docs/ARCHITECTURE.md, "Shared state").
 *
 * <p>When the map does not answer in time (a member just died and Hazelcast has not yet moved its partitions) or has
 * lost an entry (a LAN partition), a check falls back to this node's copy, so a desk that fails over is not logged out
 * and each side of a partition keeps its users; writes go on in the background.
 *
 * <p>Thread-safe.
 */
public final class SharedSessionStore implements SessionStore {
    static final String MAP = "clinicnode.sessions";
    /** Sliding the expiry costs a cluster write; doing it at most this often keeps checks read-only. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);
    /** A check waits this long for the map before it uses this node's copy. */
    private static final Duration READ_WAIT = Duration.ofMillis(500);
    /** Logins and logouts wait this long for the map (and its backup); the merge goes on in the background after it. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(2);

    private final SharedState shared;
    private final SealedValues box;
    private final SessionCopy copy;
    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SharedSessionStore(SharedState shared, DbClient db, Duration idleTimeout, Clock clock) {
        this.shared = shared;
        this.box = shared.sealed();
        this.copy = new SessionCopy(db, clock);
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        shared.configure(SharedSessionStore::configure);
        shared.onJoined(this::catchUp);
    }

    /** One synchronous backup, the session merge policy, values kept as stored (nothing to deserialize on the owner). */
    static void configure(Config config) {
        SharedSerializers.register(config);
        MapConfig sessions = new MapConfig(MAP)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(true);
        sessions.getMergePolicyConfig().setPolicy(SessionMergePolicy.class.getName());
        config.addMapConfig(sessions);
    }

    /**
     * Once this member has joined: listen to every change to keep the H2 copy current, merge this node's copy into
     * the map (its sessions survive a restart of every node; the map's tombstones win over its stale live states), and
     * the map into the copy (sessions opened and closed while this node was away).
     */
    private void catchUp(HazelcastInstance instance) {
        IMap<String, SharedSession> map = map(instance);
        map.addEntryListener(new CopyUpdater(), true);
        copy.purge();
        List<CompletableFuture<Void>> merges = new ArrayList<>();
        copy.kept().forEach((tokenHash, local) -> merges.add(map.submitToKey(tokenHash, new MergeSession(local))
                .toCompletableFuture().thenAccept(merged -> copy.merge(tokenHash, merged))));
        CompletableFuture.allOf(merges.toArray(CompletableFuture[]::new)).join();
        int pulled = 0;
        for (Map.Entry<String, SharedSession> entry : map.entrySet()) {
            copy.merge(entry.getKey(), entry.getValue());
            pulled++;
        }
        Logger.info("Shared sessions: merged {} kept here into the map, {} in the map into this node's copy", merges.size(), pulled);
    }

    @Override
    public Issued open(String username) {
        copy.purge();
        String token = SessionStore.newToken(random);
        String tokenHash = SessionStore.hash(token);
        Instant expiresAt = clock.instant().plus(idleTimeout);
        write(tokenHash, SharedSession.live(box, tokenHash, username, expiresAt), true);
        return new Issued(token, new Session(tokenHash, username, expiresAt));
    }

    @Override
    public Optional<Session> touch(String token) {
        String tokenHash = SessionStore.hash(token);
        Instant now = clock.instant();
        Optional<SharedSession> found = read(tokenHash).filter(session -> session.isLiveAt(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> username = found.get().username(box, tokenHash);
        if (username.isEmpty()) {
            Logger.warn("Refused session {}…: its shared entry was not sealed with this clinic's cluster key or was changed",
                    tokenHash.substring(0, 8));
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochMilli(found.get().expiresAt());
        Instant lastSlid = expiresAt.minus(idleTimeout);
        if (Duration.between(lastSlid, now).compareTo(TOUCH_INTERVAL) < 0) {
            return Optional.of(new Session(tokenHash, username.get(), expiresAt));
        }
        Instant slid = now.plus(idleTimeout);
        write(tokenHash, SharedSession.live(box, tokenHash, username.get(), slid), false);
        return Optional.of(new Session(tokenHash, username.get(), slid));
    }

    @Override
    public boolean isLive(String tokenHash) {
        Instant now = clock.instant();
        return read(tokenHash).filter(session -> session.isLiveAt(now) && session.username(box, tokenHash).isPresent()).isPresent();
    }

    @Override
    public void revoke(String tokenHash) {
        write(tokenHash, SharedSession.revoked(box, tokenHash, clock.instant(), idleTimeout), true);
    }

    @Override
    public void revokeAll(String username) {
        Instant now = clock.instant();
        Map<String, SharedSession> sessions = new HashMap<>(copy.kept());
        map().forEach((tokenHash, session) -> sessions.merge(tokenHash, session, SharedSession::join));
        sessions.forEach((tokenHash, session) -> {
            if (session.isLiveAt(now) && session.username(box, tokenHash).filter(username::equals).isPresent()) {
                revoke(tokenHash);
            }
        });
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * The shared state of a session; this node's copy of it when the map does not answer in time, or does not hold it
     * (the map lost the entry: the other side of a LAN partition held it and its backup, or two members died at once).
     * A session found only here is merged back into the map.
     */
    private Optional<SharedSession> read(String tokenHash) {
        IMap<String, SharedSession> map = map();
        SharedSession shared;
        try {
            shared = map.getAsync(tokenHash).toCompletableFuture().get(READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return copy.find(tokenHash);
        } catch (Exception e) {
            Logger.warn("The shared sessions did not answer within {} ms ({}); checked this node's copy instead",
                    READ_WAIT.toMillis(), e.toString());
            return copy.find(tokenHash);
        }
        if (shared != null) {
            return Optional.of(shared);
        }
        Optional<SharedSession> local = copy.find(tokenHash).filter(session -> session.keepUntil() > clock.millis());
        local.ifPresent(session -> write(tokenHash, session, false));
        return local;
    }

    /**
     * Merges a state into this node's copy first (so it survives this node's own crash), then into the map; waits for
     * the map (owner and synchronous backup) when asked, at most {@link #WRITE_WAIT}, after which Hazelcast keeps
     * retrying on its own.
     */
    private void write(String tokenHash, SharedSession session, boolean wait) {
        copy.merge(tokenHash, session);
        CompletableFuture<SharedSession> merged = map().submitToKey(tokenHash, new MergeSession(session)).toCompletableFuture();
        merged.whenComplete((result, failure) -> {
            if (failure != null) {
                Logger.warn("A session change did not reach the shared sessions: {}", failure.toString());
            }
        });
        if (!wait) {
            return;
        }
        try {
            merged.get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Logger.warn("The shared sessions did not confirm a session change within {} ms ({}); it goes on in the background",
                    WRITE_WAIT.toMillis(), e.toString());
        }
    }

    private IMap<String, SharedSession> map() {
        return map(shared.readyInstance());
    }

    private static IMap<String, SharedSession> map(HazelcastInstance instance) {
        return instance.getMap(MAP);
    }

    /** Keeps this node's copy current with every change any node makes (Hazelcast event threads). */
    private final class CopyUpdater implements EntryAddedListener<String, SharedSession>, EntryUpdatedListener<String, SharedSession>,
            EntryMergedListener<String, SharedSession> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, SharedSession> event) {
            copy.merge(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, SharedSession> event) {
            copy.merge(event.getKey(), event.getValue());
        }

        @Override
        public void entryMerged(com.hazelcast.core.EntryEvent<String, SharedSession> event) {
            copy.merge(event.getKey(), event.getValue());
        }
    }
}
