package io.clinicnode.installer.uninstall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.backup.LocalAccess;
import io.clinicnode.appliance.backup.SnapshotFiles;
import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.InstallerException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode uninstall [--purge] [--force] [--root DIR]}: removes the program and its service files; keeps the
 * clinic's data (ROOT/var/lib/clinicnode), configuration and keys (ROOT/etc/clinicnode) unless {@code --purge}, which
 * asks the technician to type the clinic's data directory path back (or takes {@code --force}). Backups in
 * ROOT/var/backups/clinicnode are never deleted: they are the way back.
 */
@Command(name = "uninstall", description = "Remove ClinicNode from this box; the data stays unless --purge.")
public final class UninstallCommand implements Callable<Integer> {
    /** What the package installs (relative to the root); every one is removed. */
    static final List<String> PROGRAM = List.of(
            "usr/lib/clinicnode",
            "usr/bin/clinicnode",
            "etc/systemd/system/clinicnode.service",
            "etc/systemd/system/clinicnode-backup.service",
            "etc/systemd/system/clinicnode-backup.timer",
            "lib/systemd/system/clinicnode.service",
            "lib/systemd/system/clinicnode-backup.service",
            "lib/systemd/system/clinicnode-backup.timer",
            "usr/lib/systemd/system/clinicnode.service",
            "usr/lib/systemd/system/clinicnode-backup.service",
            "usr/lib/systemd/system/clinicnode-backup.timer");

    @Option(names = "--root", paramLabel = "DIR", description = "File-system root ClinicNode is installed under (default /).")
    Path root;

    @Option(names = "--purge", description = "Also delete the clinic's data, configuration and keys (asks to confirm).")
    boolean purge;

    @Option(names = "--force", description = "With --purge: do not ask.")
    boolean force;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (force && !purge) {
            throw new IllegalArgumentException("--force only goes with --purge.");
        }
        Path base = root != null ? root : Path.of("/");
        Path dataDir = BoxLayout.of(base).dataDir();
        Path configDir = BoxLayout.of(base).configDir();
        PrintWriter out = spec.commandLine().getOut();
        if (root == null) {
            stopService(out);
        }
        if (Files.exists(dataDir.resolve(LocalAccess.FILE))) {
            throw new InstallerException("A node still runs on " + dataDir + "; stop it first (systemctl stop clinicnode)."
                    + " Nothing was removed.");
        }
        if (purge && !force && !confirmed(out, dataDir)) {
            throw new InstallerException("The confirmation did not match; nothing was removed.");
        }
        List<String> removed = new ArrayList<>();
        for (String relative : PROGRAM) {
            Path path = base.resolve(relative);
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                SnapshotFiles.deleteTree(path);
                removed.add(path.toString());
            }
        }
        if (root == null) {
            run("systemctl", "daemon-reload");
        }
        out.println(removed.isEmpty() ? "No ClinicNode program files were installed under " + base + "."
                : "Removed " + String.join(", ", removed) + ".");
        if (purge) {
            SnapshotFiles.deleteTree(dataDir);
            SnapshotFiles.deleteTree(configDir);
            out.println("Deleted the clinic's data " + dataDir + " and configuration " + configDir + ". Backups in "
                    + base.resolve("var/backups/clinicnode") + " were kept.");
        } else {
            out.println("Kept the clinic's data in " + dataDir + " and the configuration and keys in " + configDir
                    + " (use --purge to delete them).");
        }
        return ClinicNodeCli.OK;
    }

    /** The technician types the data directory's path back; a slip of the finger deletes nothing. */
    private boolean confirmed(PrintWriter out, Path dataDir) throws IOException {
        out.println("This deletes every patient, appointment and key of this node in " + dataDir + ".");
        out.print("Type the data directory's path (" + dataDir + ") to confirm: ");
        out.flush();
        String answer = System.console() != null ? System.console().readLine()
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equals(dataDir.toString());
    }

    private void stopService(PrintWriter out) throws InterruptedException {
        if (Files.isDirectory(Path.of("/run/systemd/system"))) {
            out.println("Stopping and disabling clinicnode.service and clinicnode-backup.timer...");
            run("systemctl", "disable", "--now", "clinicnode.service", "clinicnode-backup.timer");
        }
    }

    private static void run(String... command) throws InterruptedException {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            return;
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no systemctl: nothing to stop
        }
    }
}
