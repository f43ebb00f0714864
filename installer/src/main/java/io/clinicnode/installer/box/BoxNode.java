package io.clinicnode.installer.box;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.config.ClusterSettings;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.installer.InstallerException;

/**
 * Starts the node of a box from its settings ({@link BoxConfig}), the way the systemd service and
 * {@code --foreground} both do: the configured peers plus those learned from joins, the first admin password handed
 * over by {@code init} (then removed), and a {@link ReadyMarker} once the node serves and has caught up. Stateless.
 */
public final class BoxNode {
    private BoxNode() {
    }

    /**
     * Starts the node and returns once it serves and holds what the other members hold.
     *
     * @param adminPassword the first admin's password when this starts a new clinic in-process; otherwise the one
     *                      {@code init} handed over in {@link BoxLayout#firstAdminPassword()}, if any, is used
     */
    public static Node start(BoxLayout layout, Optional<String> adminPassword) {
        try {
            Files.deleteIfExists(layout.readyFile());
        } catch (IOException e) {
            throw new InstallerException("Cannot remove the old " + layout.readyFile() + ": " + e.getMessage(), e);
        }
        Map<String, String> overrides = new HashMap<>();
        peers(layout).ifPresent(peers -> overrides.put(ClusterSettings.PEERS, peers));
        Optional<String> password = adminPassword.or(() -> handedOver(layout));
        password.ifPresent(value -> overrides.put(NodeConfig.ROOT + ".admin-password", value));
        NodeConfig config = BoxConfig.read(layout, overrides);
        Node node = Node.start(config, List.of());
        if (adminPassword.isPresent()) {
            removeHandedOver(layout);
        }
        int members = node.cluster().map(cluster -> cluster.membership().members().size()).orElse(1);
        new ReadyMarker(node.identity().nodeId(), node.httpUrl(), members, Instant.now(), ProcessHandle.current().pid())
                .write(layout.readyFile());
        return node;
    }

    /** The configured peers and those that joined through this box since, without repeats. */
    private static Optional<String> peers(BoxLayout layout) {
        Set<String> peers = new LinkedHashSet<>();
        BoxConfig.value(layout, "cluster.peers").ifPresent(configured -> {
            for (String peer : configured.split(",")) {
                if (!peer.isBlank()) {
                    peers.add(peer.strip());
                }
            }
        });
        try {
            if (Files.isRegularFile(layout.learnedPeers())) {
                Files.readAllLines(layout.learnedPeers(), StandardCharsets.US_ASCII).stream().map(String::strip)
                        .filter(line -> !line.isEmpty()).forEach(peers::add);
            }
        } catch (IOException e) {
            throw new InstallerException("Cannot read " + layout.learnedPeers() + ": " + e.getMessage(), e);
        }
        return peers.isEmpty() ? Optional.empty() : Optional.of(String.join(",", peers));
    }

    /**
     * Removes the handed-over password once the admin exists. The service cannot (its {@code /etc} is read-only): there
     * {@code init} removes it after the node is ready.
     */
    public static void removeHandedOver(BoxLayout layout) {
        try {
            Files.deleteIfExists(layout.firstAdminPassword());
        } catch (IOException e) {
            throw new InstallerException("Cannot remove " + layout.firstAdminPassword() + " (the first admin password): "
                    + e.getMessage() + "; remove it by hand.", e);
        }
    }

    private static Optional<String> handedOver(BoxLayout layout) {
        try {
            return Files.isRegularFile(layout.firstAdminPassword())
                    ? Optional.of(Files.readString(layout.firstAdminPassword(), StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new InstallerException("Cannot read " + layout.firstAdminPassword() + ": " + e.getMessage(), e);
        }
    }
}
