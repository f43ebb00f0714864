package io.clinicnode.sync.central;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import io.clinicnode.sync.SyncException;

/**
 * Where central PostgreSQL is and who connects to it: a pgjdbc URL (TLS settings such as
 * {@code sslmode=verify-full&sslrootcert=FILE} go in it) and a user and password kept out of the URL when given.
 * A user and password inside the URL (development only) are used when none is given here.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param url      {@code jdbc:postgresql://HOST:PORT/DATABASE[?params]}
 * @param user     login role, or empty to take it from the URL
 * @param password its password, or empty
 */
public record CentralTarget(String url, Optional<String> user, Optional<String> password) {
    /** Environment variables holding central-init's and central-add-clinic's admin login. */
    public static final String ADMIN_USER_ENV = "CLINICNODE_CENTRAL_USER";
    public static final String ADMIN_PASSWORD_ENV = "CLINICNODE_CENTRAL_PASSWORD";

    public CentralTarget {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new SyncException("The central URL must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://central.example.org:5432/clinicnode?sslmode=verify-full, was '" + url + "'.");
        }
        user = user.filter(value -> !value.isBlank());
        password = password.filter(value -> !value.isBlank());
    }

    /** The target with the admin login from {@link #ADMIN_USER_ENV} and {@link #ADMIN_PASSWORD_ENV}, when set. */
    public static CentralTarget withAdminFromEnvironment(String url) {
        return new CentralTarget(url, Optional.ofNullable(System.getenv(ADMIN_USER_ENV)),
                Optional.ofNullable(System.getenv(ADMIN_PASSWORD_ENV)));
    }

    /**
     * Opens a connection. Timeouts are short enough that a dead WAN is noticed within seconds, and the
     * application name shows in pg_stat_activity.
     */
    public Connection connect(String applicationName, int socketTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(url, properties);
    }

    /** The URL without its parameters (which may hold a password), for messages and logs. */
    public String displayUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
