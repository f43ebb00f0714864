package io.clinicnode.appliance.tls;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.clinicnode.appliance.config.ClusterSettings;
import io.clinicnode.appliance.config.NodeConfig;

/**
 * The names and addresses a node's HTTPS certificate must carry for desks to reach it without a warning: this
 * machine's host name and {@code localhost}, the listen address ({@code --host}) or, when the node listens on all
 * interfaces, every address of this machine's network interfaces, the cluster bind address, and the loopback
 * addresses. Browsers check these subject alternative names, not the common name.
 *
 * @param dnsNames  host names, lower-case
 * @param addresses IP addresses
 */
record ServerNames(List<String> dnsNames, List<InetAddress> addresses) {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.%]*]?");

    ServerNames {
        dnsNames = List.copyOf(dnsNames);
        addresses = List.copyOf(addresses);
    }

    static ServerNames of(NodeConfig config) {
        Set<String> dnsNames = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        dnsNames.add("localhost");
        hostName(dnsNames);
        String host = config.host().strip();
        if (isWildcard(host)) {
            interfaceAddresses(addresses);
        } else if (IP_LITERAL.matcher(host).matches()) {
            literal(host.replace("[", "").replace("]", ""), addresses);
        } else {
            dnsNames.add(host.toLowerCase(Locale.ROOT));
        }
        config.cluster().map(ClusterSettings::bindAddress).ifPresent(addresses::add);
        literal("127.0.0.1", addresses);
        literal("::1", addresses);
        return new ServerNames(List.copyOf(dnsNames), List.copyOf(addresses));
    }

    static boolean isWildcard(String host) {
        return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static void hostName(Set<String> names) {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (!IP_LITERAL.matcher(name).matches()) {
                names.add(name);
            }
        } catch (UnknownHostException e) {
            // A machine whose own name does not resolve: the desks reach it by address, which the certificate names.
        }
    }

    private static void interfaceAddresses(Set<InetAddress> addresses) {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    // Link-local IPv6 addresses carry a scope that no URL a desk types can name.
                    if (!(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                        addresses.add(withoutScope(address));
                    }
                }
            }
        } catch (SocketException e) {
            // Without the interface list the certificate still names the host name and the loopback addresses.
        }
    }

    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static void literal(String text, Set<InetAddress> addresses) {
        try {
            addresses.add(withoutScope(InetAddress.getByName(text)));
        } catch (UnknownHostException e) {
            // Not an address after all (the pattern is loose); a name that cannot be written as an address is skipped.
        }
    }
}
