package io.clinicnode.appliance.join;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.http.FieldError;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.join.JoinTokenLedger;
import io.clinicnode.cluster.pki.CertificateAuthority;
import io.clinicnode.cluster.pki.CertificateRequests;
import io.clinicnode.cluster.pki.PemFiles;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code POST /api/cluster/join}: a new box, holding a join token, becomes a member. Served only over HTTPS and only by
 * a node that holds the clinic CA's key and a token ledger (the box set up by {@code clinicnode init}). No session is
 * needed: the token's secret is the credential, checked against the {@link JoinTokenLedger} (unknown, expired and
 * used-up tokens get 403 with a {@code code}). The joiner sends two certificate requests (its cluster member key and its
 * HTTPS key, both made on its own box) and gets back the certificates the clinic CA signed, the clinic's settings, the
 * cluster key, the data key when the clinic encrypts at rest, and the peers to contact. Every join is logged, and the
 * joiner's cluster address is remembered next to the ledger so this node finds it again after a restart.
 *
 * <p>Thread-safe.
 */
public final class JoinService implements HttpService {
    /** Next to the ledger: the cluster addresses of the members that joined through this node, one per line. */
    public static final String LEARNED_PEERS_FILE = "cluster-peers";
    private static final int MAX_NAMES = 16;
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** What a joiner is told about the clinic besides its certificates. */
    public record ClinicSettings(String clinicId, String country, String timeZone, Optional<Path> dataKey,
                                 List<InetSocketAddress> peers) {
    }

    private final ClusterCredentials credentials;
    private final CertificateAuthority authority;
    private final JoinTokenLedger ledger;
    private final ClinicSettings clinic;
    private final JsonBodies bodies;
    private final Clock clock;

