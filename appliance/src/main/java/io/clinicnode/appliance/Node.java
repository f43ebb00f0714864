package io.clinicnode.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.clinicnode.appliance.agendablock.AgendaBlockService;
import io.clinicnode.appliance.agendablock.AgendaBlocks;
import io.clinicnode.appliance.appointment.AppointmentQueries;
import io.clinicnode.appliance.appointment.AppointmentService;
import io.clinicnode.appliance.appointment.FreeSlots;
import io.clinicnode.appliance.appointmenttype.AppointmentTypeQueries;
import io.clinicnode.appliance.appointmenttype.AppointmentTypeService;
import io.clinicnode.appliance.atrest.DataDirectory;
import io.clinicnode.appliance.backup.LocalAccess;
import io.clinicnode.appliance.backup.NodeLocalService;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.audit.AuditQueries;
import io.clinicnode.appliance.audit.AuditService;
import io.clinicnode.appliance.audit.AuditVerifier;
import io.clinicnode.appliance.board.BoardFeed;
import io.clinicnode.appliance.cluster.ClusterService;
import io.clinicnode.appliance.cluster.ClusterStatus;
import io.clinicnode.appliance.cluster.ConflictQueries;
import io.clinicnode.appliance.cluster.ConflictReporter;
import io.clinicnode.appliance.cluster.DataChecksum;
import io.clinicnode.appliance.config.ClusterSettings;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.appliance.http.CrossNodeAccess;
import io.clinicnode.appliance.http.Drain;
import io.clinicnode.appliance.hotread.HotReads;
import io.clinicnode.appliance.http.HttpsRedirect;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.join.JoinService;
import io.clinicnode.appliance.http.ListenerLimits;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.SecurityHeaders;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.journal.PayloadSealer;
import io.clinicnode.appliance.observe.ListenerHealthCheck;
import io.clinicnode.appliance.observe.NodeHealthChecks;
import io.clinicnode.appliance.observe.NodeMetrics;
import io.clinicnode.appliance.observe.RequestMetrics;
import io.clinicnode.appliance.panel.DisplayTokenService;
import io.clinicnode.appliance.panel.DisplayTokens;
import io.clinicnode.appliance.panel.PanelCalls;
import io.clinicnode.appliance.panel.PanelFeed;
import io.clinicnode.appliance.panel.PanelService;
import io.clinicnode.appliance.patient.PatientQueries;
import io.clinicnode.appliance.patient.PatientService;
import io.clinicnode.appliance.practitioner.PractitionerQueries;
import io.clinicnode.appliance.practitioner.PractitionerService;
import io.clinicnode.appliance.session.Authenticator;
import io.clinicnode.appliance.session.LocalLoginThrottle;
import io.clinicnode.appliance.session.LocalSessionStore;
import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.session.SessionService;
import io.clinicnode.appliance.session.SessionStore;
import io.clinicnode.appliance.session.shared.SharedLoginThrottle;
import io.clinicnode.appliance.session.shared.SharedSessionStore;
import io.clinicnode.appliance.shared.SharedState;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.room.RoomService;
import io.clinicnode.appliance.tls.CaCertificateService;
import io.clinicnode.appliance.tls.TlsHealthCheck;
import io.clinicnode.appliance.tls.WebTls;
import io.clinicnode.appliance.ui.UiBundle;
import io.clinicnode.appliance.ui.UiService;
import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.UserDirectory;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.user.UserService;
import io.clinicnode.appliance.waitingroom.CheckInService;
import io.clinicnode.appliance.waitingroom.CheckInUndo;
import io.clinicnode.appliance.waitingroom.WaitingRoomQueries;
import io.clinicnode.appliance.waitingroom.WaitingRoomService;
import io.clinicnode.appliance.replication.Replication;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.Recovery;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.hazelcast.HazelcastMember;
import io.clinicnode.cluster.join.JoinTokenLedger;

import io.helidon.dbclient.DbClient;
import io.helidon.health.checks.DiskSpaceHealthCheck;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.websocket.WsRouting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.tinylog.Logger;

/**
 * One ClinicNode server: journal, database, write path and web server, wired from a {@link NodeConfig}.
 * {@link #start} returns once the node has replayed its journal, serves requests and, when configured with a
 * cluster directory, has joined its clinic's cluster (or founded it, when nobody answered within the join timeout).
 *
 * <p>Thread-safe.
 */
