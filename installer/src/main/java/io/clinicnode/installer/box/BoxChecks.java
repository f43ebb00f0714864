package io.clinicnode.installer.box;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.clinicnode.installer.InstallerException;

/**
 * What {@code init} and {@code join} check before they change anything on a box: the node's ports are free, the disk
 * has room, the clock is plausible and the clinic's time zone exists. A failure stops the command with the fix in one
 * sentence; what is merely unusual is printed as a warning. Stateless.
 */
public final class BoxChecks {
    /** Below this the node is not installed: the journal and database of a year of a small clinic need about that. */
    static final long MIN_FREE_BYTES = 1L << 30;
    /** No certificate made today could be valid on a clock before this. */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant LATEST_PLAUSIBLE = Instant.parse("2100-01-01T00:00:00Z");

    private BoxChecks() {
    }

    /**
     * Runs the checks, printing one line each.
     *
     * @param host        the address the web server will listen on
     * @param clusterBind the cluster address
     * @param ports       the web ports (HTTP, HTTPS)
     * @param clusterPort the cluster port; port + 100..103 and + 200 are checked too
     */
    public static void run(PrintWriter out, String host, String clusterBind, List<Integer> ports, int clusterPort, Path stateDir,
                           String timeZone, Clock clock) {
        List<String> busy = new ArrayList<>();
        for (int port : ports) {
            if (!free(host, port)) {
                busy.add(host + ":" + port);
            }
        }
        for (int port : List.of(clusterPort, clusterPort + 100, clusterPort + 101, clusterPort + 102, clusterPort + 103, clusterPort + 200)) {
            if (!free(clusterBind, port)) {
                busy.add(clusterBind + ":" + port);
            }
        }
        if (!busy.isEmpty()) {
            throw new InstallerException("Ports " + String.join(", ", busy) + " are in use; stop what listens there (`ss -ltnp`)"
                    + " or choose other ports (--http-port, --https-port, --cluster-port).");
        }
        out.println("  ok   ports " + ports + " on " + host + ", " + clusterPort + " (+100..103, +200) on " + clusterBind + " are free");

        long free = freeBytes(stateDir);
        if (free < MIN_FREE_BYTES) {
            throw new InstallerException("Only " + (free >> 20) + " MiB are free for " + stateDir + "; free at least 1 GiB"
                    + " (the journal and the database grow with the clinic).");
        }
        out.println("  ok   disk: " + (free >> 30) + " GiB free for " + stateDir);

        Instant now = clock.instant();
        if (now.isBefore(EARLIEST_PLAUSIBLE) || now.isAfter(LATEST_PLAUSIBLE)) {
            throw new InstallerException("The clock says " + now + "; set the date and time (e.g. `timedatectl set-ntp true`)"
                    + " before installing, or no certificate will be valid.");
        }
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw new InstallerException("The time zone '" + timeZone + "' does not exist; give one like America/Sao_Paulo (--time-zone).");
        }
        String system = ZoneId.systemDefault().getId();
        out.println("  ok   clock " + now + " (UTC); clinic time zone " + timeZone
                + (system.equals(timeZone) ? "" : " (this machine's is " + system + ": appointments use the clinic's)"));
        out.flush();
    }

    private static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long freeBytes(Path directory) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return store.getUsableSpace();
        } catch (IOException e) {
            throw new InstallerException("Cannot tell the free disk space for " + directory + ": " + e.getMessage(), e);
        }
    }
}
