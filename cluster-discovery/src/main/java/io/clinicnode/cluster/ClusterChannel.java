package io.clinicnode.cluster;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.NameCache;

/**
 * This node's membership in the clinic's cluster: a JGroups channel over mutually authenticated TLS (the clinic
 * CA only), discovering the other members by multicast or from a static list. The JGroups view is the single
 * source of membership; it is published as {@link Membership} (node ids, oldest first) and its coordinator is
 * the leader for cluster-wide singletons.
 *
 * <p>A node with another clinic's credentials does not get an error from {@link Builder#connect()}: it ends up
 * alone. Callers that expect company say so with {@link #awaitMembers} or {@link #awaitMemberCount}.
 *
 * <p>Besides one-way {@link #send messages}, a member can {@link #askAll ask} every other member a question and
 * collect the answers with a deadline; each member answers with its {@link RequestHandler} on a virtual thread, so
 * a slow answer never holds up JGroups' delivery. Small attributes given at {@link Builder#attribute build time}
 * (the member's HTTP address, its clinic id) travel inside its JGroups address and are known to every member with
 * the view, without asking.
 *
 * <p>Thread-safe. Listeners are called in view order on one dispatch thread of this channel.
 */
public final class ClusterChannel implements AutoCloseable {
    /** Default cluster port; FD_SOCK2 uses this + 100..103. */
    public static final int DEFAULT_PORT = 7800;
    public static final int DEFAULT_MULTICAST_PORT = 45700;
    private static final String NODE_ID_KEY = "node-id";
    /** First byte of every message: what follows. */
    private static final byte KIND_MESSAGE = 0;
    private static final byte KIND_REQUEST = 1;
    private static final byte KIND_REPLY = 2;
    private static final System.Logger LOG = System.getLogger(ClusterChannel.class.getName());

    private final String nodeId;
    private final JChannel channel;
    private final int port;
    private final Object viewLock = new Object();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher;
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private final MessageHandler messageHandler;
    private final RequestHandler requestHandler;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, Map<String, CompletableFuture<byte[]>>> pending = new ConcurrentHashMap<>();
    private volatile Membership membership;
    private volatile Map<String, Address> addresses = Map.of();