public final class Node implements AutoCloseable {
    /** File in a new data directory holding the generated first admin password when none was given. */
    public static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    /** The listener of the plain HTTP port when the node serves HTTPS: redirects, the CA download, health probes. */
    private static final String PLAIN_SOCKET = "plain-http";
    /**
     * How long a restarting node that finds itself alone waits for the members it knew (see awaitFormerMembers): a
     * few merge rounds (MERGE3, every 1–3 s) on a busy box.
     */
    private static final Duration FORMER_MEMBERS_WAIT = Duration.ofSeconds(30);

    /** How long without a request a stopping node waits before it stops: longer than a desk's request round trip. */
    private static final Duration DRAIN_QUIET = Duration.ofMillis(750);
    /** The longest a stopping node waits for its desks to move (systemd gives the stop 60 s). */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final Database database;
    private final Journal journal;
    private final WritePath writes;
    private final ChangeWriter changes;
    private final MeterRegistry meters;
    private final WebServer server;
    private final Optional<ClusterChannel> cluster;
    private final String httpUrl;
    private final Closer closer;

    private Node(NodeConfig config, Storage storage, ChangeWriter changes, MeterRegistry meters, WebServer server,
                 Optional<ClusterChannel> cluster, String httpUrl, Closer closer) {
        this.config = config;
        this.identity = storage.identity();
        this.database = storage.database();
        this.journal = storage.journal();
        this.writes = storage.writes();
        this.changes = changes;
        this.meters = meters;
        this.server = server;
        this.cluster = cluster;
        this.httpUrl = httpUrl;
        this.closer = closer;
    }

    /** What a node keeps on disk, opened and replayed: the database, this node's identity in it, the journal and its writer. */
    private record Storage(DataDirectory directory, Database database, NodeIdentity identity, Journal journal, WritePath writes) {
        DbClient db() {
            return database.client();
        }
    }

    /** Who may do what: users, their sessions and the login limits (shared in Hazelcast when clustered). */
    private record Access(UserDirectory users, PasswordHasher hasher, SessionStore sessions, LoginThrottle throttle,
                          Authenticator authenticator, Optional<SharedState> shared) {
    }

