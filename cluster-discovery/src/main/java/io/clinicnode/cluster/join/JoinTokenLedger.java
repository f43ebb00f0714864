package io.clinicnode.cluster.join;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.clinicnode.cluster.ClusterException;

/**
 * The join tokens a seed node accepts, in one small file next to its data: for each token the SHA-256 of its secret
 * (never the secret itself), its expiry and the joins it has left. {@code clinicnode token create} adds to it while the
 * node runs, and the node's join endpoint redeems from it; both read and rewrite the file under an exclusive file lock,
 * so a token is never redeemed twice beyond its uses. Entries expired for a week are dropped.
 *
 * <p>Thread-safe: every operation holds the file lock, taken by one thread of this JVM at a time (a JVM may hold a
 * file's lock only once, and the node and an in-process {@code init} each have their own ledger object).
 */
public final class JoinTokenLedger {
    /** The ledger's file name in the node's state directory. */
    public static final String FILE_NAME = "join-tokens";
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(7);
    private static final String HEADER = "# ClinicNode join tokens: sha256(secret) expires-at(epoch s) uses-left created-at(epoch s)\n";

    /** What a redeemed secret turned out to be. */
    public enum Outcome {
        ACCEPTED, UNKNOWN, EXPIRED, USED_UP
    }

    private record Entry(String hash, Instant expiresAt, int usesLeft, Instant createdAt) {
        String line() {
            return hash + " " + expiresAt.getEpochSecond() + " " + usesLeft + " " + createdAt.getEpochSecond() + "\n";
        }
    }

    /** A file lock is held per JVM, not per thread: the threads of this JVM queue here first. */
    private static final Object IN_THIS_JVM = new Object();

    private final Path file;

    public JoinTokenLedger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Records {@code token} as valid until {@code now + ttl} for {@code uses} joins. */
    public void add(JoinToken token, Duration ttl, int uses, Instant now) {
        if (uses < 1) {
            throw new ClusterException("A join token needs at least 1 use, was " + uses + ".");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ClusterException("A join token needs a positive lifetime, was " + ttl + ".");
        }
        update(entries -> entries.add(new Entry(hash(token.secret()), now.plus(ttl), uses, now)), now);
    }

    /** Takes one use of the token whose secret is {@code secret}, if it is known, unexpired and not used up. */
    public Outcome redeem(String secret, Instant now) {
        String hash = hash(secret);
        Outcome[] outcome = {Outcome.UNKNOWN};
        update(entries -> {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                if (!MessageDigest.isEqual(entry.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
                    continue;
                }
                if (!now.isBefore(entry.expiresAt())) {
                    outcome[0] = Outcome.EXPIRED;
                } else if (entry.usesLeft() <= 0) {
                    outcome[0] = Outcome.USED_UP;
                } else {
                    entries.set(i, new Entry(entry.hash(), entry.expiresAt(), entry.usesLeft() - 1, entry.createdAt()));
                    outcome[0] = Outcome.ACCEPTED;
                }
                return;
            }
        }, now);
        return outcome[0];
    }

    /** How many tokens can still be used at {@code now}. */
    public int usable(Instant now) {
        int[] count = {0};
        update(entries -> entries.forEach(entry -> {
            if (now.isBefore(entry.expiresAt()) && entry.usesLeft() > 0) {
                count[0]++;
            }
        }), now);
        return count[0];
    }

    private void update(Consumer<List<Entry>> change, Instant now) {
        synchronized (IN_THIS_JVM) {
            updateLocked(change, now);
        }
    }

    private void updateLocked(Consumer<List<Entry>> change, Instant now) {
        boolean created = !Files.exists(file);
        try (FileChannel channel = open(); FileLock ignored = channel.lock()) {
            if (created) {
                matchOwnerOfDirectory();
            }
            ByteBuffer content = ByteBuffer.allocate((int) channel.size());
            while (content.hasRemaining() && channel.read(content, content.position()) > 0) {
                // channel.read advanced the buffer; loop until the file's bytes are all in.
            }
            List<Entry> entries = parse(new String(content.array(), StandardCharsets.US_ASCII));
            change.accept(entries);
            entries.removeIf(entry -> entry.expiresAt().plus(KEPT_AFTER_EXPIRY).isBefore(now));
            StringBuilder text = new StringBuilder(HEADER);
            entries.forEach(entry -> text.append(entry.line()));
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new ClusterException("Cannot update the join tokens in " + file + ": " + e.getMessage(), e);
        }
    }

    private FileChannel open() throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }

    /** Made by root (the technician's `token create`), the file must still be the service user's, who owns the directory. */
    private void matchOwnerOfDirectory() throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        var owner = Files.getOwner(directory);
        if (!Files.getOwner(file).equals(owner)) {
            try {
                Files.setOwner(file, owner);
            } catch (IOException e) {
                throw new IOException("it belongs to another user than its directory and cannot be given to " + owner.getName(), e);
            }
        }
    }

    private List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.strip().split(" ");
            try {
                entries.add(new Entry(fields[0], Instant.ofEpochSecond(Long.parseLong(fields[1])), Integer.parseInt(fields[2]),
                        Instant.ofEpochSecond(Long.parseLong(fields[3]))));
            } catch (RuntimeException e) {
                throw new ClusterException(file + " has a damaged line '" + line + "'; remove that line (its token is then refused).");
            }
        }
        return entries;
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
