package io.clinicnode.installer.box;

import java.io.Console;
import java.util.Arrays;
import java.util.Optional;

import io.clinicnode.installer.InstallerException;

/**
 * The first admin's password for {@code init} (and the admin login of {@code status}): from
 * {@value #ENV}, else typed at the terminal without echo. It is never printed. Stateless.
 */
public final class AdminPassword {
    public static final String ENV = "CLINICNODE_ADMIN_PASSWORD";
    /** As the API's users (UserService). */
    static final int MIN_LENGTH = 8;

    private AdminPassword() {
    }

    /** A new password: the environment's, or typed twice. */
    public static String choose() {
        Optional<String> fromEnvironment = fromEnvironment();
        String password;
        if (fromEnvironment.isPresent()) {
            password = fromEnvironment.get();
        } else {
            Console console = console("the first admin password");
            char[] first = console.readPassword("Password for the user 'admin' (at least %d characters): ", MIN_LENGTH);
            char[] second = console.readPassword("The same password again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new InstallerException("The two passwords differ; run the command again.");
            }
            password = new String(first);
        }
        if (password.length() < MIN_LENGTH) {
            throw new InstallerException("The admin password must have at least " + MIN_LENGTH + " characters.");
        }
        return password;
    }

    /** The admin password to log in with: the environment's, else typed; empty when neither is possible. */
    public static Optional<String> forLogin() {
        return fromEnvironment().or(() -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            char[] typed = console.readPassword("Password of the user 'admin' (to read the cluster's state): ");
            return typed == null || typed.length == 0 ? Optional.empty() : Optional.of(new String(typed));
        });
    }

    private static Optional<String> fromEnvironment() {
        return Optional.ofNullable(System.getenv(ENV)).filter(value -> !value.isBlank());
    }

    private static Console console(String what) {
        Console console = System.console();
        if (console == null) {
            throw new InstallerException("No terminal to type " + what + " in: set " + ENV + " in the environment.");
        }
        return console;
    }
}
