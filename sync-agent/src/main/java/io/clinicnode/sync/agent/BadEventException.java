package io.clinicnode.sync.agent;

import io.clinicnode.sync.SyncException;

/** An event whose payload cannot become central rows; retried, then parked in the dead letters. */
final class BadEventException extends SyncException {
    BadEventException(String message) {
        super(message);
    }

    BadEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
