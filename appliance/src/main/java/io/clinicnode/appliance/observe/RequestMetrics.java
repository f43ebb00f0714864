package io.clinicnode.appliance.observe;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every HTTP request into {@code clinicnode.http.requests}, tagged by method and status class
 * (2xx, 4xx…): enough to see load, errors and latency without one series per URL.
 */
public final class RequestMetrics implements Filter {
    private final MeterRegistry meters;

    public RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Timer.Sample sample = Timer.start();
        try {
            chain.proceed();
        } finally {
            String statusClass = (response.status().code() / 100) + "xx";
            sample.stop(Timer.builder("clinicnode.http.requests")
                    .description("HTTP requests served, by method and status class")
                    .tags("method", request.prologue().method().text(), "status", statusClass)
                    .register(meters));
        }
    }
}
