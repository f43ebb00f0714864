package io.clinicnode.cluster.hazelcast.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.clinicnode.cluster.ClusterChannel;

import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;

/** Makes the {@link ViewDiscoveryStrategy} of one node's channel; handed to Hazelcast as an instance. Thread-safe. */
public final class ViewDiscoveryStrategyFactory implements DiscoveryStrategyFactory {
    private final ClusterChannel channel;

    public ViewDiscoveryStrategyFactory(ClusterChannel channel) {
        this.channel = channel;
    }

    @Override
    public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
        return ViewDiscoveryStrategy.class;
    }

    @Override
    public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger, Map<String, Comparable> properties) {
        return new ViewDiscoveryStrategy(channel, logger, properties);
    }

    @Override
    public Collection<PropertyDefinition> getConfigurationProperties() {
        return List.of();
    }

    /** Never picked by Hazelcast's auto-detection; only used when configured explicitly. */
    @Override
    public boolean isAutoDetectionApplicable() {
        return false;
    }
}
