package io.clinicnode.installer.doctor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.sync.central.CentralCredentials;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The checks that go over the network: ports, the members' clocks, central. */
final class NetworkChecks {
    private static final int CONNECT_MILLIS = 2000;

    private NetworkChecks() {
    }

    /** Whether something accepts TCP connections on {@code host:port}. */
    static Check port(String what, String host, int port) {
        String name = "port " + host + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            return Check.ok(name, what + " answers.");
        } catch (IOException e) {
            return Check.fail(name, what + " on " + host + ":" + port + " is closed or unreachable (" + e.getMessage() + ").",
                    "Start the node there (systemctl start clinicnode) or open TCP port " + port
                            + " in that box's firewall (e.g. ufw allow " + port + "/tcp).");
        }
    }

    /** A member's clock as it reports it at {@code /node/time}, against this box's clock. */
    record Clock(URI node, String nodeId, long offsetMillis, long roundTripMillis) {
    }

    /** Asks each reachable node for its time; those that do not answer are left out (their port check fails). */
    static List<Clock> clocks(List<URI> nodes) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(CONNECT_MILLIS)).build();
        List<Clock> clocks = new ArrayList<>();
        for (URI node : nodes) {
            try {
                // The sample with the shortest round trip bounds the error best (the first one also pays for the connection).
                Clock best = null;
                for (int sample = 0; sample < 3; sample++) {
                    long sent = System.currentTimeMillis();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/node/time"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    long received = System.currentTimeMillis();
                    if (response.statusCode() != 200) {
                        break;
                    }
                    JsonObject time = Json.createReader(new StringReader(response.body())).readObject();
                    long theirs = time.getJsonNumber("epochMillis").longValue();
                    long midpoint = sent + (received - sent) / 2;
                    Clock clock = new Clock(node, time.getString("nodeId", node.toString()), theirs - midpoint, received - sent);
                    if (best == null || clock.roundTripMillis() < best.roundTripMillis()) {
                        best = clock;
                    }
                }
                if (best != null) {
                    clocks.add(best);
                }
            } catch (IOException | RuntimeException e) {
                // unreachable: reported by the port check
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return clocks;
    }

    /** The members' clocks against this box's and each other: any pair further apart than {@code maxSkewMillis} fails. */
    static Check clockSkew(List<Clock> clocks, long maxSkewMillis) {
        String name = "clock skew";
        if (clocks.isEmpty()) {
            return Check.skipped(name, "No member answered for its time.");
        }
        long lowest = Math.min(0, clocks.stream().mapToLong(Clock::offsetMillis).min().orElse(0));
        long highest = Math.max(0, clocks.stream().mapToLong(Clock::offsetMillis).max().orElse(0));
        Map<String, Long> offsets = new LinkedHashMap<>();
        clocks.forEach(clock -> offsets.put(clock.nodeId(), clock.offsetMillis()));
        String found = "offsets from this box's clock (ms): " + offsets;
        if (highest - lowest > maxSkewMillis) {
            Clock worst = clocks.stream().max(java.util.Comparator.comparingLong(clock -> Math.abs(clock.offsetMillis()))).get();
            return Check.fail(name, "Clocks differ by " + (highest - lowest) + " ms (more than " + maxSkewMillis + "); " + found
                            + ".",
                    "Turn on time synchronisation on every member (timedatectl set-ntp true, or chrony pointing at the same"
                            + " server); " + worst.nodeId() + " at " + worst.node() + " is furthest off.");
        }
        return Check.ok(name, "Within " + maxSkewMillis + " ms; " + found + ".");
    }

    /**
     * Central PostgreSQL, step by step: the name resolves, the port answers, it offers TLS, and (with credentials) it
     * takes the clinic's login.
     */
    static List<Check> central(String jdbcUrl, Optional<Path> credentialsFile) {
        List<Check> checks = new ArrayList<>();
        URI uri;
        try {
            uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
        } catch (IllegalArgumentException e) {
            checks.add(Check.fail("central", "The central URL " + jdbcUrl + " cannot be read.",
                    "Write it as jdbc:postgresql://HOST:5432/clinicnode?sslmode=verify-full&sslrootcert=FILE."));
            return checks;
        }
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        try {
            InetAddress address = InetAddress.getByName(host);
            checks.add(Check.ok("central dns", host + " resolves to " + address.getHostAddress() + "."));
        } catch (UnknownHostException e) {
            checks.add(Check.fail("central dns", "The name " + host + " does not resolve.",
                    "Fix the box's DNS (resolvectl status) or write central's IP address in the central URL."));
            return checks;
        }
        Check tcp = port("Central PostgreSQL", host, port);
        checks.add(new Check("central tcp", tcp.status(), tcp.detail(), tcp.status() == Check.Status.FAIL
                ? "Check that central's PostgreSQL runs and that the clinic's firewall lets this box out to " + host + ":"
                + port + "." : ""));
        if (tcp.status() == Check.Status.FAIL) {
            return checks;
        }
        checks.add(tlsOffered(host, port));
        if (credentialsFile.isEmpty()) {
            checks.add(Check.skipped("central auth", "No --central-credentials given."));
            return checks;
        }
        try {
            CentralCredentials credentials = CentralCredentials.load(credentialsFile.get());
            try (Connection ignored = DriverManager.getConnection(jdbcUrl, credentials.user(), credentials.password())) {
                checks.add(Check.ok("central auth", "Central takes the login of clinic " + credentials.clinicId() + "."));
            }
        } catch (SQLException e) {
            checks.add(Check.fail("central auth", "Central refused the clinic's login (" + e.getSQLState() + ": "
                            + e.getMessage() + ").",
                    "Ask central's administrator to check the clinic's account (clinicnode central-add-clinic) and copy the"
                            + " credentials file again."));
        } catch (RuntimeException e) {
            checks.add(Check.fail("central auth", e.getMessage(), "Give the credentials file central-add-clinic wrote."));
        }
        return checks;
    }

    /** PostgreSQL's SSLRequest: a server that will speak TLS answers 'S'. */
    private static Check tlsOffered(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setSoTimeout(CONNECT_MILLIS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            int answer = new DataInputStream(socket.getInputStream()).read();
            if (answer == 'S') {
                return Check.ok("central tls", "Central offers TLS.");
            }
            return Check.fail("central tls", "Central at " + host + ":" + port + " does not offer TLS.",
                    "Turn on ssl in central's postgresql.conf with a certificate from the central CA; the nodes refuse to"
                            + " sync in clear.");
        } catch (IOException e) {
            return Check.fail("central tls", "Central did not answer the TLS request: " + e.getMessage() + ".",
                    "Check that the port is PostgreSQL's and not another service's.");
        }
    }
}
