package io.clinicnode.installer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.cluster.join.JoinToken;
import io.clinicnode.cluster.pki.CertificateRequests;
import io.clinicnode.installer.box.BoxChecks;
import io.clinicnode.installer.box.BoxConfig;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.box.BoxNode;
import io.clinicnode.installer.box.BoxTls;
import io.clinicnode.installer.box.NetworkAddresses;
import io.clinicnode.installer.box.PinnedTls;
import io.clinicnode.installer.box.ReadyMarker;
import io.clinicnode.installer.box.SeedClient;
import io.clinicnode.installer.box.ServiceControl;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode join TOKEN}: makes this fresh box a member of the clinic the token belongs to. Connects to the seed
 * the token names and goes on only if it shows the CA the token pins; sends certificate requests for keys made here
 * (they never leave the box) with the token's secret; writes the settings and the certificates the clinic CA signed;
 * starts the node and waits until it has caught up with the cluster.
 */
@Command(name = "join", description = "Join this fresh box to a clinic's cluster with a token from `clinicnode token create`.")
final class JoinCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOKEN", description = "The join token, CN1::…")
    String tokenText;

    @Mixin
    NodeServiceOptions service;

    @Mixin
    BoxOptions box;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BoxLayout layout = box.layout();
        JoinToken token;
        try {
            token = JoinToken.parse(tokenText);
        } catch (ClusterException e) {
            throw new InstallerException(e.getMessage(), e);
        }
        if (BoxConfig.installed(layout)) {
            throw new InstallerException("This box is already set up (" + layout.configFile() + " exists); `clinicnode join` is"
                    + " for fresh boxes. See `clinicnode status`.");
        }
        String host = service.host();
        String clusterBind = service.clusterBind();
        out.println("ClinicNode join: the clinic at " + token.seed() + " (CA SHA-256 " + token.caFingerprint().substring(0, 16) + "…)");
        out.println("[1/4] Checking the box");
        BoxChecks.run(out, host, clusterBind, List.of(service.httpPort, service.httpsPort), service.clusterPort, layout.stateDir(),
                ZoneId.systemDefault().getId(), Clock.systemUTC());

        out.println("[2/4] Asking the clinic to sign this box's certificates (keys made here, the CA pinned by the token)");
        out.flush();
        long started = System.nanoTime();
        KeyPair memberKeys = newKeyPair();
        KeyPair serverKeys = newKeyPair();
        String commonName = "clinicnode-member-" + randomHex();
        JsonArrayBuilder names = Json.createArrayBuilder();
        serverNames(host, clusterBind).forEach(names::add);
        JsonObject grant = SeedClient.join(token, Json.createObjectBuilder()
                .add("secret", token.secret())
                .add("clusterAddress", BoxConfig.hostPort(new InetSocketAddress(clusterBind, service.clusterPort)))
                .add("memberCsr", CertificateRequests.create(memberKeys, commonName))
                .add("serverCsr", CertificateRequests.create(serverKeys, commonName))
                .add("serverNames", names)
                .build());
        String clinicId = grant.getString("clinicId");
        out.println("  ok   signed by the clinic CA of " + clinicId);

        out.println("[3/4] Writing the settings and keys");
        X509Certificate ca = certificate(grant.getString("caCertificate"));
        if (!PinnedTls.fingerprint(ca).equals(token.caFingerprint())) {
            throw new InstallerException("The seed sent a CA other than the one the token pins; nothing was written.");
        }
        X509Certificate member = certificate(grant.getString("memberCertificate"));
        ClusterInit.enrolled(layout.clusterDir(), grant.getString("clusterName"), ca, memberKeys, member,
                Base64.getDecoder().decode(grant.getString("clusterKey")));
        boolean dataKey = grant.containsKey("dataKey");
        if (dataKey) {
            writePrivate(layout.dataKey(), grant.getString("dataKey") + "\n");
        }
        BoxTls.write(layout, grant.getString("serverCertificate"), serverKeys.getPrivate(), grant.getString("caCertificate"));
        List<InetSocketAddress> peers = new ArrayList<>();
        grant.getJsonArray("peers").getValuesAs(JsonString.class)
                .forEach(peer -> peers.addAll(ClusterChannel.parsePeers(peer.getString())));
        BoxConfig.write(layout, new BoxConfig.Settings(clinicId, clinicId, grant.getString("country"), grant.getString("timeZone"),
                host, service.httpPort, service.httpsPort, service.clusterPort, clusterBind, peers, false, true, dataKey));
        PrivateFiles.prepareDataDirectory(layout.stateDir());
        ServiceControl.giveToServiceUser(layout);
        out.println("  ok   " + layout.configFile() + " (peers " + peers.size() + ")");

        if (ServiceControl.useSystemd(layout, service.foreground)) {
            out.println("[4/4] Starting the service " + ServiceControl.SERVICE + " (systemd) and catching up with the cluster");
            out.flush();
            Instant since = Instant.now();
            ServiceControl.enableNow();
            ReadyMarker ready = ReadyMarker.await(layout.readyFile(), since, Duration.ofMinutes(30), "see `journalctl -u clinicnode`.");
            out.println("Joined clinic " + clinicId + " as node " + ready.nodeId() + ": " + ready.members()
                    + " members, caught up (lag 0) in " + InitCommand.seconds(started) + "; serving at " + ready.url() + "/");
            out.flush();
            return ClinicNodeCli.OK;
        }
        out.println("[4/4] Starting the node in the foreground" + (service.foreground ? "" : " (systemd is not running here)")
                + " and catching up with the cluster; Ctrl-C stops it");
        out.flush();
        Node node = BoxNode.start(layout, Optional.empty());
        int members = node.cluster().map(cluster -> cluster.membership().members().size()).orElse(1);
        out.println("Joined clinic " + clinicId + " as node " + node.identity().nodeId() + ": " + members
                + " members, caught up (lag 0) in " + InitCommand.seconds(started) + "; serving at " + node.httpUrl() + "/");
        out.flush();
        NodeCommand.runUntilStopped(node);
        return ClinicNodeCli.OK;
    }

    /** The names the HTTPS certificate carries: the address desks use, and this machine's name. */
    private static Set<String> serverNames(String host, String clusterBind) {
        Set<String> names = new LinkedHashSet<>();
        names.add(NetworkAddresses.isWildcard(host) ? clusterBind : host);
        names.add(clusterBind);
        NetworkAddresses.hostName().ifPresent(names::add);
        names.add("localhost");
        names.add("127.0.0.1");
        return names;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new InstallerException("This runtime cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static String randomHex() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The first certificate of PEM text the seed sent. */
    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new InstallerException("The seed sent a damaged certificate (" + e.getMessage() + "); nothing was written.", e);
        }
    }

    private static void writePrivate(Path file, String content) {
        try {
            PrivateFiles.writeNew(file, content.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new InstallerException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
