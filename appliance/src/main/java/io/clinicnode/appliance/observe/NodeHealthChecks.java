package io.clinicnode.appliance.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.clinicnode.appliance.atrest.DataDirectory;
import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.write.WritePath;

import io.helidon.dbclient.DbClient;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** The node's own health checks: the database answers, the journal is writable and not backed up. */
public final class NodeHealthChecks {
    /** More changes waiting than this means the disk cannot keep up; the node is then not ready for more. */
    private static final int BACKLOG_LIMIT = 10_000;

    private NodeHealthChecks() {
    }

    public static List<HealthCheck> create(DbClient db, Journal journal, WritePath writes) {
        return List.of(database(db), journal(journal, writes));
    }

    /**
     * How the data directory is protected: {@code encrypted} false (the node runs, but a copy of its files reveals every
     * patient) and whether it is still private; it does not make the node unready.
     */
    public static HealthCheck dataAtRest(DataDirectory dataDir) {
        return check("data-at-rest", () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                    .status(true)
                    .detail("encrypted", dataDir.encrypted());
            if (!dataDir.encrypted()) {
                response.detail("warning", "not encrypted: start with --data-key FILE (new data directories only)");
            }
            try {
                response.detail("private", !PrivateFiles.isShared(dataDir.path()));
            } catch (IOException e) {
                response.detail("private", "unknown: " + e.getMessage());
            }
            return response.build();
        });
    }

    private static HealthCheck database(DbClient db) {
        return check("database", () -> {
            try {
                boolean up = db.execute().get("SELECT 1 AS one").isPresent();
                return HealthCheckResponse.builder().status(up).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.builder().status(false).detail("error", e.getMessage()).build();
            }
        });
    }

    private static HealthCheck journal(Journal journal, WritePath writes) {
        return check("journal", () -> {
            boolean writable = Files.isWritable(journal.directory());
            int backlog = writes.backlog();
            var stopped = writes.stopped();
            var response = HealthCheckResponse.builder()
                    .status(writable && backlog < BACKLOG_LIMIT && stopped.isEmpty())
                    .detail("writable", writable)
                    .detail("backlog", backlog)
                    .detail("sizeBytes", journal.sizeOnDisk());
            stopped.ifPresent(stop -> response.detail("stopped", stop.getMessage()));
            return response.build();
        });
    }

    private static HealthCheck check(String name, java.util.function.Supplier<HealthCheckResponse> call) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return call.get();
            }
        };
    }
}
