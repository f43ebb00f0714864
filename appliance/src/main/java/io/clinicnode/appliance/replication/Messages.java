package io.clinicnode.appliance.replication;

/** The kinds of replication message (see {@link EventCodec} for where the kind sits), one-way or question and answer. */
final class Messages {
    /** Leader → all: events it just made durable, in its order. */
    static final byte EVENTS = 'E';
    /** Member → leader: a change a desk asked for. Answered with ACCEPTED, REJECTED, NOT_NOW or FAILED. */
    static final byte FORWARD = 'F';
    static final byte ACCEPTED = 'A';
    static final byte REJECTED = 'R';
    /** The leader is not (yet) leading, or still catching up: nothing was written, ask again. */
    static final byte NOT_NOW = 'N';
    /** The leader failed to write it (its disk, say): not acknowledged, do not retry blindly. */
    static final byte FAILED = 'X';
    /** Member → all: how far have you applied each origin? Answered with POSITIONS. */
    static final byte PROGRESS = 'P';
    static final byte POSITIONS = 'Q';
    /** Member → one member: events of an origin from a sequence on. Answered with EVENTS. */
    static final byte FETCH = 'G';
    /**
     * The answer to a question of a newer format version than this node reads (see {@link EventCodec}): a sentence
     * saying so, then the newest version this node reads. Nothing was done.
     */
    static final byte UNREADABLE = 'U';

    private Messages() {
    }
}
