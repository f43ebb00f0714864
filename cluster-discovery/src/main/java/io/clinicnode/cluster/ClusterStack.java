package io.clinicnode.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.MPING;
import org.jgroups.protocols.PerDestinationBundler;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLSClientAuth;

/**
 * The clinic's JGroups stack, built in code so that there is no XML to edit by hand. The timeouts and why
 * they were chosen are in docs/ARCHITECTURE.md ("Membership and trust"). Stateless.
 */
final class ClusterStack {
    /** FD_SOCK2 listens on the cluster port + this offset (+ up to {@link #FD_SOCK_PORT_RANGE} more). */
    static final int FD_SOCK_OFFSET = 100;
    static final int FD_SOCK_PORT_RANGE = 3;
    /**
     * Heartbeat every 500 ms; a member silent for 2 s (4 missed heartbeats) is suspected. A frozen or powered-off
     * leader is then replaced within about 2.5 s (suspicion, verification, new view), so a desk waiting on a
     * forwarded change gets its answer within the 3 s a receptionist tolerates. A killed process is found at once by
     * FD_SOCK2; this timeout is for machines that stop without closing their sockets. Shorter would let a long pause
     * of a busy member (GC, a starved two-core box) exclude it; it then merges back in a few seconds, and nothing is
     * lost (a partition in miniature), but desks see the blip.
     */
    static final long HEARTBEAT_INTERVAL_MS = 500;
    static final long HEARTBEAT_TIMEOUT_MS = 2_000;
    /** A suspect gets this long to answer "are you dead?" before it is excluded. */
    static final long VERIFY_SUSPECT_MS = 250;
    /**
     * A starting node waits this long for the members' answers before founding the cluster alone. 5 s: a cold JVM's
     * first TLS handshakes can take over 2 s on two busy cores, and a node that gives up too early founds a cluster of
     * one and serves what it held before until MERGE3 merges it. The price: the very first node of a clinic starts
     * 5 s later.
     */
    static final long JOIN_TIMEOUT_MS = 5_000;
    /** How long a leaving member and a new view's acknowledgements are waited for. */
    static final long VIEW_TIMEOUT_MS = 2_000;
    /** MERGE3 sends its view info every 1–3 s, so a healed partition merges within about 5 s. */
    static final long MERGE_MIN_INTERVAL_MS = 1_000;
    static final long MERGE_MAX_INTERVAL_MS = 3_000;
    /** TCP connect to a peer (TCPPING, messages): a powered-off peer must not stall the others for long. */
    static final int CONNECT_TIMEOUT_MS = 1_000;
    /** Multicast discovery stays on the clinic's LAN segment. */
    static final int MULTICAST_TTL = 1;

    private ClusterStack() {
    }

    /**
     * The protocols, bottom (transport) first.
     *
     * @param tls        the TLS context of the transport; {@code null} only for tests that play an intruder
     * @param peers      static member list for TCPPING; empty means multicast discovery (MPING)
     */
    static Protocol[] protocols(InetAddress bindAddress, int port, SSLContext tls, List<InetSocketAddress> peers,
            InetAddress multicastGroup, int multicastPort) {
        TCP transport = new TCP();
        transport.setBindAddress(bindAddress);
        transport.setBindPort(port);
        transport.setPortRange(0);
        transport.setSockConnTimeout(CONNECT_TIMEOUT_MS);
        // A frozen or powered-off peer stops reading; with blocking sends its full socket buffer would stall the
        // sender thread, and with it the heartbeats and views to everyone else (the others then split up).
        // Non-blocking sends give each connection its own queue and sender thread.
        transport.nonBlockingSends(true);
        // One sender thread per destination, not JGroups' default single sender thread for all of them. A frozen
        // peer (SIGSTOP, a hung machine) still completes TCP connects in its kernel but never answers the TLS
        // handshake, which JGroups runs without a timeout. Once a view has dropped that peer, the next discovery
        // round (TCPPING, at every MERGE3 interval) reconnects to it: with a single sender thread that handshake
        // stalled every message to everyone, heartbeats included, and the survivors suspected each other and each
        // led alone. Now it stalls only the messages to the frozen peer.
        PerDestinationBundler bundler = new PerDestinationBundler();
        bundler.useSingleSenderThread(false);
        transport.setBundler(bundler);
        if (tls != null) {
            transport.tls().enabled(true);
            transport.tls().setSSLContext(tls);
            transport.tls().setClientAuth(TLSClientAuth.NEED);
            transport.tls().setProtocols(new String[] {"TLSv1.3"});
        }

        Protocol discovery;
        if (peers.isEmpty()) {
            discovery = new MPING().setBindAddr(bindAddress).setMcastAddr(multicastGroup).setMcastPort(multicastPort)
                    .setTTL(MULTICAST_TTL);
        } else {
            discovery = new TCPPING().initialHosts(peers).setPortRange(0);
        }

        return new Protocol[] {
            transport,
            discovery,
            new MERGE3().setMinInterval(MERGE_MIN_INTERVAL_MS).setMaxInterval(MERGE_MAX_INTERVAL_MS),
            new FD_SOCK2().setBindAddress(bindAddress).setOffset(FD_SOCK_OFFSET).setPortRange(FD_SOCK_PORT_RANGE),
            new FD_ALL3().setTimeout(HEARTBEAT_TIMEOUT_MS).setInterval(HEARTBEAT_INTERVAL_MS),
            new VERIFY_SUSPECT2().setTimeout(VERIFY_SUSPECT_MS),
            new NAKACK2().useMcastXmit(false),
            new UNICAST3(),
            new STABLE(),
            new GMS().setJoinTimeout(JOIN_TIMEOUT_MS).setLeaveTimeout(VIEW_TIMEOUT_MS)
                    .setViewAckCollectionTimeout(VIEW_TIMEOUT_MS).setMergeTimeout(3_000).printLocalAddress(false),
            new UFC(),
            new MFC(),
            new FRAG4()
        };
    }
}
