package io.clinicnode.appliance.session.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.session.LocalLoginThrottle;
import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.shared.SharedState;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.map.IMap;

import org.tinylog.Logger;

/**
 * The login limit counted cluster-wide: failures on any node add up, per user and per client address, in a Hazelcast
 * map keyed by a keyed hash of {@code user:NAME} or {@code address:ADDRESS} (the cluster key's HMAC, so the map names
 * nobody). Each failure is recorded atomically on the key's owner ({@link LoginFailures.Record}). This node also counts
 * in memory, and uses that count while the map does not answer in time, so the limit never lapses. Counters are not
 * kept across a restart of every node (they only matter for five minutes). Thread-safe.
 */
public final class SharedLoginThrottle implements LoginThrottle {
    static final String MAP = "clinicnode.login-failures";
    private static final Duration WAIT = Duration.ofMillis(500);

    private final SharedState shared;
    private final LocalLoginThrottle local;
    private final Clock clock;

    public SharedLoginThrottle(SharedState shared, Clock clock) {
        this.shared = shared;
        this.local = new LocalLoginThrottle(MAX_FAILURES, WINDOW, clock);
        this.clock = clock;
        shared.configure(SharedLoginThrottle::configure);
    }

    static void configure(Config config) {
        SharedSerializers.register(config);
        config.addMapConfig(new MapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0));
    }

    @Override
    public Optional<Duration> blockedFor(String username, String address) {
        String userKey = userKey(username);
        String addressKey = addressKey(address);
        long now = clock.millis();
        try {
            IMap<String, LoginFailures> map = map();
            List<LoginFailures> failures = map.getAsync(userKey).toCompletableFuture()
                    .thenCombine(map.getAsync(addressKey).toCompletableFuture(), (user, remote) -> Arrays.asList(user, remote))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long blocked = failures.stream()
                    .filter(Objects::nonNull)
                    .mapToLong(recorded -> recorded.blockedForMillis(now, WINDOW.toMillis(), MAX_FAILURES))
                    .max().orElse(0);
            return blocked == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(blocked));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return local.blockedFor(username, address);
        } catch (Exception e) {
            Logger.warn("The cluster's login limits did not answer within {} ms ({}); used this node's count", WAIT.toMillis(), e.toString());
            return local.blockedFor(username, address);
        }
    }

    @Override
    public void failed(String username, String address) {
        local.failed(username, address);
        LoginFailures.Record record = new LoginFailures.Record(clock.millis(), WINDOW.toMillis(), MAX_FAILURES);
        IMap<String, LoginFailures> map = map();
        try {
            map.submitToKey(userKey(username), record).toCompletableFuture()
                    .thenCombine(map.submitToKey(addressKey(address), record).toCompletableFuture(), (user, remote) -> null)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Logger.warn("A failed login was not counted cluster-wide within {} ms ({}); it goes on in the background", WAIT.toMillis(), e.toString());
        }
    }

    @Override
    public void succeeded(String username) {
        local.succeeded(username);
        map().deleteAsync(userKey(username));
    }

    private IMap<String, LoginFailures> map() {
        return shared.readyInstance().getMap(MAP);
    }

    private String userKey(String username) {
        return shared.sealed().keyedHash("login user:" + username.toLowerCase());
    }

    private String addressKey(String address) {
        return shared.sealed().keyedHash("login address:" + address);
    }
}
