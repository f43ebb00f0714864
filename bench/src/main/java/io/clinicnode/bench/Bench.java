package io.clinicnode.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.bench.generate.SyntheticPatients;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

/**
 * {@code clinicnode bench}: measures a node as technicians run it, in child node processes, and prints plain
 * lines: (a) start to ready, (b) appointment bookings per second and their latency, (c) patient search
 * latency with many patients. The patient data set is generated once (through the write path) into the work
 * directory and reused by later runs.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class Bench {
    static final Duration NODE_READY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration NODE_STOP_TIMEOUT = Duration.ofMinutes(1);
    /** Admin password of the bench's own data directories. */
    static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final String DATASET_MARKER = "bench-dataset.properties";
    private static final int COLD_START_RUNS = 3;
    private static final int SEARCH_WARM_UP = 1_000;

    /**
     * @param workDir        where the bench keeps its data directories
     * @param patients       patients in the search data set
     * @param seed           seed of the synthetic data set
     * @param bookingClients concurrent booking clients
     * @param bookingTime    how long bookings are measured (after a short warm-up)
     * @param searchClients  concurrent search clients
     * @param searchQueries  timed search queries
     * @param dataKey        key file the booking node encrypts its data with (created when missing); empty: not encrypted
     */
    public record Settings(Path workDir, long patients, long seed, int bookingClients, Duration bookingTime,
                           int searchClients, int searchQueries, Optional<Path> dataKey) {
        public Settings {
            if (patients < 1 || bookingClients < 1 || searchClients < 1 || searchQueries < 1 || bookingTime.isNegative()
                    || bookingTime.isZero()) {
                throw new InstallerException("Bench settings must all be positive; got patients=" + patients + ", clients="
                        + bookingClients + ", seconds=" + bookingTime.toSeconds() + ", search clients=" + searchClients
                        + ", queries=" + searchQueries + ".");
            }
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public Bench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs every part; a part that fails prints why and the others still run. @return whether all parts ran */
    public boolean run() throws InterruptedException {
        out.println("ClinicNode bench: " + machine());
        out.println("work dir: " + settings.workDir().toAbsolutePath());
        out.println(loadAverage() + " at the start");
        Path dataset;
        try {
            dataset = dataset();
        } catch (InstallerException e) {
            out.println("data set: FAILED: " + e.getMessage());
            return false;
        }
        boolean allRan = part("cold start", () -> coldStart(dataset));
        allRan &= part("booking", this::booking);
        allRan &= part("search", () -> search(dataset));
        out.println(loadAverage() + " at the end (other processes share these CPUs: compare with the start)");
        return allRan;
    }

    private boolean part(String name, Part part) throws InterruptedException {
        try {
            part.run();
            return true;
        } catch (InstallerException | IOException e) {
            out.println(name + ": FAILED: " + e.getMessage());
            return false;
        }
    }

    private void coldStart(Path dataset) {
        List<Duration> times = ColdStartBench.measure(dataset, ADMIN_PASSWORD, COLD_START_RUNS);
        for (int run = 0; run < times.size(); run++) {
            out.printf("cold start to ready, %,d patients, run %d: %.2f s%n", settings.patients(), run + 1, seconds(times.get(run)));
        }
        out.printf("cold start to ready, %,d patients, median: %.2f s (goal < 5 s)%n", settings.patients(),
                seconds(ColdStartBench.median(times)));
    }

    private void booking() throws IOException, InterruptedException {
        Path dataDir = settings.workDir().resolve("booking");
        deleteRecursively(dataDir);
        List<String> encryption = settings.dataKey()
                .map(key -> List.of("--data-key", key.toAbsolutePath().toString(), "--create-data-key"))
                .orElse(List.of());
        out.println("booking node: " + settings.dataKey().map(key -> "encrypted at rest with the data key " + key)
                .orElse("not encrypted at rest (no --data-key)"));
        try (NodeProcess node = NodeProcess.builder(dataDir).adminPassword(ADMIN_PASSWORD).readyTimeout(NODE_READY_TIMEOUT)
                .arguments(encryption).start()) {
            out.printf("first start of a new node (new data dir, creates the admin): %.2f s%n", seconds(node.startupTime()));
            NodeClient admin = NodeClient.to(node.baseUri()).login("admin", ADMIN_PASSWORD);
            BookingBench.Result result = new BookingBench(admin, settings.bookingClients(), settings.bookingTime()).run();
            out.printf("booking: %d clients, %.1f s measured: %,d booked (201), %,.0f journaled bookings/s (goal >= 2,000/s)%n",
                    settings.bookingClients(), seconds(result.window()), result.booked(), result.perSecond());
            out.println("booking latency: " + result.latencies().describe());
            out.println("booking answers other than 201: " + (result.others().isEmpty() ? "none" : result.others()));
            WriteMetrics.read(node.baseUri()).ifPresent(metrics -> out.println("booking write path: " + metrics));
            node.stop(NODE_STOP_TIMEOUT);
        }
    }

    private void search(Path dataset) throws IOException, InterruptedException {
        try (NodeProcess node = NodeProcess.builder(dataset).adminPassword(ADMIN_PASSWORD).readyTimeout(NODE_READY_TIMEOUT).start()) {
            NodeClient api = NodeClient.to(node.baseUri()).login("admin", ADMIN_PASSWORD);
            SearchQueries queries = new SearchQueries(new SyntheticPatients(settings.seed()), settings.patients());
            Map<SearchQueries.Kind, SearchBench.Block> blocks = new SearchBench(api, queries, settings.searchClients())
                    .run(SEARCH_WARM_UP, settings.searchQueries(), settings.seed());
            Latencies all = Latencies.merge(blocks.values().stream().map(SearchBench.Block::latencies).toList());
            out.printf("search: %,d patients, %d clients, limit %d, %,d timed queries (each kind after its warm-up): %s (goal p99 < 50 ms)%n",
                    settings.patients(), settings.searchClients(), SearchBench.LIMIT, all.count(), all.describe());
            boolean failed = false;
            for (Map.Entry<SearchQueries.Kind, SearchBench.Block> entry : blocks.entrySet()) {
                SearchBench.Block block = entry.getValue();
                out.printf("search %s: %,d queries, %s; found nobody: %,d; failed: %,d%n", entry.getKey().label(),
                        block.latencies().count(), block.latencies().describe(), block.empty(), block.failed());
                if (block.gaveUp()) {
                    out.printf("search %s: the node stopped answering (clients gave up after %d failures in a row); last failure: %s%n",
                            entry.getKey().label(), SearchBench.GIVE_UP_AFTER, block.lastFailure());
                    failed = true;
                }
            }
            if (failed) {
                throw new InstallerException("the node stopped answering searches; figures above cover the kinds that ran before.");
            }
            node.stop(NODE_STOP_TIMEOUT);
        }
    }

    /** The data set's directory, generated through {@code clinicnode generate} unless a finished one is there. */
    private Path dataset() throws InterruptedException {
        Path dataDir = settings.workDir().resolve("patients-" + settings.patients() + "-seed-" + settings.seed());
        Path marker = dataDir.resolve(DATASET_MARKER);
        String expected = "patients=" + settings.patients() + "\nseed=" + settings.seed() + "\n";
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(expected)) {
                out.printf("data set: %,d patients (seed %d) in %s, generated before: reused%n", settings.patients(), settings.seed(), dataDir);
                return dataDir;
            }
            if (Files.exists(dataDir)) {
                out.println("data set: " + dataDir + " is incomplete (no " + DATASET_MARKER + "); generating it again");
                deleteRecursively(dataDir);
            }
            out.printf("data set: generating %,d patients (seed %d) into %s through the write path%n", settings.patients(),
                    settings.seed(), dataDir);
            int exit = NodeProcess.runJava(BenchCli.class.getName(),
                    List.of("generate", "--data-dir", dataDir.toAbsolutePath().toString(), "--patients",
                            Long.toString(settings.patients()), "--seed", Long.toString(settings.seed())),
                    Map.of(NodeProcess.ADMIN_PASSWORD_ENV, ADMIN_PASSWORD), Duration.ofHours(6),
                    line -> {
                        if (!isLogLine(line)) {
                            out.println("  generate: " + line);
                        }
                    });
            if (exit != 0) {
                throw new InstallerException("'clinicnode generate' ended with exit code " + exit + "; see its output above.");
            }
            Files.writeString(marker, expected);
            return dataDir;
        } catch (IOException e) {
            throw new InstallerException("Cannot prepare the data set in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The node's own log lines (timestamped) are left out of the bench's output. */
    private static boolean isLogLine(String line) {
        return line.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*") || line.startsWith("There is no Helidon logging");
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format("%d CPUs, %.1f GiB memory, Java %s (%s), %s %s", Runtime.getRuntime().availableProcessors(),
                memory / (double) (1L << 30), Runtime.version(), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    static String loadAverage() {
        return String.format("load average (1 min): %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    @FunctionalInterface
    private interface Part {
        void run() throws IOException, InterruptedException;
    }
}
