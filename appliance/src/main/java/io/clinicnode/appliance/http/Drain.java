package io.clinicnode.appliance.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.tinylog.Logger;

/**
 * Lets a clustered node stop (a restart, a rolling upgrade) without failing a desk's request (G6): once draining, every
 * answer carries {@value #HEADER}, on which the web app moves to another node for its next request, and the stop waits
 * until no request is in flight and none has arrived for a moment. Requests that arrive meanwhile are served as usual;
 * only new ones go elsewhere. Thread-safe.
 */
public final class Drain implements Filter {
    /** The answer's header telling the desk to use another node from its next request on. */
    public static final String HEADER = "ClinicNode-Draining";

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastRequestNanos = System.nanoTime();
    private volatile boolean draining;

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        inFlight.incrementAndGet();
        lastRequestNanos = System.nanoTime();
        try {
            if (draining) {
                response.header(HEADER, "true");
            }
            chain.proceed();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Starts draining and waits until no request is in flight and none arrived for {@code quiet}, at most {@code limit};
     * returns whether it got quiet in time.
     */
    public boolean drain(Duration quiet, Duration limit) throws InterruptedException {
        draining = true;
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0 && System.nanoTime() - lastRequestNanos >= quiet.toNanos()) {
                Logger.info("Desks moved to other nodes in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
                return true;
            }
            Thread.sleep(50);
        }
        Logger.warn("Desks still used this node {} s after it asked them to move ({} requests in flight); stopping all the same",
                limit.toSeconds(), inFlight.get());
        return false;
    }

    public boolean draining() {
        return draining;
    }
}
