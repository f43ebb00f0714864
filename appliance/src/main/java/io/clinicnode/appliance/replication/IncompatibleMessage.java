package io.clinicnode.appliance.replication;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.journal.Event;

/**
 * A replication message, or an event inside one, of a format version newer than this node reads: it was written by a
 * newer ClinicNode version. It is refused whole, never guessed at (a newer version may have added fields anywhere);
 * the message says so and that this node needs upgrading. See docs/ARCHITECTURE.md, "Between nodes".
 */
final class IncompatibleMessage extends ApplianceException {
    private final byte kind;

    private IncompatibleMessage(byte kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The whole message is of a newer version than {@link EventCodec#VERSION}. */
    static IncompatibleMessage ofMessage(byte kind, int version) {
        return new IncompatibleMessage(kind, "A replication message of kind '" + (char) kind + "' has format version "
                + version + ": it was written by a newer ClinicNode version, and this node reads replication messages up to"
                + " version " + EventCodec.VERSION + ". Nothing in it was taken; upgrade this node.");
    }

    /** An event in the message has an envelope newer than {@link Event#FORMAT_VERSION}. */
    static IncompatibleMessage ofEvent(byte kind, int version) {
        return new IncompatibleMessage(kind, "An event in a replication message of kind '" + (char) kind + "' has format"
                + " version " + version + ": it was written by a newer ClinicNode version, and this node reads events up to"
                + " version " + Event.FORMAT_VERSION + ". Nothing in the message was taken; upgrade this node.");
    }

    /** The kind of the refused message (its header is the same in every version). */
    byte kind() {
        return kind;
    }
}
