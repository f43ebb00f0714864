package io.clinicnode.installer;

import io.clinicnode.installer.box.NetworkAddresses;

import picocli.CommandLine.Option;

/** Where the node a box command sets up listens, and whether it runs under systemd: {@code init} and {@code join}. */
final class NodeServiceOptions {
    @Option(names = "--bind", paramLabel = "ADDR", description = "The LAN address to serve and to cluster on (default: every"
            + " interface for HTTPS, this machine's LAN address for the cluster).")
    String bind;

    @Option(names = "--foreground", description = "Run the node in this process instead of the systemd service (containers, tests).")
    boolean foreground;

    @Option(names = "--http-port", defaultValue = "8080", description = "Plain HTTP port, which redirects to HTTPS (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS port of the web app and API (default ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--cluster-port", defaultValue = "7800", description = "Cluster port (default ${DEFAULT-VALUE}; +100..103 and +200 are used too).")
    int clusterPort;

    /** The address the web server listens on: {@code --bind}, else every interface. */
    String host() {
        return bind == null ? "0.0.0.0" : bind;
    }

    /** The address the other boxes reach this one's cluster port at: {@code --bind}, else this machine's LAN address. */
    String clusterBind() {
        return bind != null && !NetworkAddresses.isWildcard(bind) ? bind
                : NetworkAddresses.lanAddress().orElseThrow(() -> new InstallerException("This machine has no LAN address; give"
                        + " the address the other boxes reach it at with --bind ADDR."));
    }
}