    public JoinService(ClusterCredentials credentials, JoinTokenLedger ledger, ClinicSettings clinic, JsonBodies bodies,
                       Clock clock) {
        this.credentials = credentials;
        this.authority = credentials.authority().orElseThrow(() -> new ApplianceException("The join endpoint needs the clinic"
                + " CA's key (" + ClusterCredentials.CA_KEYSTORE + ") in " + credentials.directory()));
        this.ledger = ledger;
        this.clinic = clinic;
        this.bodies = bodies;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::join);
    }

    private void join(ServerRequest request, ServerResponse response) {
        if (!request.isSecure()) {
            ProblemHandlers.send(response, 403, "Forbidden", "Joining is offered over HTTPS only.", List.of(), "join.https-only");
            return;
        }
        JsonObject json = bodies.object(request);
        FieldReader fields = new FieldReader(json);
        String secret = fields.requiredText("secret", 100);
        String clusterAddress = fields.requiredText("clusterAddress", 300);
        CertificateRequests.Request member = certificateRequest(json, "memberCsr", fields);
        CertificateRequests.Request server = certificateRequest(json, "serverCsr", fields);
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        serverNames(json, fields, dnsNames, addresses);
        InetSocketAddress joiner = null;
        if (clusterAddress != null) {
            try {
                joiner = ClusterChannel.parsePeers(clusterAddress).getFirst();
            } catch (IllegalArgumentException e) {
                fields.error("clusterAddress", "address.invalid", "must be the joiner's cluster HOST:PORT");
            }
        }
        fields.throwIfInvalid();

        JoinTokenLedger.Outcome outcome = ledger.redeem(secret, clock.instant());
        if (outcome != JoinTokenLedger.Outcome.ACCEPTED) {
            Logger.warn("Refused a join from {}: token {}", request.remotePeer().address(), outcome);
            refuse(response, outcome);
            return;
        }
        X509Certificate memberCertificate = authority.issueMember(member.commonName(), member.publicKey());
        List<X509Certificate> serverChain = authority.issueServer(server.commonName(), server.publicKey(), dnsNames, addresses);
        List<InetSocketAddress> peers = peers(joiner);
        Logger.info("Signed member {} of clinic {} joining from {} (cluster address {}, HTTPS names {} {})", member.commonName(),
                clinic.clinicId(), request.remotePeer().address(), clusterAddress, dnsNames, addresses);
        Responses.ok(response, grant(memberCertificate, serverChain, peers));
    }

    private JsonObject grant(X509Certificate memberCertificate, List<X509Certificate> serverChain, List<InetSocketAddress> peers) {
        JsonArrayBuilder peerList = JSON.createArrayBuilder();
        peers.forEach(peer -> peerList.add(hostPort(peer)));
        StringBuilder chain = new StringBuilder();
        serverChain.forEach(certificate -> chain.append(PemFiles.pem(certificate)));
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("clinicId", clinic.clinicId())
                .add("country", clinic.country())
                .add("timeZone", clinic.timeZone())
                .add("clusterName", credentials.clusterName())
                .add("clusterKey", Base64.getEncoder().encodeToString(credentials.clusterKey().getEncoded()))
                .add("caCertificate", PemFiles.pem(credentials.caCertificate()))
                .add("memberCertificate", PemFiles.pem(memberCertificate))
                .add("serverCertificate", chain.toString())
                .add("peers", peerList);
        clinic.dataKey().ifPresent(file -> body.add("dataKey", readDataKey(file)));
        return body.build();
    }

    /** The members' cluster addresses known here, this node's first, and the joiner's, which is remembered. */
    private List<InetSocketAddress> peers(InetSocketAddress joiner) {
        Set<String> known = new LinkedHashSet<>();
        clinic.peers().forEach(peer -> known.add(hostPort(peer)));
        Path learned = ledger.file().resolveSibling(LEARNED_PEERS_FILE);
        try {
            if (Files.exists(learned)) {
                Files.readAllLines(learned, StandardCharsets.US_ASCII).stream().map(String::strip)
                        .filter(line -> !line.isEmpty()).forEach(known::add);
            }
            if (known.add(hostPort(joiner))) {
                Files.writeString(learned, hostPort(joiner) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new ApplianceException("Cannot record the new member's address in " + learned + ": " + e.getMessage(), e);
        }
        return ClusterChannel.parsePeers(String.join(",", known));
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static void refuse(ServerResponse response, JoinTokenLedger.Outcome outcome) {
        String code = switch (outcome) {
            case EXPIRED -> "join-token.expired";
            case USED_UP -> "join-token.used-up";
            default -> "join-token.unknown";
        };
        String detail = switch (outcome) {
            case EXPIRED -> "The join token has expired; create a new one with `clinicnode token create` on the seed node.";
            case USED_UP -> "The join token has been used as often as it allows; create a new one with `clinicnode token create`.";
            default -> "The join token is not known to this node; use a token `clinicnode token create` printed on it.";
        };
        ProblemHandlers.send(response, 403, "Forbidden", detail, List.of(new FieldError("secret", code, detail)), code);
    }

    private static CertificateRequests.Request certificateRequest(JsonObject json, String name, FieldReader fields) {
        JsonValue value = json.get(name);
        if (!(value instanceof JsonString pem) || pem.getString().isBlank()) {
            fields.error(name, "required", "is required");
            return null;
        }
        try {
            return CertificateRequests.read(pem.getString());
        } catch (ClusterException e) {
            fields.error(name, "csr.invalid", e.getMessage());
            return null;
        }
    }

    private static void serverNames(JsonObject json, FieldReader fields, List<String> dnsNames, List<InetAddress> addresses) {
        JsonValue value = json.get("serverNames");
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().isEmpty()) {
            fields.error("serverNames", "required", "must list the joiner's host names and addresses");
            return;
        }
        if (value.asJsonArray().size() > MAX_NAMES) {
            fields.error("serverNames", "too-long", "must list at most " + MAX_NAMES + " names");
            return;
        }
        for (JsonValue entry : value.asJsonArray()) {
            String name = entry instanceof JsonString text ? text.getString().strip() : "";
            try {
                if (IPV4.matcher(name).matches() || name.contains(":")) {
                    addresses.add(InetAddress.getByName(name));
                } else if (DNS_NAME.matcher(name).matches() && name.length() <= 253) {
                    dnsNames.add(name);
                } else {
                    throw new UnknownHostException(name);
                }
            } catch (UnknownHostException e) {
                fields.error("serverNames", "name.invalid", "'" + name + "' is neither a host name nor an IP address");
                return;
            }
        }
    }

    private static String readDataKey(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ApplianceException("Cannot read the data key " + file + " to hand it to the new member: " + e.getMessage(), e);
        }
    }
}
