package io.clinicnode.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.cluster.join.JoinToken;
import io.clinicnode.installer.box.AdminPassword;
import io.clinicnode.installer.box.BoxChecks;
import io.clinicnode.installer.box.BoxConfig;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.box.BoxNode;
import io.clinicnode.installer.box.ReadyMarker;
import io.clinicnode.installer.box.ServiceControl;
import io.clinicnode.installer.box.TokenIssuer;
import io.clinicnode.installer.box.TtlConverter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode init}: makes this box the first node of a new clinic. Checks the box, writes the settings, makes the
 * clinic CA, the cluster and data keys and the admin account, starts the node (systemd, or in this process with
 * {@code --foreground}) serving HTTPS, and prints a join token for the other boxes. Refuses a box already set up.
 */
@Command(name = "init", description = "Set up this box as the first node of a new clinic and print a join token for the others.")
final class InitCommand implements Callable<Integer> {
    /** The token init prints: enough joins for a clinic of five boxes, for a day. */
    static final Duration TOKEN_TTL = Duration.ofHours(24);
    static final int TOKEN_USES = 4;

    @Option(names = "--clinic-id", required = true, paramLabel = "ID", description = "The clinic's id (letters, digits, -), e.g. clinic-sp; fixed for good.")
    String clinicId;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The clinic's name as people say it.")
    String name;

    @Mixin
    NodeServiceOptions service;

    @Option(names = "--country", defaultValue = "BR", description = "ISO country code, decides the document checks (default ${DEFAULT-VALUE}).")
    String country;

    @Option(names = "--time-zone", defaultValue = "America/Sao_Paulo", description = "The clinic's time zone (default ${DEFAULT-VALUE}).")
    String timeZone;

    @Mixin
    BoxOptions box;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BoxLayout layout = box.layout();
        if (!clinicId.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new InstallerException("--clinic-id '" + clinicId + "' must be 1 to 40 lower-case letters, digits or dashes, e.g. clinic-sp.");
        }
        if (name.isBlank() || name.length() > 100) {
            throw new InstallerException("--name must be the clinic's name, 1 to 100 characters.");
        }
        if (BoxConfig.installed(layout)) {
            throw new InstallerException("This box is already set up (" + layout.configFile() + " exists); see `clinicnode status`,"
                    + " or remove ClinicNode first (`clinicnode uninstall --purge`).");
        }
        String host = service.host();
        String clusterBind = service.clusterBind();
        out.println("ClinicNode init: clinic " + clinicId + " (" + name + ") on " + (layout.isSystemRoot() ? "this box" : layout.root()));
        out.println("[1/5] Checking the box");
        BoxChecks.run(out, host, clusterBind, List.of(service.httpPort, service.httpsPort), service.clusterPort, layout.stateDir(),
                timeZone, Clock.systemUTC());
        String password = AdminPassword.choose();

        out.println("[2/5] Writing the settings and the clinic's keys");
        out.flush();
        ClusterCredentials credentials = ClusterInit.create(layout.clusterDir());
        DataKey.create(layout.dataKey());
        BoxConfig.write(layout, new BoxConfig.Settings(clinicId, name, country, timeZone, host, service.httpPort,
                service.httpsPort, service.clusterPort, clusterBind, List.of(new InetSocketAddress(clusterBind, service.clusterPort)), true, false, true));
        PrivateFiles.prepareDataDirectory(layout.stateDir());
        ServiceControl.giveToServiceUser(layout);
        out.println("  ok   " + layout.configFile());
        out.println("  ok   clinic CA SHA-256 " + credentials.caFingerprint() + ", cluster key, data key " + layout.dataKey()
                + " (keep a copy of it offline: without it the data cannot be read)");

        out.println("[3/5] Admin account 'admin' (password " + (System.getenv(AdminPassword.ENV) != null
                ? "from " + AdminPassword.ENV : "as typed") + ", not shown)");
        long started = System.nanoTime();
        Node node = null;
        if (ServiceControl.useSystemd(layout, service.foreground)) {
            out.println("[4/5] Starting the service " + ServiceControl.SERVICE + " (systemd)");
            out.flush();
            handOver(layout, password);
            ServiceControl.giveToServiceUser(layout);
            Instant since = Instant.now();
            ServiceControl.enableNow();
            ReadyMarker ready = ReadyMarker.await(layout.readyFile(), since, Duration.ofMinutes(3), "see `journalctl -u clinicnode`.");
            BoxNode.removeHandedOver(layout);
            out.println("  ok   ready at " + ready.url() + "/ (node " + ready.nodeId() + ") in " + seconds(started));
        } else {
            out.println("[4/5] Starting the node in the foreground" + (service.foreground ? "" : " (systemd is not running here)")
                    + "; Ctrl-C stops it");
            out.flush();
            node = BoxNode.start(layout, Optional.of(password));
            out.println("  ok   ready at " + node.httpUrl() + "/ (node " + node.identity().nodeId() + ") in " + seconds(started));
        }
        JoinToken token = TokenIssuer.create(layout, TOKEN_TTL, TOKEN_USES, Instant.now());
        out.println("[5/5] Join token for the other boxes (valid " + TtlConverter.format(TOKEN_TTL) + ", " + TOKEN_USES
                + " joins; `clinicnode token create` makes more):");
        out.println(token);
        out.println("On each other box: clinicnode join '" + token + "'");
        out.flush();
        if (node != null) {
            NodeCommand.runUntilStopped(node);
        }
        return ClinicNodeCli.OK;
    }

    /** The service's first start reads the password from a file only its user may read, and removes it. */
    private static void handOver(BoxLayout layout, String password) {
        try {
            PrivateFiles.writeNew(layout.firstAdminPassword(), password.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InstallerException("Cannot write " + layout.firstAdminPassword() + ": " + e.getMessage(), e);
        }
    }

    static String seconds(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
