package io.clinicnode.appliance.shared;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import org.tinylog.Logger;

/**
 * The clinic's shared state on this node: its Hazelcast member, started in the background once the node has joined
 * the JGroups cluster, so that the node serves requests (and reports its health) while Hazelcast joins. Users of the
 * shared state {@link #instance() wait} for it with a deadline; components add their maps' configuration before the
 * start ({@link #configure}) and their own catch-up work to run after the join ({@link #onJoined}). The node is ready
 * ({@link #healthCheck()}) once Hazelcast has joined and that work is done.
 *
 * <p>Only clustered nodes create one: a node that runs alone never loads Hazelcast.
 *
 * <p>Thread-safe.
 */
public final class SharedState implements AutoCloseable {
    /** How long a request waits for the shared state of a node that is still starting. */
    static final Duration REQUEST_WAIT = Duration.ofSeconds(15);

    private final ClusterCredentials credentials;
    private final SealedValues sealed;
    private final List<Consumer<Config>> configuration = new ArrayList<>();
    private final List<Consumer<HazelcastInstance>> joinedWork = new ArrayList<>();
    private final CompletableFuture<HazelcastInstance> started = new CompletableFuture<>();
    private final CompletableFuture<HazelcastInstance> ready = new CompletableFuture<>();
    private volatile Thread starter;

    public SharedState(ClusterCredentials credentials) {
        this.credentials = credentials;
        this.sealed = new SealedValues(credentials.clusterKey());
    }

    /** Seals values with the cluster key (AES-GCM) before they go into Hazelcast. */
    public SealedValues sealed() {
        return sealed;
    }

    /** Adds to Hazelcast's configuration (maps, serializers, merge policies); only before {@link #start}. */
    public synchronized void configure(Consumer<Config> customizer) {
        configuration.add(customizer);
    }

    /** Work to do once this member has joined, before the node reports ready (e.g. merging a local copy back in). */
    public synchronized void onJoined(Consumer<HazelcastInstance> work) {
        joinedWork.add(work);
    }

    /**
     * Starts the Hazelcast member on a background thread, with the members of {@code channel}'s view, on {@code
     * bindAddress} and the cluster port + {@value HazelcastMember#PORT_OFFSET}. Returns at once.
     */
    public synchronized void start(ClusterChannel channel, InetAddress bindAddress) {
        List<Consumer<Config>> customizers = List.copyOf(configuration);
        List<Consumer<HazelcastInstance>> work = List.copyOf(joinedWork);
        starter = Thread.ofPlatform().name("shared-state-start").daemon().start(() -> {
            long startedAt = System.nanoTime();
            try {
                HazelcastInstance instance = HazelcastMember.builder(channel, credentials)
                        .bindAddress(bindAddress)
                        .configure(config -> customizers.forEach(customizer -> customizer.accept(config)))
                        .start();
                started.complete(instance);
                long joinedAt = System.nanoTime();
                work.forEach(step -> step.accept(instance));
                ready.complete(instance);
                Logger.info("Shared state ready in {} ms (Hazelcast joined {} members in {} ms, catch-up {} ms)",
                        millis(System.nanoTime() - startedAt), instance.getCluster().getMembers().size(),
                        millis(joinedAt - startedAt), millis(System.nanoTime() - joinedAt));
            } catch (RuntimeException e) {
                Logger.error(e, "The shared state (sessions, login limits) could not start: {}", e.getMessage());
                started.completeExceptionally(e);
                ready.completeExceptionally(e);
            }
        });
    }

    /** Hazelcast once this member has joined (catch-up work may still run); waits at most {@link #REQUEST_WAIT}. */
    public HazelcastInstance instance() {
        return await(started);
    }

    /** Hazelcast once this member has joined and done its catch-up work; waits at most {@link #REQUEST_WAIT}. */
    public HazelcastInstance readyInstance() {
        return await(ready);
    }

    private static HazelcastInstance await(CompletableFuture<HazelcastInstance> future) {
        try {
            return future.get(REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SharedStateUnavailable("Starting", "This node is still joining its cluster's shared sessions; try again in a"
                    + " few seconds or use another node.");
        } catch (ExecutionException e) {
            throw new SharedStateUnavailable("Shared state unavailable", "This node could not join its cluster's shared sessions: "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SharedStateUnavailable("Interrupted", "The node is stopping.");
        }
    }

    /** Readiness: DOWN while Hazelcast starts and catches up, UP with the member count afterwards. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "sharedState";
            }

            @Override
            public HealthCheckResponse call() {
                if (ready.isCompletedExceptionally()) {
                    return HealthCheckResponse.builder().status(false).detail("state", "FAILED").build();
                }
                HazelcastInstance instance = ready.getNow(null);
                if (instance == null) {
                    return HealthCheckResponse.builder().status(false).detail("state", "STARTING").build();
                }
                boolean running = instance.getLifecycleService().isRunning();
                return HealthCheckResponse.builder()
                        .status(running)
                        .detail("state", running ? "JOINED" : "STOPPED")
                        .detail("members", running ? instance.getCluster().getMembers().size() : 0)
                        .build();
            }
        };
    }

    /** Leaves the Hazelcast cluster gracefully (its partitions move to the others first). */
    @Override
    public void close() {
        Thread thread = starter;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HazelcastInstance instance = started.getNow(null);
        if (instance != null && instance.getLifecycleService().isRunning()) {
            instance.shutdown();
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
