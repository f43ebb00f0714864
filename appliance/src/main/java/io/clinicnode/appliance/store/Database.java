package io.clinicnode.appliance.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.atrest.PrivateFiles;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;

import org.flywaydb.core.Flyway;

/**
 * The node's H2 file database: migrated by Flyway on open, then used through Helidon DbClient with a
 * HikariCP pool. With a file password, H2 encrypts the whole file ({@code CIPHER=AES}); the directory and the files
 * H2 creates are private to the node's user.
 *
 * <p>Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final Path directory;
    private final String url;
    private final DbClient client;

    private Database(Path directory, String url, DbClient client) {
        this.directory = directory;
        this.url = url;
        this.client = client;
    }

    /** Opens (creating and migrating as needed) the database under {@code directory}, not encrypted. */
    public static Database open(Path directory, int poolSize) {
        return open(directory, poolSize, Optional.empty());
    }

    /**
     * Opens (creating and migrating as needed) the database under {@code directory}; with {@code filePassword} the
     * file is encrypted with it (a database is created encrypted or not, and opens only the same way).
     */
    public static Database open(Path directory, int poolSize, Optional<String> filePassword) {
        try {
            PrivateFiles.createDirectories(directory);
        } catch (Exception e) {
            throw new ApplianceException("Cannot create the database directory " + directory + ": " + e.getMessage(), e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: the node closes the pool itself on shutdown, after the last write.
        // QUERY_CACHE_SIZE: H2 keeps 8 parsed statements per connection by default; one booking alone runs
        // more distinct statements than that, so every statement was parsed again each time.
        // CACHE_SIZE (KiB): 256 MiB of H2 page cache keeps the search indexes of a million patients in
        // memory; H2's default is sized for small embedded databases.
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("clinic")
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=256;CACHE_SIZE=262144"
                // An encrypted database writes no trace file: H2 puts failed statements there, values included, in clear.
                + (filePassword.isPresent() ? ";CIPHER=AES;TRACE_LEVEL_FILE=0" : "");
        // H2's password of an encrypted database is the file password, a space, and the user's password. The user's is
        // the same secret: an empty one is lost on the way (the trailing space goes) and H2 then refuses the format.
        String password = filePassword.map(file -> file + " " + file).orElse("");
        migrate(url, password);
        PrivateFiles.narrowTree(directory);
        Config config = Config.just(ConfigSources.create(Map.of(
                "source", "jdbc",
                "connection.url", url,
                "connection.username", "sa",
                "connection.password", password,
                "connection.poolName", "clinicnode-h2",
                "connection.maximumPoolSize", Integer.toString(poolSize),
                "connection.minimumIdle", "2")));
        return new Database(directory, url, DbClient.create(config));
    }

    private static void migrate(String url, String password) {
        try {
            Flyway.configure()
                    .dataSource(url, "sa", password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new ApplianceException("Cannot migrate the node database at " + url + ": " + e.getMessage()
                    + ". Is another node process using this data directory?", e);
        }
    }

    public DbClient client() {
        return client;
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        client.close();
        // Files H2 made while running (a trace file after an error, say) got the process's default mode.
        PrivateFiles.narrowTree(directory);
    }
}
