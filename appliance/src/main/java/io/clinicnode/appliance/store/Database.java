package io.clinicnode.appliance.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
    private final String password;
    private final DbClient client;

    private Database(Path directory, String url, String password, DbClient client) {
        this.directory = directory;
        this.url = url;
        this.password = password;
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
        String url = url(directory, filePassword);
        String password = password(filePassword);
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
        return new Database(directory, url, password, DbClient.create(config));
    }

    /**
     * Creates the database under {@code directory} (which holds none yet) from an H2 script (a backup's
     * {@code SCRIPT}), encrypted with {@code filePassword} when given; open it with {@link #open} after.
     */
    public static void createFromScript(Path directory, Optional<String> filePassword, Path script) {
        try (Connection connection = DriverManager.getConnection(url(directory, filePassword), "sa", password(filePassword));
             Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM '" + script.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new ApplianceException("Cannot load the database script " + script + " into " + directory + ": "
                    + e.getMessage(), e);
        } finally {
            PrivateFiles.narrowTree(directory);
        }
    }

    /** A connection of its own (outside the pool), e.g. for a transaction that must see one snapshot for long. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", password);
    }

    private static String url(Path directory, Optional<String> filePassword) {
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
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("clinic")
                + ";DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=256;CACHE_SIZE=262144"
                // An encrypted database writes no trace file: H2 puts failed statements there, values included, in clear.
                + (filePassword.isPresent() ? ";CIPHER=AES;TRACE_LEVEL_FILE=0" : "");
    }

    private static String password(Optional<String> filePassword) {
        // H2's password of an encrypted database is the file password, a space, and the user's password. The user's is
        // the same secret: an empty one is lost on the way (the trailing space goes) and H2 then refuses the format.
        return filePassword.map(file -> file + " " + file).orElse("");
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