    public static Node start(NodeConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts a node with extensions (e.g. the sync agent): their health checks are served with the node's, and each
     * is started once the node serves and has joined its cluster. An extension that fails to start stops the node.
     * A start that fails closes what it had opened, so the data directory can be used again at once.
     */
    public static Node start(NodeConfig config, List<NodeExtension> extensions) {
        // A wrong cluster directory fails before anything is opened, with the credentials' own sentence.
        Optional<ClusterCredentials> credentials = config.cluster().map(settings -> ClusterCredentials.load(settings.directory()));
        Closer closer = new Closer();
        try {
            Node node = open(config, credentials, extensions, closer);
            for (NodeExtension extension : extensions) {
                closer.add(extension.getClass().getSimpleName(), extension);
                extension.start(node);
            }
            return node;
        } catch (RuntimeException | Error e) {
            closer.close();
            throw e;
        }
    }

    /** Opens the node's parts in order, each added to {@code closer} as it opens; returns once it serves and has joined its cluster. */
    private static Node open(NodeConfig config, Optional<ClusterCredentials> credentials, List<NodeExtension> extensions,
                             Closer closer) {
        Clock clock = Clock.systemUTC();
        NodeMetrics metrics = closer.add("metrics", new NodeMetrics());
        MeterRegistry meters = metrics.registry();
        Storage storage = openStorage(config, clock, meters, closer);
        Optional<WebTls> webTls = config.https().map(https -> WebTls.create(https, config, credentials, storage.identity().nodeId()));
        if (webTls.isEmpty()) {
            Logger.warn("Serving without TLS: passwords, session tokens and patient data cross the network in clear."
                    + " Start the node with --https-port (see docs/OPERATIONS.md, \"HTTPS to the desks\").");
        }
        Replication replication = closer.add("replication", new Replication(storage.identity(), storage.writes(),
                storage.journal(), storage.db()));
        // The near cache hears of every commit before the live board, so that no desk reloads a stale agenda on a
        // board message; the services' writes invalidate it too, before they answer.
        HotReads hot = new HotReads();
        storage.writes().addCommitListener(hot);
        ChangeWriter changes = hot.invalidating(replication.writer());

        Access access = openAccess(config, credentials, storage.db(), clock);
        if (credentials.isEmpty()) {
            bootstrapAdmin(config, access.users(), access.hasher(), changes);
        }
        BoardFeed board = closer.add("live board", new BoardFeed(access.authenticator(), access.sessions(), clock));
        storage.writes().addCommitListener(board);
        PanelFeed panel = closer.add("call panel", new PanelFeed(new DisplayTokens(storage.db())));
        storage.writes().addCommitListener(panel);
        ClusterStatus clusterStatus = new ClusterStatus(storage.identity(), new DataChecksum(storage.db()));
        registerGauges(meters, storage, board);

        ListenerLimits listenerLimits = closer.add("listener limits", new ListenerLimits(config.connections()));
        Drain drain = new Drain();
        ListenerHealthCheck listenerHealth = new ListenerHealthCheck(config.host());
        ObserveFeature observe = observe(config, storage, webTls, access.shared(), listenerHealth, extensions);
        Optional<JoinService> join = webTls.isPresent() ? joinService(config, credentials, storage.identity(), clock) : Optional.empty();
        // The address is known once the server listens; the token exists before, so the route can check it.
        LocalAccessHolder localAccess = new LocalAccessHolder();
        WebServer server = serve(config, webTls, listenerLimits, observe,
                routes(config, storage, access, changes, hot, clusterStatus, listenerLimits, drain, webTls, metrics, clock,
                        join, localAccess),
                board, panel);
        closer.onClose("web server", server::stop);
        // Screens get their goodbye before the server stops: an open socket would hold the stop for its whole grace period.
        closer.onClose("live board sockets", board::close);
        closer.onClose("call panel sockets", panel::close);
        listenerHealth.watch(server, webTls.isPresent()
                ? List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET) : List.of(WebServer.DEFAULT_SOCKET_NAME));
        announce(storage.identity(), server);
        String httpUrl = httpUrl(config, webTls.isPresent(), server.port());
        localAccess.set(closer.add("local access", LocalAccess.publish(config.dataDir(), httpUrl,
                webTls.flatMap(WebTls::caPem))));
        Optional<ClusterChannel> cluster = credentials.map(clinic -> enterCluster(config, clinic, storage.identity(), httpUrl,
                clusterStatus, replication, access, changes, closer));
        clusterStatus.attach(cluster, httpUrl);
        // Closed first: the desks move to other members while this node still serves and is still in the cluster.
        cluster.ifPresent(channel -> closer.onClose("desks", () -> moveDesks(channel, board, drain)));
        // Caught up with the cluster: the conflicts found from here on (and any not reported before) go to the journal.
        ConflictReporter conflictReporter = closer.add("conflict reporter",
                new ConflictReporter(new ConflictQueries(storage.db()), changes, storage.identity().nodeId()));
        storage.writes().addCommitListener(conflictReporter);
        conflictReporter.start();
        return new Node(config, storage, changes, meters, server, cluster, httpUrl, closer);
    }

    /** Opens the database and the journal, replays what the database lacks and starts the journal's writer. */
    private static Storage openStorage(NodeConfig config, Clock clock, MeterRegistry meters, Closer closer) {
        DataDirectory dataDir = DataDirectory.open(config.dataDir(), config.dataKey());
        Database database = closer.add("database", Database.open(config.dataDir().resolve("db"), 16,
                dataDir.key().map(DataKey::databaseFilePassword)));
        NodeIdentity identity = identity(database.client(), config);
        Journal journal = closer.add("journal", Journal.open(config.dataDir().resolve("journal"),
                dataDir.key().map(key -> PayloadSealer.aesGcm(key.journalKey()))));
        HybridLogicalClock hlc = new HybridLogicalClock(clock);

        Projection projection = ClinicProjection.create(config.country());

        Recovery.replay(journal, projection, database.client(), hlc);
        WritePath writes = closer.add("journal writer", new WritePath(journal, projection, database.client(), identity, hlc, meters));
        return new Storage(dataDir, database, identity, journal, writes);
    }

