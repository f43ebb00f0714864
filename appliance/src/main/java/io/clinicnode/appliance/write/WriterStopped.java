package io.clinicnode.appliance.write;

import io.clinicnode.appliance.ApplianceException;

/**
 * The node's writer stopped taking changes after it could not make a group durable (a full or failing disk, a
 * database that would not commit). Events of that group may already be in the journal with sequence numbers this
 * node must never hand out again; only a restart, which replays the journal, knows where the sequence stands.
 * The desk is told to use another node (HTTP 503) and health reports the journal DOWN until then.
 */
public final class WriterStopped extends ApplianceException {
    public WriterStopped(String message, Throwable cause) {
        super(message, cause);
    }
}
