package io.clinicnode.appliance.observe;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import io.prometheus.client.exporter.common.TextFormat;

/**
 * One node's meters, served as Prometheus text at {@code /observe/metrics}: the node's own (tagged
 * {@code scope="application"}) and the JVM's ({@code scope="base"}).
 *
 * <p>Each node has a registry of its own, so that nodes sharing a JVM (tests, the demo) each report their own journal,
 * backlog and screens. Helidon 4.1's metrics registries cannot give that: every one of them writes to Micrometer's one
 * global registry, where the first gauge of a name keeps reporting the first node's objects.
 *
 * <p>Thread-safe.
 */
public final class NodeMetrics implements HttpService, AutoCloseable {
    private static final List<Tag> BASE = List.of(Tag.of("scope", "base"));
    /** Timers publish the percentiles Helidon's did, which {@code clinicnode bench} reads (p99). */
    private static final MeterFilter TIMER_PERCENTILES = new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            return id.getType() != Meter.Type.TIMER ? config : DistributionStatisticConfig.builder()
                    .percentiles(0.5, 0.75, 0.95, 0.98, 0.99, 0.999)
                    .build()
                    .merge(config);
        }
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics(BASE);

    public NodeMetrics() {
        registry.config().commonTags("scope", "application").meterFilter(TIMER_PERCENTILES);
        new JvmMemoryMetrics(BASE).bindTo(registry);
        new JvmThreadMetrics(BASE).bindTo(registry);
        new ClassLoaderMetrics(BASE).bindTo(registry);
        new ProcessorMetrics(BASE).bindTo(registry);
        new UptimeMetrics(BASE).bindTo(registry);
        gc.bindTo(registry);
    }

    /** Where this node's components register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::scrape);
    }

    private void scrape(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.create("Content-Type", TextFormat.CONTENT_TYPE_004))
                .header(HeaderValues.CACHE_NO_CACHE)
                .send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** Stops watching the JVM's garbage collections. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
