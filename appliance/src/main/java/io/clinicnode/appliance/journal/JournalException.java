package io.clinicnode.appliance.journal;

import io.clinicnode.appliance.ApplianceException;

/** The journal could not be opened, written, synced or read. The node must not acknowledge writes then. */
public class JournalException extends ApplianceException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalException(String message) {
        super(message);
    }
}
