package io.clinicnode.installer.box;

import java.nio.file.Path;

import io.clinicnode.appliance.join.JoinService;
import io.clinicnode.cluster.join.JoinTokenLedger;

/**
 * Where an installed node keeps its files under a file-system root ({@code --root}, like DESTDIR; {@code /} on a real
 * box), so that tests can make several "fresh boxes" on one machine:
 * <ul>
 *   <li>{@code ROOT/etc/clinicnode/clinicnode.yaml}: the node's settings (no secrets);</li>
 *   <li>{@code ROOT/etc/clinicnode/cluster/}: the cluster credentials (the clinic CA's key on the first box only);</li>
 *   <li>{@code ROOT/etc/clinicnode/data.key}: the clinic's data key (outside the data, as encryption at rest needs);</li>
 *   <li>{@code ROOT/etc/clinicnode/tls/}: the HTTPS certificate of a box that joined (the first box issues its own);</li>
 *   <li>{@code ROOT/var/lib/clinicnode/}: the node's data directory, the only place the service may write (systemd's
 *       {@code ReadWritePaths}); beside the journal and database it holds the join-token ledger, the learned peers and
 *       the ready marker, all written after the node's first start (a new encrypted data directory must be empty);</li>
 *   <li>{@code ROOT/var/backups/clinicnode/}: backups ({@code clinicnode backup}).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public record BoxLayout(Path root) {
    /** The service user the Debian package creates and the systemd unit runs as. */
    public static final String SERVICE_USER = "clinicnode";

    public static BoxLayout of(Path root) {
        return new BoxLayout(root.toAbsolutePath().normalize());
    }

    public Path configDir() {
        return root.resolve("etc/clinicnode");
    }

    public Path configFile() {
        return configDir().resolve("clinicnode.yaml");
    }

    public Path clusterDir() {
        return configDir().resolve("cluster");
    }

    public Path dataKey() {
        return configDir().resolve("data.key");
    }

    public Path tlsDir() {
        return configDir().resolve("tls");
    }

    public Path stateDir() {
        return root.resolve("var/lib/clinicnode");
    }

    public Path dataDir() {
        return stateDir();
    }

    /** The join tokens this box accepts (first box only); see {@code io.clinicnode.cluster.join.JoinTokenLedger}. */
    public Path joinTokens() {
        return stateDir().resolve(JoinTokenLedger.FILE_NAME);
    }

    /** Cluster addresses of members that joined through this box, added to the configured peers at start. */
    public Path learnedPeers() {
        return stateDir().resolve(JoinService.LEARNED_PEERS_FILE);
    }

    /** Written by the running node once it serves and has caught up with the cluster; see {@link ReadyMarker}. */
    public Path readyFile() {
        return stateDir().resolve("ready");
    }

    /**
     * The first admin password, handed from {@code init} to the service's first start (mode 600, the service user's);
     * {@code init} removes it once the node is ready. Outside the data directory, which must be empty at the first start.
     */
    public Path firstAdminPassword() {
        return configDir().resolve("first-admin-password");
    }

    /** Where backups of this box go by default ({@code clinicnode backup}). */
    public Path backupDir() {
        return root.resolve("var/backups/clinicnode");
    }

    /** Whether this is the machine's own root, where systemd may run the service. */
    public boolean isSystemRoot() {
        return root.equals(Path.of("/"));
    }
}
