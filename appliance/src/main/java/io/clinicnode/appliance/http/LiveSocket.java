package io.clinicnode.appliance.http;

import io.helidon.websocket.WsSession;

import org.tinylog.Logger;

/**
 * A browser's open WebSocket that this node pushes to: sends and closes are serialised (pushes and replies come from
 * different threads), and a socket that could not be written is taken as gone without a word to the browser, whose
 * next connection starts afresh. Live screens (the waiting-room board, the call panel) extend it with what they know
 * of their browser.
 */
public class LiveSocket {
    private final WsSession socket;
    private final String screen;
    private boolean closed;

    /** @param screen what the socket feeds, for the log ("board", "panel") */
    protected LiveSocket(WsSession socket, String screen) {
        this.socket = socket;
        this.screen = screen;
    }

    public final synchronized void send(String message) {
        if (closed) {
            return;
        }
        try {
            socket.send(message, true);
        } catch (RuntimeException e) {
            closed = true;
            Logger.debug("Dropping a {} socket that could not be written: {}", screen, e.getMessage());
        }
    }

    public final synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close(code, reason);
        } catch (RuntimeException e) {
            Logger.debug("The {} socket was already gone: {}", screen, e.getMessage());
        }
    }
}
