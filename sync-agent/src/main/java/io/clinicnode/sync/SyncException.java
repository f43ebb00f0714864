package io.clinicnode.sync;

/** The sync module's one unchecked exception base: its message is a sentence for the user. */
public class SyncException extends RuntimeException {
    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