    /**
     * Users, sessions and login limits. Clustered nodes share sessions and login limits in Hazelcast (started once the
     * node has joined the cluster); a node that runs alone keeps them in H2 and memory, and never loads Hazelcast.
     */
    private static Access openAccess(NodeConfig config, Optional<ClusterCredentials> credentials, DbClient db, Clock clock) {
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
        UserDirectory users = new UserDirectory(db);
        Optional<SharedState> shared = credentials.map(SharedState::new);
        SessionStore sessions = shared.isPresent()
                ? new SharedSessionStore(shared.get(), db, config.sessionIdleTimeout(), clock)
                : new LocalSessionStore(db, config.sessionIdleTimeout(), clock);
        LoginThrottle throttle = shared.isPresent()
                ? new SharedLoginThrottle(shared.get(), clock)
                : new LocalLoginThrottle(LoginThrottle.MAX_FAILURES, LoginThrottle.WINDOW, clock);
        return new Access(users, hasher, sessions, throttle, new Authenticator(sessions, users), shared);
    }

    private static void registerGauges(MeterRegistry meters, Storage storage, BoardFeed board) {
        Gauge.builder("clinicnode.journal.backlog", storage.writes(), w -> w.backlog())
                .description("Changes waiting for the journal writer")
                .register(meters);
        Gauge.builder("clinicnode.journal.size.bytes", storage.journal(), j -> j.sizeOnDisk())
                .description("Bytes the journal takes on disk")
                .register(meters);
        Gauge.builder("clinicnode.board.subscribers", board, b -> b.subscribers())
                .description("Browser screens receiving live updates over /ws/board")
                .register(meters);
    }

