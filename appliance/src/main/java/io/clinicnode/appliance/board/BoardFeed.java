package io.clinicnode.appliance.board;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.http.LiveSocket;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.session.Authenticator;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.session.Session;
import io.clinicnode.appliance.session.SessionStore;
import io.clinicnode.appliance.write.CommitListener;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The live feed behind {@code /ws/board}: every open front-desk screen holds one WebSocket, and after each
 * committed group of changes the feed tells every authenticated screen which kinds of records changed
 * ({@code {"type":"changed","entities":["checkin","waiting"]}}), so it reloads what it shows through the
 * normal, authorised API. Nothing is pushed before the change is durable and committed.
 *
 * <p>Protocol: the browser opens the socket and sends {@code {"type":"auth","token":"…"}} first; the feed
 * answers {@code {"type":"ready"}} or closes with {@value #UNAUTHORIZED}. The token never leaves this class
 * and is never logged. A socket that does not authenticate within {@link #AUTH_DEADLINE} is closed.
 *
 * <p>Thread-safe. Pushes run on one thread of the feed's own, never on the journal writer.
 */
public final class BoardFeed implements CommitListener, AutoCloseable {
    /** Close code for a missing, wrong or expired session (application range 4000–4999). */
    public static final int UNAUTHORIZED = 4401;
    static final Duration AUTH_DEADLINE = Duration.ofSeconds(10);
    /** How often a subscriber's session is checked again before a push reaches it. */
    private static final Duration RECHECK = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE = 1024;

    private final Authenticator authenticator;
    private final SessionStore sessions;
    private final Clock clock;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService pusher = Executors.newSingleThreadExecutor(runnable ->
            Thread.ofPlatform().name("board-feed").daemon().unstarted(runnable));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().name("board-feed-timer").daemon().unstarted(runnable));

    public BoardFeed(Authenticator authenticator, SessionStore sessions, Clock clock) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** A listener for one new socket; give it to the WebSocket routing as the endpoint's supplier. */
    public WsListener newSocket() {
        return new Socket();
    }

    /** Screens currently subscribed (authenticated and open). */
    public int subscribers() {
        return (int) subscribers.stream().filter(subscriber -> subscriber.session != null).count();
    }

    @Override
    public void committed(List<Event> events) {
        Set<String> entities = new TreeSet<>();
        for (Event event : events) {
            // A view or a search is recorded for the audit trail but changes nothing any screen shows (and a screen
            // that searched again on a search's notice would never stop).
            if (!event.recordsAccessOnly()) {
                entities.add(entity(event.type()));
            }
        }
        if (entities.isEmpty() || subscribers.isEmpty()) {
            return;
        }
        JsonArrayBuilder names = JSON.createArrayBuilder();
        entities.forEach(names::add);
        String message = JSON.createObjectBuilder().add("type", "changed").add("entities", names).build().toString();
        try {
            pusher.execute(() -> push(message));
        } catch (RejectedExecutionException e) {
            Logger.debug("Board feed is closed; not pushing {}", message);
        }
    }

    static String entity(String eventType) {
        int dot = eventType.indexOf('.');
        return dot < 0 ? eventType : eventType.substring(0, dot);
    }

    private void push(String message) {
        Instant now = clock.instant();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.session == null) {
                continue;
            }
            if (Duration.between(subscriber.checkedAt, now).compareTo(RECHECK) >= 0) {
                if (!sessions.isLive(subscriber.session.tokenHash())) {
                    subscriber.close(UNAUTHORIZED, "Session expired");
                    continue;
                }
                subscriber.checkedAt = now;
            }
            subscriber.send(message);
        }
    }

    /**
     * Tells every desk on this node to move to another (the node is about to stop, see
     * {@link io.clinicnode.appliance.http.Drain}): the web app switches node and reconnects there.
     */
    public void moveOn() {
        subscribers.forEach(subscriber -> subscriber.send("{\"type\":\"move\"}"));
    }

    /** Closes every socket and stops the feed's threads. */
    @Override
    public void close() {
        pusher.shutdown();
        timer.shutdownNow();
        subscribers.forEach(subscriber -> subscriber.close(WsCloseCodes.GOING_AWAY, "Node stopping"));
        subscribers.clear();
    }

    private Optional<Session> authenticate(String text) {
        if (text.length() > MAX_MESSAGE) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject message = reader.readObject();
            if (!"auth".equals(message.getString("type", "")) || message.getString("token", "").isBlank()) {
                return Optional.empty();
            }
            return authenticator.authenticate(message.getString("token")).map(CurrentUser::session);
        } catch (JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** One open socket and the session it authenticated with. */
    private static final class Subscriber extends LiveSocket {
        private volatile Session session;
        private volatile Instant checkedAt = Instant.EPOCH;

        private Subscriber(WsSession socket) {
            super(socket, "board");
        }
    }

    private final class Socket implements WsListener {
        private Subscriber subscriber;

        @Override
        public void onOpen(WsSession socket) {
            subscriber = new Subscriber(socket);
            subscribers.add(subscriber);
            Subscriber opened = subscriber;
            try {
                timer.schedule(() -> {
                    if (opened.session == null) {
                        opened.close(UNAUTHORIZED, "Authenticate first");
                        subscribers.remove(opened);
                    }
                }, AUTH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                opened.close(WsCloseCodes.GOING_AWAY, "Node stopping");
            }
        }

        @Override
        public void onMessage(WsSession socket, String text, boolean last) {
            if (subscriber.session != null) {
                // Browsers send a ping now and then to keep idle proxies from closing the socket.
                return;
            }
            Optional<Session> session = last ? authenticate(text) : Optional.empty();
            if (session.isEmpty()) {
                subscriber.close(UNAUTHORIZED, "Log in again");
                subscribers.remove(subscriber);
                return;
            }
            subscriber.checkedAt = clock.instant();
            subscriber.session = session.get();
            subscriber.send("{\"type\":\"ready\"}");
            Logger.debug("Board socket opened for {}", session.get().username());
        }

        @Override
        public void onClose(WsSession socket, int status, String reason) {
            subscribers.remove(subscriber);
        }

        @Override
        public void onError(WsSession socket, Throwable error) {
            subscribers.remove(subscriber);
            Logger.debug("Board socket failed: {}", error.getMessage());
        }
    }
}
