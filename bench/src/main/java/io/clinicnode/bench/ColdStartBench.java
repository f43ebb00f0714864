package io.clinicnode.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.clinicnode.installer.process.NodeProcess;

/**
 * Part (a): spawns a node process on a data directory and times it from the spawn to the first 200 from
 * {@code /observe/health}, then stops it cleanly; several times. "Cold" means a new JVM; the operating
 * system's file cache stays as warm as the previous run left it.
 *
 * <p>Not thread-safe; one run at a time.
 */
final class ColdStartBench {
    private ColdStartBench() {
    }

    /** @return each run's time to ready, in run order */
    static List<Duration> measure(Path dataDir, String adminPassword, int runs) {
        List<Duration> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (NodeProcess node = NodeProcess.builder(dataDir).adminPassword(adminPassword)
                    .readyTimeout(Bench.NODE_READY_TIMEOUT).start()) {
                times.add(node.startupTime());
                node.stop(Bench.NODE_STOP_TIMEOUT);
            }
        }
        return times;
    }

    static Duration median(List<Duration> times) {
        List<Duration> sorted = times.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }
}
