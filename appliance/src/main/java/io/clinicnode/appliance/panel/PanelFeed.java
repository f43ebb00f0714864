package io.clinicnode.appliance.panel;

import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.clinicnode.appliance.http.LiveSocket;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.CommitListener;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The live feed behind {@code /ws/panel}: the waiting-room TV opens it, sends {@code {"type":"auth","token":"…"}} with
 * its display token, gets {@code {"type":"ready"}}, and then {@code {"type":"changed"}} after every committed change
 * to the waiting room (a call above all), on which it reloads {@code /panel/calls}. A revoked token's sockets are closed
 * with {@value #UNAUTHORIZED}. Like the board's feed, it pushes only what is committed, on a thread of its own.
 *
 * <p>Thread-safe.
 */
public final class PanelFeed implements CommitListener, AutoCloseable {
    public static final int UNAUTHORIZED = 4401;
    private static final int MAX_MESSAGE = 1024;
    private static final String CHANGED = "{\"type\":\"changed\"}";

    private final DisplayTokens tokens;
    private final Set<Screen> screens = ConcurrentHashMap.newKeySet();
    private final ExecutorService pusher = Executors.newSingleThreadExecutor(runnable ->
            Thread.ofPlatform().name("panel-feed").daemon().unstarted(runnable));

    public PanelFeed(DisplayTokens tokens) {
        this.tokens = tokens;
    }

    public WsListener newSocket() {
        return new Socket();
    }

    @Override
    public void committed(List<Event> events) {
        boolean shown = false;
        boolean revoked = false;
        for (Event event : events) {
            String type = event.type();
            shown |= type.startsWith("waiting.") || type.startsWith("checkin.") || type.startsWith("room.");
            revoked |= type.equals(DisplayTokenEvents.REVOKED);
        }
        if ((!shown && !revoked) || screens.isEmpty()) {
            return;
        }
        boolean recheck = revoked;
        try {
            pusher.execute(() -> push(recheck));
        } catch (RejectedExecutionException e) {
            Logger.debug("Panel feed is closed; not pushing");
        }
    }

    private void push(boolean recheck) {
        for (Screen screen : screens) {
            if (screen.token == null) {
                continue;
            }
            if (recheck && !tokens.isValid(screen.token)) {
                screen.close(UNAUTHORIZED, "Display token revoked");
                screens.remove(screen);
                continue;
            }
            screen.send(CHANGED);
        }
    }

    @Override
    public void close() {
        pusher.shutdown();
        screens.forEach(screen -> screen.close(WsCloseCodes.GOING_AWAY, "Node stopping"));
        screens.clear();
    }

    private static String token(String text) {
        if (text.length() > MAX_MESSAGE) {
            return null;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject message = reader.readObject();
            return "auth".equals(message.getString("type", "")) ? message.getString("token", null) : null;
        } catch (JsonException | ClassCastException e) {
            return null;
        }
    }

    private static final class Screen extends LiveSocket {
        private volatile String token;

        private Screen(WsSession socket) {
            super(socket, "panel");
        }
    }

    private final class Socket implements WsListener {
        private Screen screen;

        @Override
        public void onOpen(WsSession socket) {
            screen = new Screen(socket);
            screens.add(screen);
        }

        @Override
        public void onMessage(WsSession socket, String text, boolean last) {
            if (screen.token != null) {
                return; // keep-alive pings
            }
            String token = last ? token(text) : null;
            if (!tokens.isValid(token)) {
                screen.close(UNAUTHORIZED, "Wrong display token");
                screens.remove(screen);
                return;
            }
            screen.token = token;
            screen.send("{\"type\":\"ready\"}");
        }

        @Override
        public void onClose(WsSession socket, int status, String reason) {
            screens.remove(screen);
        }

        @Override
        public void onError(WsSession socket, Throwable error) {
            screens.remove(screen);
        }
    }
}
