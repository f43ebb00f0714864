package io.clinicnode.appliance.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.atrest.PrivateFiles;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import org.tinylog.Logger;

/**
 * How the {@code clinicnode} command on the node's own box reaches the running node for what only the box's
 * administrator may do (an online backup, the journal's consistency): a random token the node writes at start, with its
 * address, into {@value #FILE} in the data directory (mode 600, so only the node's user and root read it), and removes
 * when it stops. Asking with the token needs no admin password, which a nightly timer must not hold.
 *
 * <p>Immutable and thread-safe.
 */
public final class LocalAccess implements AutoCloseable {
    /** The file in the data directory; its presence also says "a node runs on this data directory". */
    public static final String FILE = "local-access.json";
    /** The request header carrying the token. */
    public static final String HEADER = "X-ClinicNode-Local-Token";

    private final Path file;
    private final byte[] token;

    private LocalAccess(Path file, byte[] token) {
        this.file = file;
        this.token = token;
    }

    /** Writes a new token and the node's address (and the CA its HTTPS certificate chains to, if any) into the data directory. */
    public static LocalAccess publish(Path dataDir, String url, Optional<String> caPem) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path file = dataDir.resolve(FILE);
        JsonObjectBuilder json = Json.createObjectBuilder().add("url", url).add("token", token);
        caPem.ifPresent(pem -> json.add("caPem", pem));
        try {
            Files.deleteIfExists(file);
            PrivateFiles.writeNew(file, json.build().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApplianceException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return new LocalAccess(file, token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code presented} is this node's token (compared in constant time). */
    public boolean accepts(Optional<String> presented) {
        return presented.map(value -> MessageDigest.isEqual(token, value.strip().getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Logger.warn("Cannot remove {}: {}", file, e.getMessage());
        }
    }
}
