package io.clinicnode.appliance;

import java.util.ArrayDeque;
import java.util.Deque;

import org.tinylog.Logger;

/**
 * What a node has opened, closed in reverse order of opening. Each part is added right after it opens, so a start that
 * fails half-way closes exactly what it had opened, and {@link Node#close} closes the same list. A part that fails to
 * close is logged and the others are closed all the same.
 *
 * <p>Thread-safe; closing twice closes once.
 */
final class Closer implements AutoCloseable {
    private final Deque<Part> parts = new ArrayDeque<>();

    private record Part(String name, AutoCloseable closing) {
    }

    /** Adds {@code part}, named for the log, and returns it. */
    <T extends AutoCloseable> T add(String name, T part) {
        onClose(name, part);
        return part;
    }

    /** Adds a step that closes something opened just before, e.g. {@code server::stop}. */
    synchronized void onClose(String name, AutoCloseable closing) {
        parts.push(new Part(name, closing));
    }

    @Override
    public void close() {
        Part part;
        while ((part = next()) != null) {
            try {
                part.closing().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Logger.warn(e, "Closing the {} failed; closing the rest all the same", part.name());
            }
        }
    }

    private synchronized Part next() {
        return parts.poll();
    }
}
