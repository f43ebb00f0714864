package io.clinicnode.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.appointment.AppointmentQueries;
import io.clinicnode.appliance.appointment.AppointmentService;
import io.clinicnode.appliance.atrest.DataDirectory;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.audit.AuditQueries;
import io.clinicnode.appliance.audit.AuditService;
import io.clinicnode.appliance.audit.AuditVerifier;
import io.clinicnode.appliance.board.BoardFeed;
import io.clinicnode.appliance.cluster.ClusterService;
import io.clinicnode.appliance.cluster.ClusterStatus;
import io.clinicnode.appliance.cluster.ConflictQueries;
import io.clinicnode.appliance.cluster.ConflictReporter;
import io.clinicnode.appliance.cluster.ConflictReports;
import io.clinicnode.appliance.cluster.DataChecksum;
import io.clinicnode.appliance.config.ClusterSettings;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.appliance.http.CrossNodeAccess;
import io.clinicnode.appliance.hotread.HotReads;
import io.clinicnode.appliance.http.HttpsRedirect;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.ListenerLimits;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.SecurityHeaders;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.journal.PayloadSealer;
import io.clinicnode.appliance.observe.ListenerHealthCheck;
import io.clinicnode.appliance.observe.NodeHealthChecks;
import io.clinicnode.appliance.observe.RequestMetrics;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.patient.PatientQueries;
import io.clinicnode.appliance.patient.PatientService;
import io.clinicnode.appliance.practitioner.PractitionerEvents;
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
import io.clinicnode.appliance.waitingroom.WaitingRoomEvents;
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

