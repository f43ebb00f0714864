package io.clinicnode.cluster;

/**
 * The one unchecked base of this module's failures. Messages are sentences for a technician: what was
 * expected, what was found, and what to do.
 */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