    /** {@code /observe/health} with the node's checks and its extensions'. */
    private static ObserveFeature observe(NodeConfig config, Storage storage, Optional<WebTls> webTls,
                                          Optional<SharedState> shared, ListenerHealthCheck listenerHealth,
                                          List<NodeExtension> extensions) {
        var healthChecks = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addChecks(NodeHealthChecks.create(storage.db(), storage.journal(), storage.writes())
                        .toArray(io.helidon.health.HealthCheck[]::new))
                .addCheck(NodeHealthChecks.dataAtRest(storage.directory()))
                .addCheck(DiskSpaceHealthCheck.builder().path(config.dataDir()).thresholdPercent(98).build())
                .addCheck(new TlsHealthCheck(webTls))
                .addChecks(extensions.stream().flatMap(extension -> extension.healthChecks().stream())
                        .toArray(io.helidon.health.HealthCheck[]::new));
        shared.ifPresent(state -> healthChecks.addCheck(state.healthCheck()));
        healthChecks.addCheck(listenerHealth);
        var observeBuilder = ObserveFeature.builder()
                .addObserver(healthChecks.build());
        // With HTTPS the health probes answer on the plain port too (everything else there is a redirect).
        webTls.ifPresent(tls -> observeBuilder.sockets(List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET)));
        return observeBuilder.build();
    }

    /**
     * Before a clustered node stops, asks its desks to use another member (their live sockets, then a header on every
     * answer) and waits until its requests are done and no new one came for {@link #DRAIN_QUIET}, at most
     * {@link #DRAIN_LIMIT}; the desks see no failed request (G6). A node alone has nowhere to send them.
     */
    private static void moveDesks(ClusterChannel channel, BoardFeed board, Drain drain) throws InterruptedException {
        if (channel.membership().members().size() < 2) {
            return;
        }
        board.moveOn();
        drain.drain(DRAIN_QUIET, DRAIN_LIMIT);
    }

    /** The web app, the API and their filters, served on the default listener. */
    private static Consumer<HttpRouting.Builder> routes(NodeConfig config, Storage storage, Access access, ChangeWriter changes,
                                                        HotReads hot, ClusterStatus clusterStatus, ListenerLimits listenerLimits,
                                                        Drain drain, Optional<WebTls> webTls, NodeMetrics metrics, Clock clock,
                                                        Optional<JoinService> join, LocalAccessHolder localAccess) {
        DbClient db = storage.db();
        Clock clinicClock = clock.withZone(config.timeZone());
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        WaitingRoomQueries waitingRoom = new WaitingRoomQueries(db, clinicClock);
        AppointmentQueries appointments = new AppointmentQueries(db);
        DisplayTokens displayTokens = new DisplayTokens(db);
        UiBundle ui = UiBundle.load(UiBundle.localeFor(config.country()), config.timeZone().getId());
        return routing -> {
            webTls.ifPresent(tls -> routing.register(new CaCertificateService(tls.caPem())));
            routing.addFilter(listenerLimits.connectionCloseFilter())
                    .addFilter(drain)
                    .addFilter(new SecurityHeaders(clusterStatus::memberOrigins))
                    .addFilter(new CrossNodeAccess(clusterStatus::memberOrigins))
                    .addFilter(new RequestMetrics(metrics.registry()))
                    .addFilter(access.authenticator())
                    .register("/api/session", new SessionService(access.sessions(), access.users(), access.hasher(),
                            access.throttle(), bodies))
                    .register("/api/users", new UserService(changes, access.users(), access.hasher(), access.sessions(), bodies))
                    .register("/api/patients", new PatientService(changes, new PatientQueries(db), bodies,
                            config.country(), clinicClock))
                    .register("/api/practitioners", new PractitionerService(changes, new PractitionerQueries(db), bodies, hot,
                            (id, hours) -> appointments.outsideHours(id, hours, LocalDateTime.now(clinicClock))))
                    .register("/api/appointments", new AppointmentService(changes, appointments, bodies, hot,
                            clinicClock, new AppointmentTypeQueries(db), new FreeSlots(db), config.frontDesk(),
                            new CheckInUndo(changes, waitingRoom, clinicClock)))
                    .register("/api/appointment-types", new AppointmentTypeService(changes, new AppointmentTypeQueries(db), bodies))
                    .register("/api/agenda", new AgendaBlockService(changes, new AgendaBlocks(db), appointments::stillBooked, bodies,
                            clinicClock))
                    .register("/api/checkins", new CheckInService(changes, waitingRoom, bodies, clinicClock))
                    .register("/api/rooms", new RoomService(changes, db, bodies))
                    .register("/api/display-tokens", new DisplayTokenService(changes, displayTokens, bodies))
                    .register("/panel", new PanelService(displayTokens, new PanelCalls(db, clinicClock)))
                    .register("/api/waiting-room", new WaitingRoomService(changes, waitingRoom, bodies, clinicClock))
                    .register("/api/audit", new AuditService(new AuditQueries(db), new AuditVerifier(db)))
                    .register("/api/cluster", new ClusterService(clusterStatus, new ConflictQueries(db)))
                    .register("/observe/metrics", metrics)
                    .register("/node", new NodeLocalService(localAccess, storage.database(), storage.journal(),
                            storage.identity(), storage.directory().key(), storage.writes(), clock))
                    .get("/openapi", Node::openApi)
                    .get("/openapi.yaml", Node::openApi)
                    .register(new UiService(ui));
            join.ifPresent(service -> routing.register(Authenticator.JOIN_PATH, service));
            ProblemHandlers.register(routing);
        };
    }

    /**
     * The join endpoint, on the node that can sign members (the clinic CA's key in its cluster directory) and keeps a
     * join-token ledger ({@code clinicnode init} sets both up); every other node has none.
     */
    private static Optional<JoinService> joinService(NodeConfig config, Optional<ClusterCredentials> credentials,
                                                     NodeIdentity identity, Clock clock) {
        Optional<ClusterSettings> settings = config.cluster();
        if (credentials.isEmpty() || !credentials.get().canIssue() || settings.isEmpty() || settings.get().joinTokens().isEmpty()) {
            return Optional.empty();
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        peers.add(new InetSocketAddress(settings.get().bindAddress(), settings.get().port()));
        peers.addAll(settings.get().peers());
        JoinService.ClinicSettings clinic = new JoinService.ClinicSettings(identity.clinicId(), config.country(),
                config.timeZone().getId(), config.dataKey(), peers);
        Logger.info("Serving {} for new members (join tokens in {})", Authenticator.JOIN_PATH, settings.get().joinTokens().get());
        return Optional.of(new JoinService(credentials.get(), new JoinTokenLedger(settings.get().joinTokens().get()), clinic,
                new JsonBodies(config.maxBodyBytes()), clock));
    }

    /**
     * Builds and starts the web server: the app on the default listener (HTTPS when configured, else plain HTTP), and
     * with HTTPS a plain listener that redirects to it and serves the CA.
     */
    private static WebServer serve(NodeConfig config, Optional<WebTls> webTls, ListenerLimits listenerLimits,
                                   ObserveFeature observe, Consumer<HttpRouting.Builder> routes, BoardFeed board,
                                   PanelFeed panel) {
        // Known before start unless a free port was asked for (tests): then it is set right after the start.
        AtomicInteger httpsPort = new AtomicInteger(webTls.map(WebTls::port).orElse(0));
        WebServerConfig.Builder web = listenerLimits.apply(WebServer.builder())
                .host(config.host())
                .port(webTls.map(WebTls::port).orElse(config.httpPort()))
                .maxPayloadSize(config.maxBodyBytes() * 4L)
                .addFeature(observe);
        webTls.ifPresent(tls -> web.tls(tls.tls())
                .putSocket(PLAIN_SOCKET, plain -> listenerLimits.apply(plain.host(config.host()).port(config.httpPort())))
                .routing(PLAIN_SOCKET, plain -> plain.addFilter(listenerLimits.connectionCloseFilter())
                        .addFilter(new SecurityHeaders(Set::of))
                        .addFilter(new HttpsRedirect(httpsPort::get, CaCertificateService.PATH))
                        .register(new CaCertificateService(tls.caPem()))));
        WebServer server = web
                .routing(routes)
                .addRouting(WsRouting.builder().endpoint("/ws/board", board::newSocket)
                        .endpoint("/ws/panel", panel::newSocket))
                .build()
                .start();
        // Helidon logs a listener that cannot bind (a port in use) and returns a stopped server instead of failing.
        if (!server.isRunning()) {
            throw new ApplianceException("The node cannot listen on " + config.host() + " port "
                    + webTls.map(tls -> tls.port() + " (HTTPS) or " + config.httpPort() + " (plain HTTP)")
                            .orElse(Integer.toString(config.httpPort()))
                    + ": the web server did not start (see the log line above; usually another process uses the port)."
                    + " Stop that process or choose another port.");
        }
        httpsPort.set(server.port());
        return server;
    }

    private static void announce(NodeIdentity identity, WebServer server) {
        if (server.hasTls()) {
            Logger.info("Node {} of clinic {} serving HTTPS on port {} (plain HTTP on port {} redirects to it)",
                    identity.nodeId(), identity.clinicId(), server.port(), server.port(PLAIN_SOCKET));
        } else {
            Logger.info("Node {} of clinic {} serving on port {}", identity.nodeId(), identity.clinicId(), server.port());
        }
    }

    /**
     * Joins the cluster and its shared state, then waits until this node holds what the others hold; on a new cluster,
     * creates the first admin once (whichever node comes first).
     */
    private static ClusterChannel enterCluster(NodeConfig config, ClusterCredentials credentials, NodeIdentity identity,
                                               String httpUrl, ClusterStatus clusterStatus, Replication replication,
                                               Access access, ChangeWriter changes, Closer closer) {
        ClusterSettings settings = config.cluster().orElseThrow();
        ClusterChannel channel = closer.add("cluster channel",
                joinCluster(settings, credentials, identity, httpUrl, clusterStatus, replication));
        replication.attach(channel);
        // Hazelcast joins in the background, while this node catches up.
        SharedState shared = closer.add("shared state", access.shared().orElseThrow());
        shared.start(channel, settings.bindAddress());
        awaitFormerMembers(replication, channel);
        awaitCaughtUp(replication, channel);
        bootstrapAdmin(config, access.users(), access.hasher(), changes);
        return channel;
    }

    /**
     * Joins the clinic's cluster with this data directory's node id, advertising this node's HTTP address and clinic
     * in its cluster address. A member of the same cluster that serves another clinic id means a misconfigured node:
     * this one leaves again and fails to start.
     */
    private static ClusterChannel joinCluster(ClusterSettings settings, ClusterCredentials credentials, NodeIdentity identity,
                                              String httpUrl, ClusterStatus status, Replication replication) {
        ClusterChannel.Builder builder = ClusterChannel.builder(identity.nodeId(), credentials)
                .bindAddress(settings.bindAddress())
                .port(settings.port())
                .attribute(ClusterStatus.HTTP_URL_ATTRIBUTE, httpUrl)
                .attribute(ClusterStatus.CLINIC_ATTRIBUTE, identity.clinicId())
                .attribute(Replication.VERSION_ATTRIBUTE, Replication.VERSION_ATTRIBUTE_VALUE)
                .attribute(HazelcastMember.ADDRESS_ATTRIBUTE,
                        HazelcastMember.advertisedAddress(settings.bindAddress(), HazelcastMember.portFor(settings.port())))
                .onMessage(replication::onMessage)
                .onRequest((sender, request) -> Replication.handles(request)
                        ? replication.answer(sender, request)
                        : status.answer(sender, request));
        if (!settings.peers().isEmpty()) {
            builder.peers(settings.peers());
        }
        ClusterChannel channel = builder.connect();
        for (String member : channel.membership().members()) {
            Optional<String> clinic = channel.attribute(member, ClusterStatus.CLINIC_ATTRIBUTE);
            if (clinic.isPresent() && !clinic.get().equals(identity.clinicId())) {
                channel.close();
                throw new ApplianceException("This node serves clinic '" + identity.clinicId() + "' but cluster member "
                        + member + " serves clinic '" + clinic.get() + "' with the same cluster credentials ("
                        + settings.directory() + "). Start every node of one clinic with the same --clinic-id.");
            }
        }
        Logger.info("Node {} joined the cluster at {}:{}: members {}, leader {}", identity.nodeId(),
                settings.bindAddress().getHostAddress(), settings.port(), channel.membership().members(),
                channel.membership().leader());
        return channel;
    }

    /**
     * A node that finds itself alone but holds other members' events was in a cluster before: far more likely it
     * missed the others (its discovery timed out on a slow start) than it is the last one left. Serving at once would
     * show the desks what it held when it stopped (patients registered since missing) until a merge. So it waits a
     * while for them to merge with it; if nobody comes (the others are really off) it serves alone, and catches up
     * when they return.
     */
    private static void awaitFormerMembers(Replication replication, ClusterChannel channel) {
        if (channel.membership().members().size() > 1 || !replication.holdsOtherMembersEvents()) {
            return;
        }
        Logger.info("Alone in the cluster but holding other members' events: waiting up to {} s for them before serving",
                FORMER_MEMBERS_WAIT.toSeconds());
        long deadline = System.nanoTime() + FORMER_MEMBERS_WAIT.toNanos();
        try {
            while (channel.membership().members().size() == 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplianceException("Interrupted while waiting for the other members of the cluster", e);
        }
        if (channel.membership().members().size() == 1) {
            Logger.warn("No other member of the clinic answered within {} s; serving alone with what this node holds"
                    + " (it catches up when they come back)", FORMER_MEMBERS_WAIT.toSeconds());
        } else {
            replication.requestCatchUp(); // the catch-up awaited next is one that knows the merged view
        }
    }

    /**
     * Waits until this node holds what the other members hold (it serves nothing before: a desk must not read
     * yesterday's agenda from a node that was off). Big gaps take a while; progress goes to the log.
     */
    private static void awaitCaughtUp(Replication replication, ClusterChannel channel) {
        long started = System.nanoTime();
        try {
            while (!replication.awaitCaughtUp(java.time.Duration.ofSeconds(10))) {
                Logger.info("Still catching up with the cluster ({} events fetched so far)", replication.eventsFetched());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplianceException("Interrupted while catching up with the cluster", e);
        }
        Logger.info("Caught up with members {} in {} ms ({} events fetched)", channel.membership().members(),
                (System.nanoTime() - started) / 1_000_000, replication.eventsFetched());
    }

    /**
     * The address browsers and other nodes reach this node's web server at ({@code https://} when it serves HTTPS): the
     * configured host, or when it listens on all interfaces, the cluster bind address (the LAN address the others know
     * this node by), else 127.0.0.1.
     */
    private static String httpUrl(NodeConfig config, boolean https, int port) {
        String host = config.host();
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = config.cluster().map(settings -> settings.bindAddress().getHostAddress()).orElse("127.0.0.1");
        }
        return (https ? "https://" : "http://") + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void openApi(io.helidon.webserver.http.ServerRequest request, io.helidon.webserver.http.ServerResponse response) {
        try (InputStream in = Node.class.getResourceAsStream("/openapi.yaml")) {
            response.header(HeaderValues.create("Content-Type", "application/yaml")).send(in.readAllBytes());
        } catch (IOException e) {
            throw new ApplianceException("The OpenAPI document is missing from the node's build", e);
        }
    }

    /** The local access token, published once the server listens (requests before find none and are refused). */
    private static final class LocalAccessHolder implements java.util.function.Supplier<Optional<LocalAccess>> {
        private volatile LocalAccess access;

        void set(LocalAccess access) {
            this.access = access;
        }

        @Override
        public Optional<LocalAccess> get() {
            return Optional.ofNullable(access);
        }
    }

    /** Reads this data directory's node id and clinic, creating them the first time. */
    private static NodeIdentity identity(DbClient db, NodeConfig config) {
        String clinic = meta(db, "clinic_id");
        String nodeId = meta(db, "node_id");
        if (nodeId == null) {
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            nodeId = "node-" + HexFormat.of().formatHex(random);
            clinic = config.clinicId();
            db.execute().dml("INSERT INTO node_meta (meta_name, meta_value) VALUES ('node_id', ?), ('clinic_id', ?)", nodeId, clinic);
        } else if (!clinic.equals(config.clinicId()) && !"clinic".equals(config.clinicId())) {
            throw new ApplianceException("The data directory " + config.dataDir() + " belongs to clinic '" + clinic
                    + "', not '" + config.clinicId() + "'. Use that clinic id or another data directory.");
        }
        return new NodeIdentity(clinic, nodeId);
    }

    private static String meta(DbClient db, String name) {
        return db.execute().get("SELECT meta_value FROM node_meta WHERE meta_name = ?", name)
                .map(row -> row.column("meta_value").get(String.class))
                .orElse(null);
    }

    /** On a new data directory, creates the {@code admin} user with the configured or a generated password. */
    private static void bootstrapAdmin(NodeConfig config, UserDirectory users, PasswordHasher hasher, ChangeWriter writes) {
        if (!users.isEmpty()) {
            return;
        }
        String password = config.adminPassword().orElseGet(() -> generatedPassword(config.dataDir()));
        try {
            writes.write(new Change(UserEvents.CREATED, "admin", "system", UserEvents.createdPayload("admin", "Administrator",
                    hasher.hash(password.toCharArray()), EnumSet.of(Role.ADMIN, Role.FRONT_DESK), "pt-BR")));
            Logger.info("Created the first user 'admin'");
        } catch (RejectedChange e) {
            // Another node of a new cluster created it first; this node has it through replication.
            Logger.info("The first user 'admin' already exists in the cluster");
        }
    }

    private static String generatedPassword(Path dataDir) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = dataDir.resolve(INITIAL_PASSWORD_FILE);
        try {
            Files.writeString(file, password + System.lineSeparator());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ApplianceException("Cannot write the initial admin password to " + file + ": " + e.getMessage(), e);
        }
        Logger.warn("No CLINICNODE_ADMIN_PASSWORD was set: the first admin password is in {}", file);
        return password;
    }

    /** The port the web app and API are served on: the HTTPS port when the node serves HTTPS. */
    public int port() {
        return server.port();
    }

    /** The plain HTTP port: the same as {@link #port()} without HTTPS, else the port that redirects to HTTPS. */
    public int httpPort() {
        return server.hasTls() ? server.port(PLAIN_SOCKET) : server.port();
    }

    /** The address others reach this node's web server at, e.g. {@code https://192.168.1.20:8443}. */
    public String httpUrl() {
        return httpUrl;
    }

    /** This node's cluster channel; empty when it runs alone. */
    public Optional<ClusterChannel> cluster() {
        return cluster;
    }

    public NodeIdentity identity() {
        return identity;
    }

    public NodeConfig config() {
        return config;
    }

    /** This node's own journal writer (bulk loads on a node that runs alone; services use {@link #changes()}). */
    public WritePath writes() {
        return writes;
    }

    /** Where changes go: written here, or forwarded to the cluster's leader. */
    public ChangeWriter changes() {
        return changes;
    }

    public DbClient db() {
        return database.client();
    }

    /** This node's meters, served at {@code /observe/metrics}: extensions add theirs here. */
    public MeterRegistry meters() {
        return meters;
    }

    /** The journal, for readers downstream of the write path (the sync agent); appending is the write path's. */
    public Journal journal() {
        return journal;
    }

    /**
     * Stops the extensions, leaves the shared state and the cluster, stops serving, writes what is queued, and closes
     * the journal and database: what the start opened, in reverse order.
     */
    @Override
    public void close() {
        closer.close();
    }
}
