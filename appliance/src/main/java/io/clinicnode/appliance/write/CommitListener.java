package io.clinicnode.appliance.write;

import java.util.List;

import io.clinicnode.appliance.journal.Event;

/**
 * Told about events once they are durable in the journal and committed to the projection, so that what
 * it does next (push a live update to browsers) never shows a change that could still be rolled back.
 * Listeners sit downstream of the write path: they read what was committed and never write back into it.
 *
 * <p>Called on the journal writer thread, once per committed group, in commit order. Implementations must
 * return quickly (hand slow work to their own thread) and be thread-safe.
 */
@FunctionalInterface
public interface CommitListener {
    /** @param events the group's accepted events, in the order they were applied; never empty */
    void committed(List<Event> events);
}
