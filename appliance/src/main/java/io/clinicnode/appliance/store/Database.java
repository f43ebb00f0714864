package io.clinicnode.appliance.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;

import org.flywaydb.core.Flyway;

/**
 * The node's H2 file database: migrated by Flyway on open, then used through Helidon DbClient with a
 * HikariCP pool.
 *
 * <p>Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final String url;
    private final DbClient client;

    private Database(String url, DbClient client) {
        this.url = url;
        this.client = client;
    }

    /** Opens (creating and migrating as needed) the database under {@code directory}. */
    public static Database open(Path directory, int poolSize) {
        try {
            Files.createDirectories(directory);
        } catch (Exception e) {
            throw new ApplianceException("Cannot create the database directory " + directory + ": " + e.getMessage(), e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: the node closes the pool itself on shutdown, after the last write.
        // QUERY_CACHE_SIZE: H2 keeps 8 parsed statements per connection by default; one booking alone runs
        // more distinct statements than that, so every statement was parsed again each time.
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("clinic")
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=256";
        migrate(url);
        Config config = Config.just(ConfigSources.create(Map.of(
                "source", "jdbc",
                "connection.url", url,
                "connection.username", "sa",
                "connection.password", "",
                "connection.poolName", "clinicnode-h2",
                "connection.maximumPoolSize", Integer.toString(poolSize),
                "connection.minimumIdle", "2")));
        return new Database(url, DbClient.create(config));
    }

    private static void migrate(String url) {
        try {
            Flyway.configure()
                    .dataSource(url, "sa", "")
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
    }
}