    private ClusterChannel(String nodeId, JChannel channel, int port, MessageHandler messageHandler,
            RequestHandler requestHandler) {
        this.nodeId = nodeId;
        this.channel = channel;
        this.port = port;
        this.messageHandler = messageHandler;
        this.requestHandler = requestHandler;
        this.membership = Membership.standalone(nodeId);
        this.dispatcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-view-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts describing a member; {@code nodeId} names it in every {@link Membership}. */
    public static Builder builder(String nodeId, ClusterCredentials credentials) {
        return new Builder(nodeId, credentials);
    }

    public String nodeId() {
        return nodeId;
    }

    /** The cluster port this member listens on (TLS). */
    public int port() {
        return port;
    }

    /** The current view: members oldest first, the oldest leads. */
    public Membership membership() {
        return membership;
    }

    public boolean isLeader() {
        return membership.isLeader();
    }

    /** Adds a listener; it is first told the current view, then every later one. */
    public void addListener(MembershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        Membership current = membership;
        dispatcher.execute(() -> notifyOne(listener, current));
    }

    public void removeListener(MembershipListener listener) {
        listeners.remove(listener);
    }

    /**
     * Waits until every given node is in the view. The failure names the members seen, so that a node with
     * the wrong credentials (alone) or a blocked port is obvious.
     */
    public Membership awaitMembers(Collection<String> nodeIds, Duration timeout) {
        List<String> expected = List.copyOf(nodeIds);
        return await(view -> view.members().containsAll(expected), "members " + expected, timeout);
    }

    /** Waits until the view has exactly {@code count} members. */
    public Membership awaitMemberCount(int count, Duration timeout) {
        return await(view -> view.members().size() == count, count + " members", timeout);
    }

    /** Sends the payload to every other member (FIFO per sender, reliable while they stay in the view). */
    public void send(byte[] payload) {
        sendFramed(null, KIND_MESSAGE, 0, payload);
    }

    /**
     * An attribute the member {@code memberId} of the current view gave at build time ({@link Builder#attribute});
     * empty when the member is not in the view or did not give it.
     */
    public Optional<String> attribute(String memberId, String key) {
        Address address = addresses.get(memberId);
        if (address instanceof ExtendedUUID extended) {
            byte[] value = extended.get(key);
            if (value != null) {
                return Optional.of(new String(value, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * Asks every other member of the current view the same question and waits at most {@code timeout} for all
     * answers together. Each member's {@link RequestHandler} answers; a member that does not answer in time (or has
     * no handler, or left) maps to an empty answer.
     *
     * @return every other member of the view when asked, in view order (oldest first), with its answer if any
     */
    public Map<String, Optional<byte[]>> askAll(byte[] request, Duration timeout) {
        Map<String, Address> targets = new LinkedHashMap<>(addresses);
        targets.remove(nodeId);
        if (targets.isEmpty()) {
            return Map.of();
        }
        long id = requestIds.incrementAndGet();
        Map<String, CompletableFuture<byte[]>> answers = new LinkedHashMap<>();
        targets.keySet().forEach(member -> answers.put(member, new CompletableFuture<>()));
        pending.put(id, Map.copyOf(answers));
        try {
            targets.forEach((member, address) -> {
                try {
                    sendFramed(address, KIND_REQUEST, id, request);
                } catch (ClusterException e) {
                    LOG.log(Level.DEBUG, "Could not ask {0}: {1}", member, e.getMessage());
                    answers.get(member).complete(null);
                }
            });
            try {
                CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new))
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Whoever has not answered by now is listed without an answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<String, Optional<byte[]>> result = new LinkedHashMap<>();
            answers.forEach((member, answer) -> result.put(member, answer.isCompletedExceptionally()
                    ? Optional.empty() : Optional.ofNullable(answer.getNow(null))));
            return result;
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Asks one member a question. The answer arrives on the returned future, which fails with a {@link ClusterException}
     * when the member is not in the view, leaves it before answering, or does not answer within {@code timeout}.
     */
    public CompletableFuture<byte[]> ask(String memberId, byte[] request, Duration timeout) {
        Address address = addresses.get(memberId);
        if (address == null || memberId.equals(nodeId)) {
            return CompletableFuture.failedFuture(new ClusterException(memberId + " is not another member of the current view "
                    + membership.members() + "."));
        }
        long id = requestIds.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pending.put(id, Map.of(memberId, answer));
        answer.whenComplete((reply, failure) -> pending.remove(id));
        try {
            sendFramed(address, KIND_REQUEST, id, request);
        } catch (ClusterException e) {
            answer.completeExceptionally(e);
        }
        CompletableFuture<byte[]> bounded = answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return bounded.exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
                ? new ClusterException(memberId + " did not answer within " + timeout.toMillis() + " ms.", failure)
                : failure));
    }

    private void sendFramed(Address destination, byte kind, long requestId, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(1 + (kind == KIND_MESSAGE ? 0 : Long.BYTES) + payload.length);
        frame.put(kind);
        if (kind != KIND_MESSAGE) {
            frame.putLong(requestId);
        }
        frame.put(payload);
        try {
            channel.send(new BytesMessage(destination, frame.array()));
        } catch (Exception e) {
            throw new ClusterException("Could not send a cluster message from " + nodeId + ": " + e.getMessage(), e);
        }
    }

    private void received(Message message) {
        ByteBuffer frame = ByteBuffer.wrap(message.getArray(), message.getOffset(), message.getLength());
        String sender = nodeIdOf(message.getSrc());
        byte kind = frame.get();
        if (kind == KIND_MESSAGE) {
            messageHandler.onMessage(sender, remaining(frame));
            return;
        }
        long id = frame.getLong();
        byte[] payload = remaining(frame);
        if (kind == KIND_REQUEST) {
            Address replyTo = message.getSrc();
            answering.execute(() -> answer(sender, replyTo, id, payload));
        } else if (kind == KIND_REPLY) {
            Map<String, CompletableFuture<byte[]>> answers = pending.get(id);
            CompletableFuture<byte[]> answer = answers == null ? null : answers.get(sender);
            if (answer != null) {
                answer.complete(payload);
            }
        } else {
            LOG.log(Level.WARNING, "Ignored a cluster message of unknown kind {0} from {1}", kind, sender);
        }
    }

    private void answer(String sender, Address replyTo, long id, byte[] request) {
        try {
            byte[] reply = requestHandler.answer(sender, request);
            if (reply != null) {
                sendFramed(replyTo, KIND_REPLY, id, reply);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not answer a request from " + sender, e);
        }
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Leaves the cluster (the others see a new view at once) and stops the channel. Idempotent. */
    @Override
    public void close() {
        channel.close();
        answering.shutdownNow();
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Membership await(java.util.function.Predicate<Membership> reached, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (viewLock) {
            while (!reached.test(membership)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterException("Waited " + timeout.toMillis() + " ms for " + what + " but " + nodeId
                            + " sees " + membership.members() + ". A node whose cluster directory comes from another"
                            + " cluster-init ends up alone; otherwise check --peers and that ports " + port + " and "
                            + (port + ClusterStack.FD_SOCK_OFFSET) + " are open between the nodes.");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(viewLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterException("Interrupted while waiting for " + what + ".", e);
                }
            }
            return membership;
        }
    }

    private void viewAccepted(View view) {
        List<String> members = new ArrayList<>(view.size());
        Map<String, Address> byNodeId = new LinkedHashMap<>();
        for (Address address : view.getMembers()) {
            String member = nodeIdOf(address);
            members.add(member);
            byNodeId.putIfAbsent(member, address);
        }
        addresses = byNodeId;
        if (new HashSet<>(members).size() != members.size()) {
            LOG.log(Level.WARNING, "Two members share a node id in view {0}: {1}. Each node needs its own data directory.",
                    view.getViewId(), members);
        }
        Membership next = new Membership(nodeId, members);
        synchronized (viewLock) {
            membership = next;
            viewLock.notifyAll();
        }
        failQuestionsToDeparted(byNodeId.keySet());
        LOG.log(Level.INFO, "Cluster view {0}: {1}, leader {2}", view.getViewId().getId(), members, next.leader());
        dispatcher.execute(() -> listeners.forEach(listener -> notifyOne(listener, next)));
    }

    /** A member that left will never answer: its pending questions fail now rather than at their deadline. */
    private void failQuestionsToDeparted(java.util.Set<String> present) {
        for (Map<String, CompletableFuture<byte[]>> answers : pending.values()) {
            answers.forEach((member, answer) -> {
                if (!present.contains(member)) {
                    answer.completeExceptionally(new ClusterException(member + " left the cluster before answering."));
                }
            });
        }
    }

    private void notifyOne(MembershipListener listener, Membership view) {
        try {
            listener.onViewChange(view);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "A membership listener failed on view " + view.members(), e);
        }
    }

    private static String nodeIdOf(Address address) {
        if (address instanceof ExtendedUUID extended) {
            byte[] id = extended.get(NODE_ID_KEY);
            if (id != null) {
                return new String(id, StandardCharsets.UTF_8);
            }
        }
        String name = NameCache.get(address);
        return name != null ? name : address.toString();
    }

    /** Describes a member before it connects. Not thread-safe; use it on one thread. */
    public static final class Builder {
        private final String nodeId;
        private final ClusterCredentials credentials;
        private InetAddress bindAddress;
        private int port = DEFAULT_PORT;
        private List<InetSocketAddress> peers = List.of();
        private InetAddress multicastGroup;
        private int multicastPort = DEFAULT_MULTICAST_PORT;
        private MessageHandler messageHandler = (sender, payload) -> { };
        private RequestHandler requestHandler = (sender, request) -> null;
        private final Map<String, String> attributes = new HashMap<>();
        private InetSocketAddress advertised;

        private Builder(String nodeId, ClusterCredentials credentials) {
            if (nodeId == null || nodeId.isBlank()) {
                throw new IllegalArgumentException("A cluster member needs a node id, was '" + nodeId + "'.");
            }
            this.nodeId = nodeId;
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** The address to listen on and to reach the others from; required (the default is never all interfaces). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** The cluster port (TLS); FD_SOCK2 uses this + 100..103. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535 - ClusterStack.FD_SOCK_OFFSET - ClusterStack.FD_SOCK_PORT_RANGE) {
                throw new IllegalArgumentException("The cluster port must be between 1 and "
                        + (65_535 - ClusterStack.FD_SOCK_OFFSET - ClusterStack.FD_SOCK_PORT_RANGE) + ", was " + port + ".");
            }
            this.port = port;
            return this;
        }

        /** A static member list (TCPPING) instead of multicast; may include this node. */
        public Builder peers(List<InetSocketAddress> peers) {
            this.peers = List.copyOf(peers);
            return this;
        }

        /** Parses {@code HOST:PORT,HOST:PORT,…} as given to {@code --peers}. */
        public Builder peers(String commaSeparated) {
            return peers(parsePeers(commaSeparated));
        }

        /** The multicast group and port for discovery when no peers are given; by default derived from the CA. */
        public Builder multicast(InetAddress group, int port) {
            if (!group.isMulticastAddress()) {
                throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast address.");
            }
            this.multicastGroup = group;
            this.multicastPort = port;
            return this;
        }

        /**
         * The address the others should connect to when it differs from the bind address (a port forward or a
         * relay in between; the tests put a recording relay there). FD_SOCK2 then listens on its port + 100.
         */
        Builder advertise(InetSocketAddress address) {
            this.advertised = address;
            return this;
        }

        public Builder onMessage(MessageHandler handler) {
            this.messageHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Answers the other members' {@link ClusterChannel#askAll questions}; by default none is answered. */
        public Builder onRequest(RequestHandler handler) {
            this.requestHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * A small attribute of this member (e.g. its HTTP address) carried inside its JGroups address, so every member
         * reads it from the view with {@link ClusterChannel#attribute}. Keys must not be {@code node-id}; keep values
         * short (they travel with every view).
         */
        public Builder attribute(String key, String value) {
            if (NODE_ID_KEY.equals(key)) {
                throw new IllegalArgumentException("The attribute '" + NODE_ID_KEY + "' is the member's node id; choose another key.");
            }
            if (value.length() > 200) {
                throw new IllegalArgumentException("The attribute '" + key + "' is " + value.length()
                        + " characters long; attributes travel with every view, keep them under 200.");
            }
            attributes.put(key, value);
            return this;
        }

        /**
         * Joins the clinic's cluster (or founds it when nobody answers within a second) and returns at once with
         * the first view; see {@link ClusterChannel#awaitMembers} to wait for company.
         */
        public ClusterChannel connect() {
            if (bindAddress == null) {
                throw new IllegalArgumentException("A cluster member needs a bind address (the LAN address of this"
                        + " node, or 127.0.0.1 for a single machine).");
            }
            ClusterCredentials identity = credentials.canIssue() ? credentials.forNode(nodeId) : credentials;
            InetAddress group = multicastGroup != null ? multicastGroup : defaultMulticastGroup(credentials);
            JChannel jchannel;
            try {
                jchannel = new JChannel(ClusterStack.protocols(bindAddress, port, identity.sslContext(), peers, group,
                        multicastPort));
            } catch (Exception e) {
                throw new ClusterException("Could not build the cluster stack for " + nodeId + ": " + e.getMessage(), e);
            }
            if (advertised != null) {
                jchannel.getProtocolStack().getTransport().setExternalAddr(advertised.getAddress())
                        .setExternalPort(advertised.getPort());
            }
            // The diagnostics handler would answer unauthenticated probes on a multicast socket: never wanted here.
            jchannel.getProtocolStack().getTransport().getDiagnosticsHandler().setEnabled(false);
            Map<String, String> ownAttributes = Map.copyOf(attributes);
            jchannel.addAddressGenerator(() -> {
                ExtendedUUID address = ExtendedUUID.randomUUID(nodeId).put(NODE_ID_KEY, nodeId.getBytes(StandardCharsets.UTF_8));
                ownAttributes.forEach((key, value) -> address.put(key, value.getBytes(StandardCharsets.UTF_8)));
                return address;
            });
            jchannel.setName(nodeId);
            jchannel.setDiscardOwnMessages(true);
            ClusterChannel cluster = new ClusterChannel(nodeId, jchannel, port, messageHandler, requestHandler);
            jchannel.setReceiver(new Receiver() {
                @Override
                public void viewAccepted(View view) {
                    cluster.viewAccepted(view);
                }

                @Override
                public void receive(Message message) {
                    cluster.received(message);
                }
            });
            try {
                jchannel.connect(credentials.clusterName());
            } catch (Exception e) {
                cluster.close();
                throw new ClusterException("Node " + nodeId + " could not open the cluster port " + bindAddress.getHostAddress()
                        + ":" + port + " (or " + (port + ClusterStack.FD_SOCK_OFFSET) + "): " + e.getMessage(), e);
            }
            return cluster;
        }
    }

    /** {@code HOST:PORT,HOST:PORT,…} → addresses; each bad entry is named. */
    public static List<InetSocketAddress> parsePeers(String commaSeparated) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            String peer = entry.strip();
            if (peer.isEmpty()) {
                continue;
            }
            int colon = peer.lastIndexOf(':');
            if (colon <= 0 || colon == peer.length() - 1) {
                throw new IllegalArgumentException("--peers entry '" + peer + "' must be HOST:PORT, e.g. 192.168.1.20:7800.");
            }
            String host = peer.substring(0, colon).replace("[", "").replace("]", "");
            int peerPort;
            try {
                peerPort = Integer.parseInt(peer.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--peers entry '" + peer + "' has no valid port number.");
            }
            if (peerPort < 1 || peerPort > 65_535) {
                throw new IllegalArgumentException("--peers entry '" + peer + "' has port " + peerPort + ", expected 1-65535.");
            }
            try {
                result.add(new InetSocketAddress(InetAddress.getByName(host), peerPort));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--peers entry '" + peer + "': unknown host " + host + ".");
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("--peers is empty; give HOST:PORT,HOST:PORT or leave it out for multicast.");
        }
        return List.copyOf(result);
    }

    /** 239.255.X.Y (organization-local scope) with X.Y from the CA fingerprint: one group per clinic. */
    static InetAddress defaultMulticastGroup(ClusterCredentials credentials) {
        String fingerprint = credentials.caFingerprint();
        int x = Integer.parseInt(fingerprint.substring(0, 2), 16);
        int y = Integer.parseInt(fingerprint.substring(2, 4), 16);
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255, (byte) x, (byte) y});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
