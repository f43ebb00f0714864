package io.clinicnode.installer;

/**
 * The one unchecked base of every failure the installer's commands raise on purpose. Messages are shown to
 * technicians as {@code ERROR: message}: they say what was expected, what was found and what to do.
 */
public class InstallerException extends RuntimeException {
    public InstallerException(String message) {
        super(message);
    }

    public InstallerException(String message, Throwable cause) {
        super(message, cause);
    }
}
