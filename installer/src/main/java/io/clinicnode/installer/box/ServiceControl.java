package io.clinicnode.installer.box;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.clinicnode.installer.InstallerException;

/**
 * The systemd side of a box: whether systemd runs this machine, starting the {@code clinicnode} service, and giving the
 * files the service reads to its user. Stateless.
 */
public final class ServiceControl {
    public static final String SERVICE = "clinicnode";

    private ServiceControl() {
    }

    /** What sd_booted(3) checks: systemd is the running init system. */
    public static boolean systemdRunning() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    /** Whether {@code init}/{@code join} should hand the node to systemd rather than run it in this process. */
    public static boolean useSystemd(BoxLayout layout, boolean foreground) {
        return !foreground && layout.isSystemRoot() && systemdRunning();
    }

    /** {@code systemctl enable --now clinicnode}. */
    public static void enableNow() {
        systemctl("enable", "--now");
    }

    /** {@code systemctl restart clinicnode}: the node stops (moving its desks first) and starts on what is installed. */
    public static void restart() {
        systemctl("restart");
    }

    private static void systemctl(String... verb) {
        List<String> command = new java.util.ArrayList<>(List.of("systemctl"));
        command.addAll(List.of(verb));
        command.add(SERVICE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new InstallerException("`" + String.join(" ", command) + "` failed (" + output
                        + "); see `journalctl -u " + SERVICE + "`.");
            }
        } catch (IOException e) {
            throw new InstallerException("Cannot run systemctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while starting the service", e);
        }
    }

    /**
     * When run as root on a machine with the service user (made by the Debian package), gives the node's files to that
     * user: the service runs as it and may not read root's mode-600 files. Elsewhere (tests, a developer's account) the
     * files stay with the user who made them, who is then the one running the node.
     */
    public static void giveToServiceUser(BoxLayout layout) {
        Optional<UserPrincipal> user = serviceUser();
        if (user.isEmpty()) {
            return;
        }
        for (Path path : List.of(layout.stateDir(), layout.clusterDir(), layout.dataKey(), layout.tlsDir(),
                layout.firstAdminPassword())) {
            if (!Files.exists(path)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path entry : tree.toList()) {
                    Files.setOwner(entry, user.get());
                }
            } catch (IOException e) {
                throw new InstallerException("Cannot give " + path + " to the service user " + BoxLayout.SERVICE_USER + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static Optional<UserPrincipal> serviceUser() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(BoxLayout.SERVICE_USER));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InstallerException("Cannot look up the service user " + BoxLayout.SERVICE_USER + ": " + e.getMessage(), e);
        }
    }
}
