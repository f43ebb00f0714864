package io.clinicnode.cluster.join;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import io.clinicnode.cluster.ClusterException;

/**
 * A join token, k3s style: {@code CN1::<SHA-256 of the clinic CA>::<secret>::<seed host:port>}. A new box reads the
 * seed's address from it, connects over HTTPS, and goes on only when the server's certificate chains to the CA with
 * that fingerprint; only then does it send the secret, which the seed checks against its {@link JoinTokenLedger}.
 * Tokens do not carry their expiry or uses: the seed keeps those, so a token edited by hand gains nothing.
 * Immutable and thread-safe.
 *
 * @param caFingerprint SHA-256 of the clinic CA certificate (DER), 64 lower-case hex digits
 * @param secret        32 random bytes, base64url without padding (43 characters)
 * @param seed          the HTTPS address of the node that signs members, {@code host:port} ({@code [v6]:port})
 */
public record JoinToken(String caFingerprint, String secret, String seed) {
    /** Version prefix; a later format gets a new one. */
    public static final String PREFIX = "CN1";
    private static final String SEPARATOR = "::";
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern SEED = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new token for the CA {@code caFingerprint} and the seed {@code seed}, with a fresh random secret. */
    public static JoinToken create(String caFingerprint, String seed) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return parse(PREFIX + SEPARATOR + caFingerprint + SEPARATOR
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + SEPARATOR + seed);
    }

    /** Reads a token as typed by a technician (surrounding blanks ignored); a damaged one is refused with a sentence. */
    public static JoinToken parse(String text) {
        String token = text == null ? "" : text.strip();
        String[] parts = token.split(SEPARATOR, 4);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new ClusterException("This is not a ClinicNode join token: it looks like CN1::<CA fingerprint>::<secret>::<host:port>;"
                    + " copy the whole line that `clinicnode token create` printed.");
        }
        if (!FINGERPRINT.matcher(parts[1]).matches()) {
            throw new ClusterException("The join token's CA fingerprint is damaged (64 hexadecimal digits expected); copy the token again.");
        }
        if (!SECRET.matcher(parts[2]).matches()) {
            throw new ClusterException("The join token's secret is damaged (43 letters, digits, - or _ expected); copy the token again.");
        }
        var seed = SEED.matcher(parts[3]);
        if (!seed.matches() || Integer.parseInt(seed.group(2)) < 1 || Integer.parseInt(seed.group(2)) > 65_535) {
            throw new ClusterException("The join token's seed address '" + parts[3] + "' is not HOST:PORT; copy the token again.");
        }
        return new JoinToken(parts[1], parts[2], parts[3]);
    }

    /** The seed's host name or address, without brackets. */
    public String seedHost() {
        String host = seed.substring(0, seed.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public int seedPort() {
        return Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1));
    }

    /** The token as the technician copies it. */
    @Override
    public String toString() {
        return PREFIX + SEPARATOR + caFingerprint + SEPARATOR + secret + SEPARATOR + seed;
    }
}
