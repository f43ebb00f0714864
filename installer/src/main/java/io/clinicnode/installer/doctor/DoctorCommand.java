package io.clinicnode.installer.doctor;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.backup.StoppedNode;
import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.DataLocation;
import io.clinicnode.installer.backup.LocalNode;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode doctor}: checks what technicians meet (the node's ports, the members' clocks, disk, certificates,
 * permissions, multicast, central, journal against database) and prints one line per check, with the fix in one plain
 * sentence for each failure. Exit code 1 when any check fails.
 */
@Command(name = "doctor", description = "Check this node's box and cluster; print the fix for each problem found.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    DataLocation location;

    @Option(names = "--node", paramLabel = "URL", description = "A member's web address (repeatable), e.g."
            + " http://192.168.1.21:8080; default: the node running on this box.")
    List<URI> nodes = new ArrayList<>();

    @Option(names = "--peers", paramLabel = "HOST:PORT,…", description = "The cluster's members' cluster ports, checked"
            + " for being open; also means multicast is not used.")
    String peers;

    @Option(names = "--central-url", paramLabel = "JDBC_URL", description = "Central PostgreSQL to check (DNS, TCP, TLS, login).")
    String centralUrl;

    @Option(names = "--central-credentials", paramLabel = "FILE", description = "The clinic's central login, to check it.")
    Path centralCredentials;

    @Option(names = "--cert", paramLabel = "FILE", description = "A certificate to check besides those in the configuration"
            + " directory and the data directory's tls (repeatable).")
    List<Path> certificates = new ArrayList<>();

    @Option(names = "--data-key", paramLabel = "FILE", description = "The data key, to compare journal and database of a stopped node whose data is encrypted.")
    Path dataKey;

    @Option(names = "--max-skew-ms", defaultValue = "2000", description = "Largest clock difference between members that passes (default ${DEFAULT-VALUE}).")
    long maxSkewMillis;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = location.dataDir();
        List<Check> checks = new ArrayList<>();
        Optional<LocalNode> local = Files.isDirectory(dataDir) ? LocalNode.find(dataDir) : Optional.empty();
        List<URI> members = new ArrayList<>(nodes);
        local.map(LocalNode::url).filter(url -> !members.contains(url)).ifPresent(members::addFirst);
        if (members.isEmpty()) {
            checks.add(Check.fail("node", "No node runs on " + dataDir + " and no --node was given.",
                    "Start the node (systemctl start clinicnode), or name a member with --node URL."));
        }
        for (URI member : members) {
            int port = member.getPort() > 0 ? member.getPort() : member.getScheme().equals("https") ? 443 : 80;
            checks.add(NetworkChecks.port("The node's web port", member.getHost(), port));
        }
        if (peers != null) {
            for (String peer : peers.split(",")) {
                String trimmed = peer.strip();
                int colon = trimmed.lastIndexOf(':');
                if (colon > 0) {
                    checks.add(NetworkChecks.port("The cluster port", trimmed.substring(0, colon),
                            Integer.parseInt(trimmed.substring(colon + 1))));
                }
            }
        }
        checks.add(NetworkChecks.clockSkew(NetworkChecks.clocks(members), maxSkewMillis));
        checks.add(BoxChecks.disk(dataDir));
        checks.add(BoxChecks.permissions(dataDir, location.configDir()));
        List<Path> certificateRoots = new ArrayList<>(certificates);
        certificateRoots.add(location.configDir());
        certificateRoots.add(dataDir.resolve("tls"));
        checks.addAll(BoxChecks.certificates(certificateRoots, Instant.now()));
        checks.add(BoxChecks.multicast(peers != null));
        if (centralUrl != null) {
            checks.addAll(NetworkChecks.central(centralUrl, Optional.ofNullable(centralCredentials)));
        } else {
            checks.add(Check.skipped("central", "No --central-url given."));
        }
        checks.add(journalAndDatabase(dataDir, local));
        print(checks);
        return checks.stream().anyMatch(check -> check.status() == Check.Status.FAIL) ? ClinicNodeCli.FAILED : ClinicNodeCli.OK;
    }

    /**
     * The journal's last index against the journal position the database has applied: a database ahead of its journal
     * means journal entries were lost; a running node's database behind its journal for long means it stopped applying.
     */
    private Check journalAndDatabase(Path dataDir, Optional<LocalNode> local) {
        String name = "journal and database";
        String lost = "Restore this node from its last backup (clinicnode restore), or wipe its data directory and let it"
                + " catch up from the cluster.";
        try {
            long journal;
            long database;
            if (local.isPresent()) {
                JsonObject answer = local.get().consistency();
                journal = answer.getJsonNumber("journalIndex").longValue();
                database = answer.getJsonNumber("databaseJournalIndex").longValue();
                if (journal > database) {
                    Thread.sleep(1000);
                    JsonObject again = local.get().consistency();
                    database = again.getJsonNumber("databaseJournalIndex").longValue();
                    if (journal > database) {
                        return Check.fail(name, "The running node's database stays behind its journal (position "
                                        + Long.toHexString(database) + " < " + Long.toHexString(journal) + ").",
                                "Restart the node (systemctl restart clinicnode): it replays the journal into the database"
                                        + " at start.");
                    }
                }
            } else if (Files.isDirectory(dataDir.resolve("db"))) {
                try (StoppedNode stopped = StoppedNode.open(dataDir, Optional.ofNullable(dataKey))) {
                    journal = stopped.journalIndex();
                    database = stopped.databaseJournalIndex();
                }
                if (journal > database) {
                    return Check.ok(name, "The stopped node's journal holds entries past the database (position "
                            + Long.toHexString(database) + " < " + Long.toHexString(journal) + "); it applies them at start.");
                }
            } else {
                return Check.skipped(name, "No node data in " + dataDir + ".");
            }
            if (database > journal) {
                return Check.fail(name, "The database has applied journal position " + Long.toHexString(database)
                        + " but the journal ends at " + Long.toHexString(journal) + ": journal entries were lost.", lost);
            }
            return Check.ok(name, "In step at journal position " + Long.toHexString(journal) + ".");
        } catch (IOException | RuntimeException e) {
            return Check.fail(name, "Cannot compare them: " + e.getMessage(),
                    "Run clinicnode doctor as root or the node's user; for a stopped node whose data is encrypted, give --data-key.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.skipped(name, "Interrupted.");
        }
    }

    private void print(List<Check> checks) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            checks.forEach(check -> array.add(check.json()));
            out.println(Json.createObjectBuilder()
                    .add("ok", checks.stream().noneMatch(check -> check.status() == Check.Status.FAIL))
                    .add("checks", array).build());
        } else {
            checks.forEach(check -> out.println(check.line()));
            long failed = checks.stream().filter(check -> check.status() == Check.Status.FAIL).count();
            out.println(failed == 0 ? "All checks passed." : failed + " check(s) failed; the fix is on each FAIL line.");
        }
        out.flush();
    }
}
