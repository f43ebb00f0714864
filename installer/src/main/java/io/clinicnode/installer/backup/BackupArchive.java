package io.clinicnode.installer.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.backup.NodeSnapshot;
import io.clinicnode.installer.backup.BackupCipher.BackupDamaged;
import io.clinicnode.installer.backup.BackupCipher.KeySource;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The clear content of a backup file: a zip of the node's snapshot entries ({@link NodeSnapshot}) followed by
 * {@value #MANIFEST} (clinic, node, journal positions, data checksum, versions, time, and the SHA-256 and size of every
 * entry) and {@value #MANIFEST_SHA256} (the manifest's own SHA-256). Encrypted as a whole by {@link BackupCipher}.
 */
public final class BackupArchive {
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SHA256 = "manifest.sha256";
    /** The entries a snapshot brings, all required. */
    static final Set<String> SNAPSHOT_ENTRIES = Set.of(NodeSnapshot.DATABASE, NodeSnapshot.JOURNAL, NodeSnapshot.INFO);
    private static final String TOOL_VERSION = "0.1.0";

    private BackupArchive() {
    }

    /** Told of the bytes copied so far, for a progress line. */
    public interface Progress {
        void copied(long bytes);
    }

    /**
     * Copies the snapshot zip read from {@code snapshot} into a new encrypted backup written to {@code out} (closed).
     *
     * @return the manifest written
     */
    public static JsonObject write(InputStream snapshot, OutputStream out, KeySource key, Progress progress) throws IOException {
        Map<String, Digested> digests = new LinkedHashMap<>();
        JsonObject info = null;
        long[] total = {0};
        try (ZipOutputStream zip = new ZipOutputStream(BackupCipher.encrypt(out, key))) {
            zip.setLevel(1);
            ZipInputStream in = new ZipInputStream(snapshot);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!SNAPSHOT_ENTRIES.contains(entry.getName())) {
                    throw new IOException("The node's snapshot holds an unexpected entry " + entry.getName() + ".");
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                MessageDigest sha = sha256();
                ByteArrayOutputStream infoBytes = entry.getName().equals(NodeSnapshot.INFO) ? new ByteArrayOutputStream() : null;
                byte[] buffer = new byte[1 << 16];
                long size = 0;
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    zip.write(buffer, 0, read);
                    sha.update(buffer, 0, read);
                    if (infoBytes != null) {
                        infoBytes.write(buffer, 0, read);
                    }
                    size += read;
                    total[0] += read;
                    progress.copied(total[0]);
                }
                zip.closeEntry();
                digests.put(entry.getName(), new Digested(HexFormat.of().formatHex(sha.digest()), size));
                if (infoBytes != null) {
                    info = Json.createReader(new java.io.ByteArrayInputStream(infoBytes.toByteArray())).readObject();
                }
            }
            if (info == null || !digests.keySet().containsAll(SNAPSHOT_ENTRIES)) {
                throw new IOException("The node's snapshot ended early (entries " + digests.keySet() + "); the node"
                        + " may have stopped while sending it.");
            }
            JsonObjectBuilder entries = Json.createObjectBuilder();
            digests.forEach((name, digested) -> entries.add(name, Json.createObjectBuilder()
                    .add("sha256", digested.sha256).add("size", digested.size)));
            JsonObject manifest = Json.createObjectBuilder()
                    .add("format", 1)
                    .add("clinicnodeVersion", TOOL_VERSION)
                    .add("createdAt", Instant.now().toString())
                    .add("clinicId", info.getString("clinicId"))
                    .add("nodeId", info.getString("nodeId"))
                    .add("takenAt", info.getString("takenAt"))
                    .add("journalIndex", info.getJsonNumber("journalIndex"))
                    .add("journalEvents", info.getJsonNumber("journalEvents"))
                    .add("applied", info.getJsonObject("applied"))
                    .add("dataChecksum", info.getString("dataChecksum"))
                    .add("encryptedAtRest", info.getBoolean("encryptedAtRest"))
                    .add("entries", entries)
                    .build();
            byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifestBytes);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MANIFEST_SHA256));
            zip.write(HexFormat.of().formatHex(BackupCipher.sha256(manifestBytes)).getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            return manifest;
        }
    }

    /** A backup read and checked. */
    public record Checked(JsonObject manifest, JsonObject snapshotInfo) {
    }

    /**
     * Decrypts {@code file}, checks every entry against the manifest and the manifest against its checksum; with
     * {@code extractTo}, leaves the snapshot entries there (a private directory).
     *
     * @throws BackupDamaged with a sentence on any damage, or a wrong key
     */
    public static Checked read(Path file, KeySource key, Path extractTo) throws IOException {
        Map<String, Digested> found = new LinkedHashMap<>();
        byte[] manifestBytes = null;
        String manifestSha = null;
        byte[] infoBytes = null;
        try (InputStream clear = BackupCipher.decrypt(Files.newInputStream(file), key)) {
            ZipInputStream zip = new ZipInputStream(clear);
            for (ZipEntry entry = nextEntry(zip); entry != null; entry = nextEntry(zip)) {
                String name = entry.getName();
                if (found.containsKey(name)) {
                    throw new BackupDamaged("The backup holds the entry " + name + " twice.");
                }
                if (name.equals(MANIFEST) || name.equals(MANIFEST_SHA256) || name.equals(NodeSnapshot.INFO)) {
                    byte[] bytes = zip.readAllBytes();
                    found.put(name, new Digested(HexFormat.of().formatHex(BackupCipher.sha256(bytes)), bytes.length));
                    switch (name) {
                        case MANIFEST -> manifestBytes = bytes;
                        case MANIFEST_SHA256 -> manifestSha = new String(bytes, StandardCharsets.US_ASCII).strip();
                        default -> infoBytes = bytes;
                    }
                    if (extractTo != null && name.equals(NodeSnapshot.INFO)) {
                        PrivateFiles.writeNew(extractTo.resolve(name), bytes);
                    }
                    continue;
                }
                if (!SNAPSHOT_ENTRIES.contains(name)) {
                    throw new BackupDamaged("The backup holds an unexpected entry " + name + ".");
                }
                MessageDigest sha = sha256();
                long size;
                try (InputStream digesting = new DigestInputStream(zip, sha) {
                    @Override
                    public void close() {
                        // the zip stream goes on with the next entry
                    }
                }) {
                    if (extractTo != null) {
                        Path target = extractTo.resolve(name);
                        size = Files.copy(digesting, target);
                        PrivateFiles.narrow(target);
                    } else {
                        size = digesting.transferTo(OutputStream.nullOutputStream());
                    }
                }
                found.put(name, new Digested(HexFormat.of().formatHex(sha.digest()), size));
            }
        } catch (java.util.zip.ZipException e) {
            throw new BackupDamaged("The backup's content is damaged (" + e.getMessage() + ").");
        }
        if (manifestBytes == null || manifestSha == null) {
            throw new BackupDamaged("The backup has no manifest: it is incomplete.");
        }
        if (!HexFormat.of().formatHex(BackupCipher.sha256(manifestBytes)).equals(manifestSha)) {
            throw new BackupDamaged("The backup's manifest does not match its checksum.");
        }
        JsonObject manifest = Json.createReader(new java.io.ByteArrayInputStream(manifestBytes)).readObject();
        JsonObject entries = manifest.getJsonObject("entries");
        if (!entries.keySet().equals(SNAPSHOT_ENTRIES)) {
            throw new BackupDamaged("The backup's manifest lists entries " + entries.keySet() + ", expected "
                    + SNAPSHOT_ENTRIES + ".");
        }
        for (String name : SNAPSHOT_ENTRIES) {
            Digested digested = found.get(name);
            if (digested == null) {
                throw new BackupDamaged("The backup lacks its entry " + name + ".");
            }
            JsonObject expected = entries.getJsonObject(name);
            if (!expected.getString("sha256").equals(digested.sha256)
                    || expected.getJsonNumber("size").longValue() != digested.size) {
                throw new BackupDamaged("The backup's entry " + name + " does not match its SHA-256 in the manifest.");
            }
        }
        JsonObject info = Json.createReader(new java.io.ByteArrayInputStream(infoBytes)).readObject();
        if (!info.getString("dataChecksum").equals(manifest.getString("dataChecksum"))
                || !info.getString("nodeId").equals(manifest.getString("nodeId"))) {
            throw new BackupDamaged("The backup's manifest disagrees with its snapshot record.");
        }
        return new Checked(manifest, info);
    }

    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        return zip.getNextEntry();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Digested(String sha256, long size) {
    }
}
