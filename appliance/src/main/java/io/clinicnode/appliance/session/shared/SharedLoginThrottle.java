package io.clinicnode.appliance.session.shared;

import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.clinicnode.appliance.session.LocalLoginThrottle;
import io.clinicnode.appliance.session.LoginAttempts;
import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.shared.SharedState;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import org.tinylog.Logger;

/**
 * The login limit counted cluster-wide: attempts on any node add up, per user, per user on one client address and per
 * client address, in a Hazelcast map keyed by a keyed hash of {@code user:NAME}, {@code user-address:NAME@ADDRESS} or
 * {@code address:ADDRESS} (the cluster key's HMAC, so the map names
 * nobody). Each attempt is counted before its password is checked, by an entry processor that checks and counts in one
 * step on the key's owner ({@link CountAttempt}); whichever nodes parallel attempts reach, at most {@link #MAX_FAILURES}
 * per user (and {@link #MAX_PER_ADDRESS} per address) are admitted in the window. A refused attempt gives back the place it took on its other key, a successful one
 * its address's place and the user's earlier attempts ({@link GiveBackAttempt}).
 *
 * <p>An attempt the cluster does not count within {@link #COUNT_WAIT} (a slow or silent key owner) is refused for that
 * long and its places are given back: admitting it here could pass the cluster's limit. This node also counts what the
 * cluster admitted here, in memory, and counts there alone when the map fails outright (then each node admits at most
 * its own five), so the limit never lapses. During a
 * network partition each side owns its own copy of every key, so each side may admit its own five. Counters are not
 * kept across a restart of every node (they only matter for five minutes).
 *
 * <p>Thread-safe.
 */
public final class SharedLoginThrottle implements LoginThrottle {
    static final String MAP = "clinicnode.login-attempts";
    /**
     * How long an attempt waits for the cluster's count before it is refused for a moment: as long as Hazelcast takes to drop
     * a silent owner (whose keys then move to their backup), and long enough that a burst of parallel attempts on a
     * busy machine (1.6 s for 60 on three nodes in one JVM) is still counted there.
     */
    private static final Duration COUNT_WAIT = Duration.ofSeconds(5);
    /** How long a give-back is waited for, as a login waits for the session map; it goes on in the background then. */
    private static final Duration GIVE_BACK_WAIT = Duration.ofSeconds(2);
    private static final long WINDOW_MILLIS = WINDOW.toMillis();

    private final SharedState shared;
    private final LocalLoginThrottle local;
    private final Clock clock;

    public SharedLoginThrottle(SharedState shared, Clock clock) {
        this.shared = shared;
        this.local = new LocalLoginThrottle(MAX_FAILURES, MAX_PER_ADDRESS, WINDOW, clock);
        this.clock = clock;
        shared.configure(SharedLoginThrottle::configure);
        shared.onJoined(this::warmUp);
    }

