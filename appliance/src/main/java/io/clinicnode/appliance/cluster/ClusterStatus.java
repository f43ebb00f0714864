package io.clinicnode.appliance.cluster;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clinicnode.appliance.NodeVersion;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.Membership;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What {@code GET /api/cluster} shows: the current view (members oldest first, the leader) and, for each member,
 * how far it has applied each origin's events and the checksum of its data. This node reads its own; the others
 * are asked over the cluster channel with a deadline of {@link #ASK_TIMEOUT}, and a member that does not answer in
 * time is listed with {@code "reachable": false}. Each member's HTTP address travels in its JGroups address
 * ({@link #HTTP_URL_ATTRIBUTE}), so it is known even when the member does not answer.
 *
 * <p>The node starts its web server before it joins the cluster (its HTTP address goes into its cluster address),
 * so it {@link #attach attaches} the channel, or declares itself standalone, once both are up; until then it
 * reports itself alone.
 *
 * <p>Thread-safe.
 */
public final class ClusterStatus {
    /** Member attribute holding the member's web base address, e.g. {@code https://192.168.1.20:8443} (http without TLS). */
    public static final String HTTP_URL_ATTRIBUTE = "http";
    /** Member attribute holding the clinic id the member serves. */
    public static final String CLINIC_ATTRIBUTE = "clinic";
    /** How long to wait for the other members' answers. */
    public static final Duration ASK_TIMEOUT = Duration.ofMillis(500);
    private static final String STATUS_QUESTION = "{\"ask\":\"status\"}";

    private final NodeIdentity identity;
    private final DataChecksum checksum;
    private volatile Local local = new Local(Optional.empty(), Optional.empty());
    /** Filled from every view (a membership listener), so the per-request CORS and CSP filters only read it. */
    private final Set<String> seenOrigins = ConcurrentHashMap.newKeySet();
    private final Set<String> readOnlyOrigins = Collections.unmodifiableSet(seenOrigins);

    public ClusterStatus(NodeIdentity identity, DataChecksum checksum) {
        this.identity = identity;
        this.checksum = checksum;
    }

    /** Records this node's channel (empty when it runs alone) and HTTP address, once both are up. */
    public void attach(Optional<ClusterChannel> channel, String httpUrl) {
        local = new Local(channel, Optional.of(httpUrl));
        seenOrigins.add(httpUrl);
        channel.ifPresent(cluster -> cluster.addListener(view -> view.members()
                .forEach(member -> cluster.attribute(member, HTTP_URL_ATTRIBUTE).ifPresent(seenOrigins::add))));
    }

    /** Answers another member's status question (the {@link io.clinicnode.cluster.RequestHandler} of this node). */
    public byte[] answer(String sender, byte[] request) {
        if (!STATUS_QUESTION.equals(new String(request, StandardCharsets.UTF_8))) {
            Logger.warn("Ignored an unknown cluster question from {}", sender);
            return null;
        }
        return own().build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The HTTP origins ({@code http://host:port}) of every member seen in a view since this node started, this node's
     * included: a desk whose page came from a node that has just died must still reach the others (G6), and that node
     * is no longer in their view.
     */
    public Set<String> memberOrigins() {
        return readOnlyOrigins;
    }

    /**
     * What the web app needs to carry on when its node stops answering: every member's HTTP address, this node and
     * the leader marked. Any logged-in user may read it (no positions or checksums).
     */
    public JsonObject nodes() {
        Local current = local;
        Membership view = current.channel.map(ClusterChannel::membership).orElse(Membership.standalone(identity.nodeId()));
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        for (String member : view.members()) {
            Optional<String> url = member.equals(identity.nodeId())
                    ? current.httpUrl
                    : current.channel.flatMap(channel -> channel.attribute(member, HTTP_URL_ATTRIBUTE));
            url.ifPresent(address -> nodes.add(JSON.createObjectBuilder()
                    .add("nodeId", member)
                    .add("httpUrl", address)
                    .add("leader", member.equals(view.leader()))
                    .add("self", member.equals(identity.nodeId()))));
        }
        return JSON.createObjectBuilder().add("nodes", nodes).build();
    }

    /** The whole report: this node's view with every member's position and checksum. */
    public JsonObject report() {
        Local current = local;
        Membership view = current.channel.map(ClusterChannel::membership).orElse(Membership.standalone(identity.nodeId()));
        Map<String, Optional<byte[]>> answers = current.channel
                .map(channel -> channel.askAll(STATUS_QUESTION.getBytes(StandardCharsets.UTF_8), ASK_TIMEOUT))
                .orElse(Map.of());
        Map<String, JsonObject> reports = new LinkedHashMap<>();
        for (String member : view.members()) {
            if (member.equals(identity.nodeId())) {
                reports.put(member, own().build());
            } else {
                answers.getOrDefault(member, Optional.empty()).flatMap(ClusterStatus::parse).ifPresent(report -> reports.put(member, report));
            }
        }
        Map<String, Long> newest = newestPerOrigin(reports.values());
        JsonArrayBuilder members = JSON.createArrayBuilder();
        for (String member : view.members()) {
            JsonObject report = reports.get(member);
            JsonObjectBuilder entry = report == null ? unreachable(member, current) : JSON.createObjectBuilder(report).add("lag", lag(report, newest));
            members.add(entry.add("leader", member.equals(view.leader())).add("self", member.equals(identity.nodeId())));
        }
        return JSON.createObjectBuilder()
                .add("clinic", identity.clinicId())
                .add("self", identity.nodeId())
                .add("leader", view.leader())
                .add("members", members)
                .build();
    }

    /** The highest sequence of each origin that any reachable member has applied. */
    private static Map<String, Long> newestPerOrigin(Collection<JsonObject> reports) {
        Map<String, Long> newest = new HashMap<>();
        for (JsonObject report : reports) {
            JsonObject journal = report.getJsonObject("journal");
            journal.forEach((origin, seq) -> newest.merge(origin, journal.getJsonNumber(origin).longValue(), Math::max));
        }
        return newest;
    }

    /** How many events a member lacks compared with the most advanced reachable member, summed over origins. */
    private static long lag(JsonObject report, Map<String, Long> newest) {
        JsonObject journal = report.getJsonObject("journal");
        long lag = 0;
        for (Map.Entry<String, Long> origin : newest.entrySet()) {
            long have = journal.containsKey(origin.getKey()) ? journal.getJsonNumber(origin.getKey()).longValue() : 0;
            lag += origin.getValue() - have;
        }
        return lag;
    }

    private JsonObjectBuilder own() {
        DataChecksum.Snapshot snapshot = checksum.current();
        JsonObjectBuilder journal = JSON.createObjectBuilder();
        snapshot.journal().forEach(journal::add);
        JsonObjectBuilder entry = JSON.createObjectBuilder()
                .add("nodeId", identity.nodeId())
                .add("reachable", true)
                .add("journal", journal)
                .add("checksum", snapshot.checksum())
                .add("version", NodeVersion.CURRENT)
                .add("eventFormat", NodeVersion.EVENT_FORMAT)
                .add("messageFormat", NodeVersion.MESSAGE_FORMAT);
        local.httpUrl.ifPresent(url -> entry.add("httpUrl", url));
        return entry;
    }

    private static JsonObjectBuilder unreachable(String member, Local current) {
        JsonObjectBuilder entry = JSON.createObjectBuilder().add("nodeId", member).add("reachable", false);
        current.channel.flatMap(channel -> channel.attribute(member, HTTP_URL_ATTRIBUTE)).ifPresent(url -> entry.add("httpUrl", url));
        return entry;
    }

    private static Optional<JsonObject> parse(byte[] answer) {
        try (JsonReader reader = JSON.createReader(new StringReader(new String(answer, StandardCharsets.UTF_8)))) {
            return Optional.of(reader.readObject());
        } catch (RuntimeException e) {
            Logger.warn("A member answered the status question with something that is not a JSON object: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private record Local(Optional<ClusterChannel> channel, Optional<String> httpUrl) {
    }
}