import io.helidon.dbclient.DbClient;
import io.helidon.health.checks.DiskSpaceHealthCheck;
import io.helidon.http.HeaderValues;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsRouting;

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

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final Database database;
    private final Journal journal;
    private final WritePath writes;
    private final ChangeWriter changes;
    private final Replication replication;
    private final BoardFeed board;
    private final WebServer server;
    private final ListenerLimits listenerLimits;
    private final Optional<ClusterChannel> cluster;
    private final Optional<SharedState> shared;
    private final String httpUrl;
    private final List<NodeExtension> extensions;
    private final ConflictReporter conflictReporter;

    private Node(NodeConfig config, NodeIdentity identity, Database database, Journal journal, WritePath writes,
                 ChangeWriter changes, Replication replication, BoardFeed board, WebServer server,
                 ListenerLimits listenerLimits, Optional<ClusterChannel> cluster, Optional<SharedState> shared, String httpUrl,
                 List<NodeExtension> extensions, ConflictReporter conflictReporter) {
        this.config = config;
        this.identity = identity;
        this.database = database;
        this.journal = journal;
        this.writes = writes;
        this.changes = changes;
        this.replication = replication;
        this.board = board;
        this.server = server;
        this.listenerLimits = listenerLimits;
        this.cluster = cluster;
        this.shared = shared;
        this.httpUrl = httpUrl;
        this.extensions = extensions;
        this.conflictReporter = conflictReporter;
    }

    public static Node start(NodeConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts a node with extensions (e.g. the sync agent): their health checks are served with the node's, and each
     * is started once the node serves and has joined its cluster. An extension that fails to start stops the node.
     */
    public static Node start(NodeConfig config, List<NodeExtension> extensions) {
        // A wrong cluster directory fails before anything is opened, with the credentials' own sentence.
        Optional<ClusterCredentials> credentials = config.cluster().map(settings -> ClusterCredentials.load(settings.directory()));
        Clock clock = Clock.systemUTC();
        Clock clinicClock = clock.withZone(config.timeZone());
        MeterRegistry meters = Metrics.globalRegistry();
        DataDirectory dataDir = DataDirectory.open(config.dataDir(), config.dataKey());
        Database database = Database.open(config.dataDir().resolve("db"), 16,
                dataDir.key().map(DataKey::databaseFilePassword));
        DbClient db = database.client();
        NodeIdentity identity = identity(db, config);
        Optional<WebTls> webTls;
        try {
            webTls = config.https().map(https -> WebTls.create(https, config, credentials, identity.nodeId()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        if (webTls.isEmpty()) {
            Logger.warn("Serving without TLS: passwords, session tokens and patient data cross the network in clear."
                    + " Start the node with --https-port (see docs/OPERATIONS.md, \"HTTPS to the desks\").");
        }
        Journal journal = Journal.open(config.dataDir().resolve("journal"),
                dataDir.key().map(key -> PayloadSealer.aesGcm(key.journalKey())));
        HybridLogicalClock hlc = new HybridLogicalClock(clock);

        Projection projection = new Projection();
        UserEvents.register(projection);
        new PatientEvents(config.country()).register(projection);
        PractitionerEvents.register(projection);
        AppointmentEvents.register(projection);
        WaitingRoomEvents.register(projection);
        ConflictReports.register(projection);

        Recovery.replay(journal, projection, db, hlc);
        WritePath writes = new WritePath(journal, projection, db, identity, hlc, meters);
        Replication replication = new Replication(identity, writes, journal, db);
        // The near cache hears of every commit before the live board, so that no desk reloads a stale agenda on a
        // board message; the services' writes invalidate it too, before they answer.
        HotReads hot = new HotReads();
        writes.addCommitListener(hot);
        ChangeWriter changes = hot.invalidating(replication.writer());

        PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
        UserDirectory users = new UserDirectory(db);
        if (credentials.isEmpty()) {
            bootstrapAdmin(config, users, hasher, changes);
        }

        // Clustered nodes share sessions and login limits in Hazelcast (started once the node has joined the cluster);
        // a node that runs alone keeps them in H2 and memory, and never loads Hazelcast.
        Optional<SharedState> shared = credentials.map(SharedState::new);
        SessionStore sessions = shared.isPresent()
                ? new SharedSessionStore(shared.get(), db, config.sessionIdleTimeout(), clock)
                : new LocalSessionStore(db, config.sessionIdleTimeout(), clock);
        LoginThrottle throttle = shared.isPresent()
                ? new SharedLoginThrottle(shared.get(), clock)
                : new LocalLoginThrottle(LoginThrottle.MAX_FAILURES, LoginThrottle.WINDOW, clock);
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        WaitingRoomQueries waitingRoom = new WaitingRoomQueries(db, clock);
        Authenticator authenticator = new Authenticator(sessions, users);
        BoardFeed board = new BoardFeed(authenticator, sessions, clock);
        writes.addCommitListener(board);
        UiBundle ui = UiBundle.load(UiBundle.localeFor(config.country()), config.timeZone().getId());
        ClusterStatus clusterStatus = new ClusterStatus(identity, new DataChecksum(db));
        ConflictQueries conflicts = new ConflictQueries(db);

        meters.getOrCreate(Gauge.builder("clinicnode.journal.backlog", writes, w -> w.backlog())
                .description("Changes waiting for the journal writer"));
        meters.getOrCreate(Gauge.builder("clinicnode.journal.size.bytes", journal, j -> j.sizeOnDisk())
                .description("Bytes the journal takes on disk"));
        meters.getOrCreate(Gauge.builder("clinicnode.board.subscribers", board, b -> b.subscribers())
                .description("Browser screens receiving live updates over /ws/board"));

        var healthChecks = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addChecks(NodeHealthChecks.create(db, journal, writes).toArray(io.helidon.health.HealthCheck[]::new))
                .addCheck(NodeHealthChecks.dataAtRest(dataDir))
                .addCheck(DiskSpaceHealthCheck.builder().path(config.dataDir()).thresholdPercent(98).build())
                .addCheck(new TlsHealthCheck(webTls))
                .addChecks(extensions.stream().flatMap(extension -> extension.healthChecks().stream())
                        .toArray(io.helidon.health.HealthCheck[]::new));
        shared.ifPresent(state -> healthChecks.addCheck(state.healthCheck()));
        ListenerHealthCheck listenerHealth = new ListenerHealthCheck(config.host());
        healthChecks.addCheck(listenerHealth);
        ListenerLimits listenerLimits = new ListenerLimits(config.connections());
        HealthObserver health = healthChecks.build();
        var observeBuilder = ObserveFeature.builder()
                .addObserver(health)
                .addObserver(MetricsObserver.create());
        // With HTTPS the health probes answer on the plain port too (everything else there is a redirect).
        webTls.ifPresent(tls -> observeBuilder.sockets(List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET)));
        ObserveFeature observe = observeBuilder.build();

        // The app is served on the default listener: HTTPS when configured, else plain HTTP as before.
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
                .routing(routing -> {
                    webTls.ifPresent(tls -> routing.register(new CaCertificateService(tls.caPem())));
                    routing.addFilter(listenerLimits.connectionCloseFilter())
                            .addFilter(new SecurityHeaders(clusterStatus::memberOrigins))
                            .addFilter(new CrossNodeAccess(clusterStatus::memberOrigins))
                            .addFilter(new RequestMetrics(meters))
                            .addFilter(authenticator)
                            .register("/api/session", new SessionService(sessions, users, hasher, throttle, bodies))
                            .register("/api/users", new UserService(changes, users, hasher, sessions, bodies))
                            .register("/api/patients", new PatientService(changes, new PatientQueries(db), bodies,
                                    config.country(), clinicClock))
                            .register("/api/practitioners", new PractitionerService(changes, new PractitionerQueries(db), bodies, hot))
                            .register("/api/appointments", new AppointmentService(changes, new AppointmentQueries(db), bodies, hot,
                                    clinicClock))
                            .register("/api/checkins", new CheckInService(changes, waitingRoom, bodies))
                            .register("/api/waiting-room", new WaitingRoomService(changes, waitingRoom, bodies, clinicClock))
                            .register("/api/audit", new AuditService(new AuditQueries(db), new AuditVerifier(db)))
                            .register("/api/cluster", new ClusterService(clusterStatus, conflicts))
                            .get("/openapi", Node::openApi)
                            .get("/openapi.yaml", Node::openApi)
                            .register(new UiService(ui));
                    ProblemHandlers.register(routing);
                })
                .addRouting(WsRouting.builder().endpoint("/ws/board", board::newSocket))
                .build()
                .start();
        listenerHealth.watch(server, webTls.isPresent()
                ? List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET) : List.of(WebServer.DEFAULT_SOCKET_NAME));
        httpsPort.set(server.port());
        if (webTls.isPresent()) {
            Logger.info("Node {} of clinic {} serving HTTPS on port {} (plain HTTP on port {} redirects to it)",
                    identity.nodeId(), identity.clinicId(), server.port(), server.port(PLAIN_SOCKET));
        } else {
            Logger.info("Node {} of clinic {} serving on port {}", identity.nodeId(), identity.clinicId(), server.port());
        }
        String httpUrl = httpUrl(config, webTls.isPresent(), server.port());
        Optional<ClusterChannel> cluster = Optional.empty();
        try {
            cluster = credentials.map(clinic -> joinCluster(config.cluster().orElseThrow(), clinic, identity, httpUrl,
                    clusterStatus, replication));
            cluster.ifPresent(channel -> {
                replication.attach(channel);
                // Hazelcast joins in the background, while this node catches up.
                shared.orElseThrow().start(channel, config.cluster().orElseThrow().bindAddress());
                awaitCaughtUp(replication, channel);
                bootstrapAdmin(config, users, hasher, changes);
            });
        } catch (RuntimeException e) {
            shared.ifPresent(SharedState::close);
            cluster.ifPresent(ClusterChannel::close);
            replication.close();
            board.close();
            server.stop();
            listenerLimits.close();
            writes.close();
            journal.close();
            database.close();
            throw e;
        }
        clusterStatus.attach(cluster, httpUrl);
        // Caught up with the cluster: the conflicts found from here on (and any not reported before) go to the journal.
        ConflictReporter conflictReporter = new ConflictReporter(conflicts, changes, identity.nodeId());
        writes.addCommitListener(conflictReporter);
        conflictReporter.start();
        Node node = new Node(config, identity, database, journal, writes, changes, replication, board, server, listenerLimits,
                cluster, shared, httpUrl, List.copyOf(extensions), conflictReporter);
        try {
            extensions.forEach(extension -> extension.start(node));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
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

    /** The journal, for readers downstream of the write path (the sync agent); appending is the write path's. */
    public Journal journal() {
        return journal;
    }

    /** Leaves the shared state and the cluster, stops serving, writes what is queued, and closes the journal and database. */
    @Override
    public void close() {
        for (NodeExtension extension : extensions) {
            try {
                extension.close();
            } catch (RuntimeException e) {
                Logger.warn(e, "Stopping {} failed; stopping the node all the same", extension);
            }
        }
        conflictReporter.close();
        shared.ifPresent(SharedState::close);
        cluster.ifPresent(ClusterChannel::close);
        replication.close();
        board.close();
        server.stop();
        listenerLimits.close();
        writes.close();
        journal.close();
        database.close();
    }
}
