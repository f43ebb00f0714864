package io.clinicnode.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.clinicnode.cluster.internal.Certificates;
import io.clinicnode.cluster.internal.PrivateFiles;

/**
 * Creates a new clinic's cluster credentials ({@code clinicnode cluster-init DIR}): a clinic CA, a member
 * certificate it signed, a 256-bit cluster key and a join secret, in a directory of mode 700 whose files are
 * mode 600. Never overwrites: a non-empty directory is refused, and a failure half-way removes what was
 * written. Stateless and thread-safe.
 */
public final class ClusterInit {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterInit() {
    }

    public static ClusterCredentials create(Path directory) {
        refuseExisting(directory);
        KeyPair caKeys = Certificates.newKeyPair();
        String clinicTag = randomHex(8);
        X509Certificate ca = Certificates.selfSignedCa("ClinicNode clinic CA " + clinicTag, caKeys);
        KeyPair memberKeys = Certificates.newKeyPair();
        X509Certificate member = Certificates.member("clinicnode-member-" + clinicTag, memberKeys.getPublic(), ca,
                caKeys.getPrivate());
        byte[] clusterKey = randomBytes(32);
        String joinSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        String fingerprint = Certificates.fingerprint(ca);
        String clusterName = "clinicnode-" + fingerprint.substring(0, 16);
        char[] storePassword = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)).toCharArray();

        List<Path> written = new ArrayList<>();
        boolean createdDirectory = !Files.exists(directory);
        try {
            PrivateFiles.createDirectory(directory);
            write(directory, ClusterCredentials.CA_KEYSTORE, keyStore(ClusterCredentials.CA_ALIAS, caKeys, new Certificate[] {ca},
                    storePassword), written);
            write(directory, ClusterCredentials.CA_CERTIFICATE, Certificates.pem(ca).getBytes(StandardCharsets.US_ASCII), written);
            write(directory, ClusterCredentials.MEMBER_KEYSTORE, keyStore(ClusterCredentials.MEMBER_ALIAS, memberKeys,
                    new Certificate[] {member, ca}, storePassword), written);
            write(directory, ClusterCredentials.CLUSTER_KEY,
                    (Base64.getEncoder().encodeToString(clusterKey) + "\n").getBytes(StandardCharsets.US_ASCII), written);
            write(directory, ClusterCredentials.JOIN_SECRET, (joinSecret + "\n").getBytes(StandardCharsets.US_ASCII), written);
            write(directory, ClusterCredentials.PROPERTIES, properties(clusterName, fingerprint, storePassword), written);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            removeQuietly(written, createdDirectory ? directory : null);
            throw new ClusterException("Could not create the cluster credentials in " + directory + ": " + e.getMessage()
                    + "; nothing was left behind.", e);
        }
        return ClusterCredentials.of(directory, clusterName, ca, memberKeys, member, clusterKey, caKeys.getPrivate(), joinSecret);
    }

    /**
     * Writes the cluster directory of a node that joined with a token: the clinic CA's certificate, this node's own
     * member key and the certificate the clinic CA signed for it, and the cluster key, as {@link #create} would, but
     * without the CA's private key or a join secret (this node cannot provision others). Never overwrites; a failure
     * half-way removes what was written.
     */
    public static ClusterCredentials enrolled(Path directory, String clusterName, X509Certificate ca, KeyPair memberKeys,
            X509Certificate member, byte[] clusterKey) {
        refuseExisting(directory);
        try {
            member.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ClusterException("The member certificate was not issued by the clinic CA " + Certificates.fingerprint(ca)
                    + "; nothing was written.");
        }
        if (clusterKey.length != 32) {
            throw new ClusterException("The cluster key must have 256 bits, got " + clusterKey.length * 8 + "; nothing was written.");
        }
        char[] storePassword = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)).toCharArray();
        List<Path> written = new ArrayList<>();
        boolean createdDirectory = !Files.exists(directory);
        try {
            PrivateFiles.createDirectory(directory);
            write(directory, ClusterCredentials.CA_CERTIFICATE, Certificates.pem(ca).getBytes(StandardCharsets.US_ASCII), written);
            write(directory, ClusterCredentials.MEMBER_KEYSTORE, keyStore(ClusterCredentials.MEMBER_ALIAS, memberKeys,
                    new Certificate[] {member, ca}, storePassword), written);
            write(directory, ClusterCredentials.CLUSTER_KEY,
                    (Base64.getEncoder().encodeToString(clusterKey) + "\n").getBytes(StandardCharsets.US_ASCII), written);
            write(directory, ClusterCredentials.PROPERTIES, properties(clusterName, Certificates.fingerprint(ca), storePassword),
                    written);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            removeQuietly(written, createdDirectory ? directory : null);
            throw new ClusterException("Could not write the cluster credentials in " + directory + ": " + e.getMessage()
                    + "; nothing was left behind.", e);
        }
        return ClusterCredentials.load(directory);
    }

    private static void refuseExisting(Path directory) {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new ClusterException(directory + " already exists and is not empty; cluster-init never overwrites"
                            + " credentials, so give it a new directory.");
                }
            } catch (IOException e) {
                throw new ClusterException("Cannot read " + directory + ": " + e.getMessage(), e);
            }
        } else if (Files.exists(directory)) {
            throw new ClusterException(directory + " exists and is not a directory; give cluster-init a new directory.");
        }
    }

    private static byte[] keyStore(String alias, KeyPair keys, Certificate[] chain, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, keys.getPrivate(), password, chain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static byte[] properties(String clusterName, String fingerprint, char[] storePassword) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format", ClusterCredentials.FORMAT);
        properties.setProperty("cluster-name", clusterName);
        properties.setProperty("ca-fingerprint", fingerprint);
        properties.setProperty("store-password", new String(storePassword));
        properties.setProperty("created", Instant.now().toString());
        StringWriter text = new StringWriter();
        properties.store(text, "ClinicNode cluster credentials (clinicnode cluster-init). Keep this directory private.");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(Path directory, String name, byte[] content, List<Path> written) throws IOException {
        Path file = directory.resolve(name);
        PrivateFiles.write(file, content);
        written.add(file);
    }

    private static void removeQuietly(List<Path> written, Path createdDirectory) {
        try {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
            if (createdDirectory != null) {
                Files.deleteIfExists(createdDirectory);
            }
        } catch (IOException ignored) {
            // The original failure is what the user needs to see.
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String randomHex(int count) {
        return java.util.HexFormat.of().formatHex(randomBytes(count / 2));
    }
}