    static void configure(Config config) {
        SharedSerializers.register(config);
        config.addMapConfig(new MapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0));
    }

    /**
     * Counts and gives back one attempt on a key of this member's own before the node reports ready: the first use of
     * each type sent to a partition's owner spreads its compact schema over the cluster first (about a second here), which
     * must not fall on the first burst of logins and make them wait past {@link #COUNT_WAIT}.
     */
    private void warmUp(HazelcastInstance instance) {
        long now = clock.millis();
        String key = shared.sealed().keyedHash("login warm-up " + instance.getCluster().getLocalMember().getUuid());
        IMap<String, LoginAttempts> map = instance.getMap(MAP);
        try {
            map.executeOnKey(key, new CountAttempt(now, WINDOW_MILLIS, MAX_FAILURES));
            map.executeOnKey(key, new GiveBackAttempt(now, true, WINDOW_MILLIS));
        } catch (RuntimeException e) {
            // Only a head start: the first logins pay for it instead.
            Logger.warn("The login limits could not warm up ({}); the first logins may wait for the cluster", e.toString());
        }
    }

    /**
     * Counts the attempt on its keys one after the other, the narrowest first (user on this address, then user, then
     * address), and stops at the first that refuses, giving back the places taken before it. Every attempt takes its
     * keys in the same order, so parallel attempts cannot each hold a place the other needs and all be refused: exactly
     * the limit's number are admitted (counting all three keys at once admitted four of five places for one user at one
     * address now and then).
     */
    @Override
    public Admission admit(String username, String address) {
        long now = clock.millis();
        List<String> keys = List.of(userAddressKey(username, address), userKey(username), addressKey(address));
        List<Integer> limits = List.of(MAX_FAILURES, MAX_FAILURES, MAX_PER_ADDRESS);
        long deadline = System.nanoTime() + COUNT_WAIT.toNanos();
        IMap<String, LoginAttempts> map;
        try {
            map = map();
        } catch (RuntimeException e) {
            return countedHereAlone(username, address, e);
        }
        for (int index = 0; index < keys.size(); index++) {
            CompletableFuture<Long> counting = map.submitToKey(keys.get(index),
                    new CountAttempt(now, WINDOW_MILLIS, limits.get(index))).toCompletableFuture();
            long wait;
            try {
                wait = counting.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // The key's owner is slow or silent: admitting here could pass the cluster's limit (the owner may count
                // the attempt late, others' too), so the attempt is refused for a moment and its places given back.
                List<String> lateKey = keys.subList(index, index + 1);
                counting.thenAccept(late -> {
                    if (late == 0) {
                        giveBackLater(lateKey, now);
                    }
                });
                giveBackLater(keys.subList(0, index), now);
                Logger.warn("The cluster's login limits did not answer within {} ms; the attempt is refused for {} s",
                        COUNT_WAIT.toMillis(), COUNT_WAIT.toSeconds());
                return Admission.notCounted(username, address, COUNT_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                giveBackLater(keys.subList(0, index), now);
                return Admission.notCounted(username, address, COUNT_WAIT);
            } catch (ExecutionException e) {
                giveBackLater(keys.subList(0, index), now);
                return countedHereAlone(username, address, e.getCause());
            }
            if (wait > 0) {
                // Refused attempts count nothing: the places the keys before gave go back.
                for (int taken = 0; taken < index; taken++) {
                    giveBack(keys.get(taken), new GiveBackAttempt(now, false, WINDOW_MILLIS));
                }
                return Admission.refused(username, address, Duration.ofMillis(wait));
            }
        }
        Admission admitted = Admission.admitted(username, address, now);
        local.counted(admitted);
        return admitted;
    }

    /** The cluster's map failed outright (not merely slow): this node counts alone, so the limit never lapses. */
    private Admission countedHereAlone(String username, String address, Throwable cause) {
        Logger.warn("The cluster's login limits failed ({}); counted on this node alone", String.valueOf(cause));
        return local.admit(username, address);
    }

    /** Gives back, without waiting, the places an attempt took on {@code keys} at {@code countedAt}. */
    private void giveBackLater(List<String> keys, long countedAt) {
        try {
            for (String key : keys) {
                map().submitToKey(key, new GiveBackAttempt(countedAt, false, WINDOW_MILLIS));
            }
        } catch (RuntimeException e) {
            Logger.warn("Login places were not given back ({}); they free themselves within {} minutes", e.toString(),
                    WINDOW.toMinutes());
        }
    }

    @Override
    public void succeeded(Admission admitted) {
        local.succeeded(admitted);
        giveBack(userKey(admitted.username()), new GiveBackAttempt(admitted.countedAt(), true, WINDOW_MILLIS));
        giveBack(userAddressKey(admitted.username(), admitted.address()), new GiveBackAttempt(admitted.countedAt(), true, WINDOW_MILLIS));
        giveBack(addressKey(admitted.address()), new GiveBackAttempt(admitted.countedAt(), false, WINDOW_MILLIS));
    }

    /** Waits a moment, so that the next attempt finds the place free; Hazelcast finishes in the background otherwise. */
    private void giveBack(String key, GiveBackAttempt giveBack) {
        try {
            map().submitToKey(key, giveBack).toCompletableFuture().get(GIVE_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Logger.warn("A login attempt was not given back cluster-wide within {} ms ({}); it goes on in the background",
                    GIVE_BACK_WAIT.toMillis(), e.toString());
        }
    }

    private IMap<String, LoginAttempts> map() {
        return shared.readyInstance().getMap(MAP);
    }

    private String userKey(String username) {
        return shared.sealed().keyedHash("login user:" + username.toLowerCase());
    }

    private String userAddressKey(String username, String address) {
        return shared.sealed().keyedHash("login user-address:" + username.toLowerCase() + "@" + address);
    }

    private String addressKey(String address) {
        return shared.sealed().keyedHash("login address:" + address);
    }
}
