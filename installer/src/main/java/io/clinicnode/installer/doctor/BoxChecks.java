package io.clinicnode.installer.doctor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.atrest.PrivateFiles;

/** The checks of this box's own files: permissions, free disk, certificates, and whether multicast passes here. */
final class BoxChecks {
    /** Certificates expiring within this many days fail. */
    static final int CERTIFICATE_DAYS = 30;
    /** The disk fails below this share free or below {@link #MIN_FREE_BYTES}. */
    static final double MIN_FREE_SHARE = 0.10;
    static final long MIN_FREE_BYTES = 1L << 30;

    private BoxChecks() {
    }

    /** The data directory and every file in it, and the key files in the configuration directory, private to the node's user. */
    static Check permissions(Path dataDir, Path configDir) {
        String name = "permissions";
        if (!Files.isDirectory(dataDir)) {
            return Check.fail(name, "The data directory " + dataDir + " does not exist.",
                    "Install and start the node (clinicnode init or join), or give the right --root or --data-dir.");
        }
        List<String> shared = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dataDir, 4)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (PrivateFiles.isShared(path)) {
                    shared.add(path + " (" + PrivateFiles.mode(path) + ")");
                }
            }
            if (Files.isDirectory(configDir)) {
                try (Stream<Path> keys = Files.walk(configDir, 3)) {
                    for (Path key : (Iterable<Path>) keys.filter(p -> p.toString().endsWith(".key"))::iterator) {
                        if (PrivateFiles.isShared(key)) {
                            shared.add(key + " (" + PrivateFiles.mode(key) + ")");
                        }
                    }
                }
            }
        } catch (IOException e) {
            return Check.fail(name, "Cannot read " + dataDir + ": " + e.getMessage() + ".",
                    "Run clinicnode doctor as root or as the node's user.");
        }
        if (!shared.isEmpty()) {
            return Check.fail(name, "Other users may read " + String.join(", ", shared.subList(0, Math.min(5, shared.size())))
                            + (shared.size() > 5 ? " and " + (shared.size() - 5) + " more" : "") + ".",
                    "Run: chmod -R go-rwx " + dataDir + (Files.isDirectory(configDir) ? " " + configDir : "") + ".");
        }
        return Check.ok(name, dataDir + " and the key files are private to the node's user.");
    }

    static Check disk(Path dataDir) {
        String name = "disk";
        Path existing = dataDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            String detail = String.format("%.1f GB free of %.1f GB on the disk holding %s.", free / 1e9, total / 1e9, dataDir);
            if (free < MIN_FREE_BYTES || (total > 0 && (double) free / total < MIN_FREE_SHARE)) {
                return Check.fail(name, "Nearly full: " + detail, "Free space on that disk (old backups in"
                        + " /var/backups/clinicnode, logs) or move the data directory to a bigger disk; a full disk stops"
                        + " the node taking changes.");
            }
            return Check.ok(name, detail);
        } catch (IOException e) {
            return Check.fail(name, "Cannot read the disk of " + dataDir + ": " + e.getMessage() + ".",
                    "Check that the disk is mounted.");
        }
    }

    /** Every certificate in the PEM files found (configuration directory, the data directory's tls, those given). */
    static List<Check> certificates(List<Path> roots, Instant now) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                files.add(root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> paths = Files.walk(root, 4)) {
                    paths.filter(path -> path.toString().endsWith(".pem") || path.toString().endsWith(".crt"))
                            .filter(Files::isRegularFile).forEach(files::add);
                } catch (IOException e) {
                    // unreadable directories show in the permissions check
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        for (Path file : files) {
            Optional<X509Certificate> certificate = firstCertificate(file);
            if (certificate.isEmpty()) {
                continue;
            }
            Instant expires = certificate.get().getNotAfter().toInstant();
            long days = Duration.between(now, expires).toDays();
            String name = "certificate " + file.getFileName();
            String subject = certificate.get().getSubjectX500Principal().getName();
            if (expires.isBefore(now)) {
                checks.add(Check.fail(name, file + " (" + subject + ") expired on " + expires + ".",
                        "Replace it now: a new certificate from the clinic CA (or restart a node that issues its own)."));
            } else if (days < CERTIFICATE_DAYS) {
                checks.add(Check.fail(name, file + " (" + subject + ") expires in " + days + " days, on " + expires + ".",
                        "Renew it before then: a new certificate from the clinic CA (or restart a node that issues its own)."));
            } else {
                checks.add(Check.ok(name, file + " valid for " + days + " more days."));
            }
        }
        if (checks.isEmpty()) {
            checks.add(Check.skipped("certificates", "No certificate files found."));
        }
        return checks;
    }

    private static Optional<X509Certificate> firstCertificate(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!new String(bytes, StandardCharsets.US_ASCII).contains("BEGIN CERTIFICATE")) {
                return Optional.empty();
            }
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a multicast datagram sent on this box's interfaces comes back to a member of the group. This finds a box
     * whose firewall or interfaces drop multicast; a switch that drops it between boxes shows only as members that do
     * not find each other, which the fix sentence also covers.
     */
    static Check multicast(boolean peersConfigured) {
        String name = "multicast";
        if (peersConfigured) {
            return Check.skipped(name, "The members are listed (peers); multicast is not used.");
        }
        InetAddress group;
        try {
            group = InetAddress.getByName("239.255.77.78");
        } catch (IOException e) {
            return Check.skipped(name, "No multicast group address: " + e.getMessage());
        }
        try (MulticastSocket socket = new MulticastSocket(0)) {
            socket.setSoTimeout(1500);
            Optional<NetworkInterface> lan = lanInterface();
            InetSocketAddress address = new InetSocketAddress(group, socket.getLocalPort());
            socket.joinGroup(address, lan.orElse(null));
            lan.ifPresent(nic -> {
                try {
                    socket.setNetworkInterface(nic);
                } catch (IOException ignored) {
                    // the default interface is tried instead
                }
            });
            byte[] hello = "clinicnode-doctor".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(hello, hello.length, address));
            DatagramPacket received = new DatagramPacket(new byte[64], 64);
            socket.receive(received);
            return Check.ok(name, "Multicast passes on " + lan.map(NetworkInterface::getName).orElse("the default interface") + ".");
        } catch (SocketTimeoutException e) {
            return Check.fail(name, "A multicast datagram sent on this box did not come back.",
                    "List the members instead (cluster peers HOST:PORT,… in the config, --peers), or allow multicast"
                            + " (IGMP, 239.0.0.0/8) in this box's firewall and on the switch.");
        } catch (IOException e) {
            return Check.fail(name, "Multicast cannot be used here: " + e.getMessage() + ".",
                    "List the members instead (cluster peers HOST:PORT,… in the config, --peers), or allow multicast"
                            + " on this box's network interface.");
        }
    }

    private static Optional<NetworkInterface> lanInterface() throws IOException {
        Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
        while (interfaces != null && interfaces.hasMoreElements()) {
            NetworkInterface nic = interfaces.nextElement();
            if (nic.isUp() && nic.supportsMulticast() && !nic.isLoopback()) {
                return Optional.of(nic);
            }
        }
        return Optional.empty();
    }
}
