package io.clinicnode.sync.central;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.clinicnode.sync.SyncException;

/**
 * A clinic's login at central: its clinic id, PostgreSQL role and password. Made by
 * {@code clinicnode central-add-clinic}, kept in a properties file readable only by the service user (mode 600:
 * a file others can read is refused with the {@code chmod} to run), or given in the environment.
 *
 * <p>Immutable, so thread-safe. {@link #toString()} never shows the password.
 */
public record CentralCredentials(String clinicId, String user, String password) {
    public static final String USER_ENV = "CLINICNODE_CENTRAL_USER";
    public static final String PASSWORD_ENV = "CLINICNODE_CENTRAL_PASSWORD";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Reads a credentials file, refusing one that the group or others may read or write. */
    public static CentralCredentials load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SyncException("The central credentials file " + file + " does not exist. Write it with"
                    + " `clinicnode central-add-clinic ID --credentials-file FILE` at central and copy it here (mode 600).");
        }
        Properties properties = new Properties();
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new SyncException("The central credentials file " + file + " can be read by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "). Run `chmod 600 " + file + "` as its owner.");
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        } catch (IOException e) {
            throw new SyncException("Cannot read the central credentials file " + file + ": " + e.getMessage(), e);
        }
        String clinic = properties.getProperty("clinic-id", "").strip();
        String user = properties.getProperty("user", "").strip();
        String password = properties.getProperty("password", "").strip();
        if (clinic.isEmpty() || user.isEmpty() || password.isEmpty()) {
            throw new SyncException("The central credentials file " + file + " must have clinic-id, user and password"
                    + " lines, as written by `clinicnode central-add-clinic`.");
        }
        return new CentralCredentials(clinic, user, password);
    }

    /** The login from {@link #USER_ENV} and {@link #PASSWORD_ENV}, when both are set. */
    public static Optional<CentralCredentials> fromEnvironment(String clinicId, Map<String, String> environment) {
        String user = environment.get(USER_ENV);
        String password = environment.get(PASSWORD_ENV);
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CentralCredentials(clinicId, user.strip(), password.strip()));
    }

    /** Writes the credentials to {@code file} with mode 600 (replacing it atomically). */
    public void write(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".central-credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SyncException("Cannot write the central credentials to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The credentials file's text. */
    public String text() {
        // Clinic ids, role names and generated passwords hold no character that properties files escape.
        return "# ClinicNode central login of clinic " + clinicId + ". Keep it readable only by the node's service user.\n"
                + "clinic-id=" + clinicId + "\n"
                + "user=" + user + "\n"
                + "password=" + password + "\n";
    }

    public CentralTarget target(String url) {
        return new CentralTarget(url, Optional.of(user), Optional.of(password));
    }

    @Override
    public String toString() {
        return "CentralCredentials[clinicId=" + clinicId + ", user=" + user + "]";
    }
}
