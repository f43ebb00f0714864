package io.clinicnode.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.clinicnode.appliance.NodeVersion;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.installer.box.AdminPassword;
import io.clinicnode.installer.box.BoxAdmin;
import io.clinicnode.installer.box.BoxConfig;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.box.NodeHttp;
import io.clinicnode.installer.box.ReadyMarker;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode status}: this box's node and its cluster at a glance: members, leader, versions, lag, the sync to
 * central, disk, the certificates' expiry and the last backup. The members need the admin's login (password from
 * {@code CLINICNODE_ADMIN_PASSWORD} or typed); the rest is read from the box and the node's public health. Exit code 1
 * when the node does not answer or is not healthy.
 */
@Command(name = "status", description = "Show this box's node and its cluster: members, leader, versions, lag, sync to"
        + " central, disk, certificates' expiry, last backup.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    BoxOptions box;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BoxLayout layout = box.layout();
        NodeConfig config = BoxConfig.read(layout, Map.of());
        ClusterCredentials credentials = ClusterCredentials.load(layout.clusterDir());
        URI base = BoxAdmin.baseUri(layout);

        JsonObjectBuilder status = Json.createObjectBuilder()
                .add("clinic", Json.createObjectBuilder().add("id", config.clinicId())
                        .add("name", BoxConfig.value(layout, "clinic-name").orElse(config.clinicId())))
                .add("version", NodeVersion.CURRENT);
        boolean healthy;
        try (NodeHttp http = new NodeHttp(base, credentials.caFingerprint())) {
            healthy = node(http, base, layout, status);
            certificates(credentials, http.serverCertificate(), status);
        }
        status.add("disk", disk(layout.stateDir()));
        status.add("lastBackup", lastBackup(layout.backupDir()));
        JsonObject result = status.build();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? result.toString() : text(result));
        out.flush();
        return healthy ? ClinicNodeCli.OK : ClinicNodeCli.FAILED;
    }

    /** The node's health and, with the admin's login, its cluster; whether it answered healthy. */
    private static boolean node(NodeHttp http, URI base, BoxLayout layout, JsonObjectBuilder status) throws InterruptedException {
        JsonObjectBuilder node = Json.createObjectBuilder().add("url", base.toString());
        ReadyMarker.read(layout.readyFile()).ifPresent(ready -> node.add("nodeId", ready.nodeId()).add("readyAt", ready.readyAt().toString()));
        NodeHttp.Answer health;
        try {
            health = http.get("observe/health", Optional.empty());
        } catch (IOException e) {
            status.add("node", node.add("health", "unreachable").add("reason", String.valueOf(e.getMessage())));
            status.add("sync", Json.createObjectBuilder().add("state", "unknown"));
            return false;
        }
        node.add("health", health.body().getString("status", "HTTP " + health.status()));
        status.add("node", node);
        status.add("sync", sync(health.body()));
        Optional<String> password = AdminPassword.forLogin();
        if (password.isEmpty()) {
            status.add("membersNote", "set " + AdminPassword.ENV + " (the admin's password) to see the members");
        } else {
            try {
                NodeHttp.Answer login = http.post("api/session", Json.createObjectBuilder().add("username", "admin")
                        .add("password", password.get()).build());
                if (login.status() != 200) {
                    status.add("membersNote", "the admin login was refused (HTTP " + login.status() + ")");
                } else {
                    Optional<String> token = Optional.of(login.body().getString("token"));
                    NodeHttp.Answer cluster = http.get("api/cluster", token);
                    members(cluster.body(), status);
                    http.delete("api/session", token);
                }
            } catch (IOException e) {
                status.add("membersNote", "the node did not answer: " + e.getMessage());
            }
        }
        return health.status() == 200;
    }

    private static void members(JsonObject cluster, JsonObjectBuilder status) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        for (JsonValue value : cluster.getJsonArray("members")) {
            JsonObject member = value.asJsonObject();
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("nodeId", member.getString("nodeId"))
                    .add("leader", member.getBoolean("leader", false))
                    .add("self", member.getBoolean("self", false))
                    .add("reachable", member.getBoolean("reachable", false))
                    .add("httpUrl", member.getString("httpUrl", ""));
            if (member.containsKey("lag")) {
                entry.add("lag", member.getJsonNumber("lag").longValue());
            }
            entry.add("version", member.getString("version", "unknown"));
            members.add(entry);
        }
        status.add("leader", cluster.getString("leader", "")).add("members", members);
    }

    /** The central-sync health check's details, or "not configured" on a node without the sync agent. */
    private static JsonObject sync(JsonObject health) {
        if (health.containsKey("checks")) {
            for (JsonValue check : health.getJsonArray("checks")) {
                JsonObject entry = check.asJsonObject();
                if ("central-sync".equals(entry.getString("name", ""))) {
                    JsonObjectBuilder sync = Json.createObjectBuilder().add("state", entry.getString("status", "unknown"));
                    if (entry.containsKey("data")) {
                        sync.add("details", entry.getJsonObject("data"));
                    }
                    return sync.build();
                }
            }
        }
        return Json.createObjectBuilder().add("state", "not configured").build();
    }

    private static void certificates(ClusterCredentials credentials, Optional<X509Certificate> https, JsonObjectBuilder status) {
        JsonArrayBuilder certificates = Json.createArrayBuilder()
                .add(certificate("clinic CA", credentials.caCertificate()))
                .add(certificate("cluster member", credentials.memberCertificate()));
        https.ifPresent(certificate -> certificates.add(certificate("HTTPS", certificate)));
        status.add("certificates", certificates);
    }

    private static JsonObject certificate(String name, X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return Json.createObjectBuilder().add("name", name).add("notAfter", notAfter.toString())
                .add("daysLeft", Duration.between(Instant.now(), notAfter).toDays()).build();
    }

    private static JsonObject disk(Path directory) {
        try {
            FileStore store = Files.getFileStore(directory);
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            return Json.createObjectBuilder().add("path", directory.toString()).add("freeBytes", free).add("totalBytes", total)
                    .add("usedPercent", total == 0 ? 0 : Math.round(100.0 * (total - free) / total)).build();
        } catch (IOException e) {
            return Json.createObjectBuilder().add("path", directory.toString()).add("error", String.valueOf(e.getMessage())).build();
        }
    }

    /** The newest file the backup commands left in the backup directory; JSON null when there is none. */
    private static JsonValue lastBackup(Path directory) {
        if (!Files.isDirectory(directory)) {
            return JsonValue.NULL;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .max(Comparator.comparing(StatusCommand::modified))
                    .<JsonValue>map(file -> Json.createObjectBuilder().add("file", file.toString())
                            .add("at", modified(file).toString()).build())
                    .orElse(JsonValue.NULL);
        } catch (IOException e) {
            return JsonValue.NULL;
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static String text(JsonObject status) {
        StringBuilder text = new StringBuilder();
        JsonObject clinic = status.getJsonObject("clinic");
        JsonObject node = status.getJsonObject("node");
        text.append("Clinic:       ").append(clinic.getString("name")).append(" (").append(clinic.getString("id")).append(")\n");
        text.append("This node:    ").append(node.getString("nodeId", "?")).append(" at ").append(node.getString("url"))
                .append(" — ").append(node.getString("health")).append(", version ").append(status.getString("version")).append('\n');
        if (status.containsKey("members")) {
            text.append("Members:      ").append(status.getJsonArray("members").size()).append(", leader ")
                    .append(status.getString("leader")).append('\n');
            for (JsonValue value : status.getJsonArray("members")) {
                JsonObject member = value.asJsonObject();
                text.append("  ").append(member.getBoolean("self") ? "*" : " ").append(' ').append(member.getString("nodeId"))
                        .append(member.getBoolean("leader") ? " (leader)" : "").append("  ").append(member.getString("httpUrl"))
                        .append("  ").append(member.getBoolean("reachable") ? "lag " + (member.containsKey("lag")
                                ? member.getJsonNumber("lag").longValue() : "?") : "unreachable")
                        .append("  version ").append(member.getString("version")).append('\n');
            }
        } else {
            text.append("Members:      unknown (").append(status.getString("membersNote", "")).append(")\n");
        }
        JsonObject sync = status.getJsonObject("sync");
        text.append("Sync:         ").append(sync.getString("state")).append(sync.containsKey("details") ? " " + sync.get("details") : "").append('\n');
        JsonObject disk = status.getJsonObject("disk");
        if (disk.containsKey("freeBytes")) {
            text.append("Disk:         ").append(disk.getJsonNumber("freeBytes").longValue() >> 30).append(" GiB free of ")
                    .append(disk.getJsonNumber("totalBytes").longValue() >> 30).append(" GiB (").append(disk.getInt("usedPercent"))
                    .append(" % used) for ").append(disk.getString("path")).append('\n');
        }
        for (JsonValue value : status.getJsonArray("certificates")) {
            JsonObject certificate = value.asJsonObject();
            text.append(String.format(Locale.ROOT, "%-14s", "Certificate:")).append(certificate.getString("name"))
                    .append(" valid until ").append(certificate.getString("notAfter")).append(" (")
                    .append(certificate.getJsonNumber("daysLeft").longValue()).append(" days)\n");
        }
        JsonValue backup = status.get("lastBackup");
        text.append("Last backup:  ").append(backup == JsonValue.NULL ? "no backup yet"
                : backup.asJsonObject().getString("at") + " (" + backup.asJsonObject().getString("file") + ")");
        return text.toString();
    }
}
