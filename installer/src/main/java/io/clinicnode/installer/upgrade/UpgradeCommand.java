package io.clinicnode.installer.upgrade;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.box.BoxAdmin;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.box.ReadyMarker;
import io.clinicnode.installer.box.ServiceControl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode upgrade PACKAGE}: one step of a rolling upgrade, run on each box in turn (followers first, the
 * leader last): checks the cluster may move now ({@link UpgradePlan}), unpacks the release beside the one in use,
 * restarts the node on it (the stopping node first moves its desks to the other members, see the appliance's
 * {@code Drain}) and returns once the upgraded node serves and has caught up, naming the boxes still to do.
 */
@Command(name = "upgrade", description = "Upgrade this box's node to the release in PACKAGE (a clinicnode-VERSION-linux-x64.tar.gz),"
        + " as one step of a rolling upgrade: run it on each box in turn, the leader last; it returns once the node is"
        + " healthy and caught up.")
public final class UpgradeCommand implements Callable<Integer> {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(70);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CAUGHT_UP_TIMEOUT = Duration.ofSeconds(60);

    @Parameters(paramLabel = "PACKAGE", description = "The release package from `./clinicnode dist`.")
    Path packageFile;

    @Option(names = "--foreground", description = "Without systemd (containers, tests): stop the node running from ROOT"
            + " and run the new release's node in this process.")
    boolean foreground;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/", description = "Alternative file-system root, like"
            + " DESTDIR (default ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BoxLayout layout = BoxLayout.of(root);
        PrintWriter out = spec.commandLine().getOut();
        List<ClusterMember> before;
        try (BoxAdmin admin = BoxAdmin.open(layout)) {
            before = ClusterMember.fromClusterReport(admin.cluster());
        } catch (IOException e) {
            throw new InstallerException("This box's node does not answer (" + e.getMessage() + "): start it, or upgrade a"
                    + " stopped box by installing the package by hand (docs/OPERATIONS.md).", e);
        }
        out.println("Unpacking " + packageFile.getFileName() + " …");
        out.flush();
        ReleasePackage.Staged staged = ReleasePackage.stage(packageFile, layout);
        try {
            UpgradePlan.check(staged.release(), before);
        } catch (InstallerException refused) {
            ReleasePackage.discard(staged);
            throw refused;
        }
        ClusterMember self = before.stream().filter(ClusterMember::self).findFirst().orElseThrow();
        out.printf("Upgrading %s from %s to %s (%d members%s) …%n", self.nodeId(), self.release().version(),
                staged.release().version(), before.size(),
                before.size() > 1 ? "; its desks move to the other members meanwhile" : "; the desks wait for it meanwhile");
        out.flush();

        Instant restarted = Instant.now();
        Optional<Process> node = restart(layout, staged);
        ReadyMarker ready = awaitReady(layout, restarted, node);
        List<ClusterMember> after = awaitCaughtUp(layout, staged.release());
        out.printf("Upgraded %s to %s: healthy and caught up with %d members. %s%n", ready.nodeId(),
                staged.release().version(), after.size(), next(after, staged.release()));
        out.flush();
        if (node.isEmpty()) {
            return ClinicNodeCli.OK;
        }
        // In the foreground this process stays with the node, as `init --foreground` does.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node.get()), "upgraded-node-stop"));
        return node.get().waitFor() == 0 ? ClinicNodeCli.OK : ClinicNodeCli.FAILED;
    }

    /** Restarts the node on the staged release: by systemd, or by stopping the foreground node and starting the new one. */
    private Optional<Process> restart(BoxLayout layout, ReleasePackage.Staged staged) throws InterruptedException {
        if (ServiceControl.useSystemd(layout, foreground)) {
            ReleasePackage.activate(staged, layout);
            ServiceControl.restart();
            return Optional.empty();
        }
        ReadyMarker.read(layout.readyFile()).map(ReadyMarker::pid).filter(pid -> pid > 0).flatMap(ProcessHandle::of)
                .ifPresent(UpgradeCommand::stop);
        ReleasePackage.activate(staged, layout);
        try {
            Process process = new ProcessBuilder(List.of(ReleasePackage.launcher(layout).toString(), "run", "--root",
                    layout.root().toString())).inheritIO().start();
            return Optional.of(process);
        } catch (IOException e) {
            throw new InstallerException("Cannot start " + ReleasePackage.launcher(layout) + ": " + e.getMessage(), e);
        }
    }

    /** Asks the node's process to stop (SIGTERM: it moves its desks first) and waits for it to end. */
    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new InstallerException("The running node (process " + process.pid() + ") did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s; stop it, then run the upgrade again.");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new InstallerException("Could not wait for the running node to stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process process) {
        stop(process.toHandle());
    }

    private static ReadyMarker awaitReady(BoxLayout layout, Instant since, Optional<Process> node) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ReadyMarker> ready = ReadyMarker.read(layout.readyFile()).filter(marker -> !marker.readyAt().isBefore(since));
            if (ready.isPresent()) {
                return ready.get();
            }
            if (node.isPresent() && !node.get().isAlive()) {
                throw new InstallerException("The upgraded node stopped (exit code " + node.get().exitValue() + ") before it"
                        + " was ready; see its log above. The release before is in " + ReleasePackage.link(layout).getParent()
                        + ": point " + ReleasePackage.link(layout) + " back to it to go back.");
            }
            Thread.sleep(250);
        }
        throw new InstallerException("The upgraded node was not ready within " + READY_TIMEOUT.toMinutes() + " minutes; see"
                + " `journalctl -u clinicnode`.");
    }

    /** Waits until the cluster lists this node on the new release and every member caught up. */
    private static List<ClusterMember> awaitCaughtUp(BoxLayout layout, Release target) throws Exception {
        long deadline = System.nanoTime() + CAUGHT_UP_TIMEOUT.toNanos();
        String last = "";
        try (BoxAdmin admin = BoxAdmin.open(layout)) {
            while (System.nanoTime() < deadline) {
                List<ClusterMember> members = ClusterMember.fromClusterReport(admin.cluster());
                boolean upgraded = members.stream().anyMatch(member -> member.self() && member.reachable()
                        && member.release().version().equals(target.version()));
                boolean caughtUp = members.stream().allMatch(member -> member.reachable() && member.lag() == 0);
                if (upgraded && caughtUp) {
                    return members;
                }
                last = members.stream().map(member -> member.nodeId() + (member.reachable() ? " lag " + member.lag() : " unreachable"))
                        .collect(Collectors.joining(", "));
                Thread.sleep(500);
            }
        }
        throw new InstallerException("The upgraded node serves but the cluster was not caught up within "
                + CAUGHT_UP_TIMEOUT.toSeconds() + " s (" + last + "); check `clinicnode status` before the next box.");
    }

    /** What the technician does next: the followers still on an older release, then the leader, or nothing. */
    private static String next(List<ClusterMember> members, Release target) {
        List<ClusterMember> older = members.stream()
                .filter(member -> Release.compareVersions(member.release().version(), target.version()) < 0).toList();
        if (older.isEmpty()) {
            return "Every member runs " + target.version() + ".";
        }
        List<String> followers = older.stream().filter(member -> !member.leader()).map(ClusterMember::nodeId).toList();
        Optional<String> leader = older.stream().filter(ClusterMember::leader).map(ClusterMember::nodeId).findFirst();
        return "Next: " + (followers.isEmpty() ? "" : String.join(", ", followers) + (leader.isPresent() ? ", then " : ""))
                + leader.map(id -> "the leader " + id + " last").orElse("") + ".";
    }
}
