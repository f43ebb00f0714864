package io.clinicnode.cluster;

/** A cluster directory that is missing, incomplete, damaged or too widely readable. The message names the file. */
public final class ClusterCredentialsException extends ClusterException {
    public ClusterCredentialsException(String message) {
        super(message);
    }

    public ClusterCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
