package io.clinicnode.appliance;

/**
 * The one unchecked base of every failure the node raises on purpose. Subclasses say which kind;
 * messages say what was expected, what was found and what to do.
 */
public class ApplianceException extends RuntimeException {
    public ApplianceException(String message) {
        super(message);
    }

    public ApplianceException(String message, Throwable cause) {
        super(message, cause);
    }
}
