package io.clinicnode.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.clinicnode.cluster.internal.Certificates;
import io.clinicnode.cluster.internal.PrivateFiles;
import io.clinicnode.cluster.pki.CertificateAuthority;

/**
 * A clinic's cluster credentials, loaded from the directory that {@link ClusterInit} created:
 * <ul>
 *   <li>{@value #PROPERTIES}: format, cluster name, CA fingerprint, the keystores' password;</li>
 *   <li>{@value #CA_CERTIFICATE}: the clinic CA certificate, the only trust anchor of the cluster's TLS;</li>
 *   <li>{@value #MEMBER_KEYSTORE}: a member key and certificate signed by the clinic CA;</li>
 *   <li>{@value #CLUSTER_KEY}: a 256-bit AES key (base64) for values kept outside TLS (e.g. Hazelcast);</li>
 *   <li>optional, on nodes that may provision others: {@value #CA_KEYSTORE} (the CA's private key) and
 *       {@value #JOIN_SECRET}, from which {@link #joinToken()} is derived.</li>
 * </ul>
 * Every failure names the file concerned. Immutable and thread-safe.
 */
public final class ClusterCredentials {
    public static final String PROPERTIES = "cluster.properties";
    public static final String CA_CERTIFICATE = "ca.pem";
    public static final String CA_KEYSTORE = "ca.p12";
    public static final String MEMBER_KEYSTORE = "member.p12";
    public static final String CLUSTER_KEY = "cluster.key";
    public static final String JOIN_SECRET = "join.secret";
    static final String FORMAT = "1";
    static final String MEMBER_ALIAS = "member";
    static final String CA_ALIAS = "ca";
    /** Version prefix of join tokens; a later format gets a new prefix. */
    static final String TOKEN_PREFIX = "CN1";

    private final Path directory;
    private final String clusterName;
    private final X509Certificate caCertificate;
    private final PrivateKey memberKey;
    private final X509Certificate memberCertificate;
    private final byte[] clusterKey;
    private final Optional<PrivateKey> caKey;
    private final Optional<String> joinSecret;

    private ClusterCredentials(Path directory, String clusterName, X509Certificate caCertificate, PrivateKey memberKey,
            X509Certificate memberCertificate, byte[] clusterKey, Optional<PrivateKey> caKey, Optional<String> joinSecret) {
        this.directory = directory;
        this.clusterName = clusterName;
        this.caCertificate = caCertificate;
        this.memberKey = memberKey;
        this.memberCertificate = memberCertificate;
        this.clusterKey = clusterKey;
        this.caKey = caKey;
        this.joinSecret = joinSecret;
    }

    /** Loads and checks a cluster directory; throws {@link ClusterCredentialsException} naming the bad file. */
    public static ClusterCredentials load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ClusterCredentialsException("The cluster directory " + directory + " does not exist; create it with"
                    + " `clinicnode cluster-init " + directory + "` on the clinic's first node and copy it to the others.");
        }
        Properties properties = readProperties(directory.resolve(PROPERTIES));
        Path propertiesFile = directory.resolve(PROPERTIES);
        String format = required(properties, propertiesFile, "format");
        if (!FORMAT.equals(format)) {
            throw new ClusterCredentialsException(propertiesFile + " has format " + format + ", this release reads format "
                    + FORMAT + "; upgrade this node.");
        }
        String clusterName = required(properties, propertiesFile, "cluster-name");
        char[] password = required(properties, propertiesFile, "store-password").toCharArray();

        Path caFile = directory.resolve(CA_CERTIFICATE);
        X509Certificate ca = readCertificate(caFile);
        String expectedFingerprint = required(properties, propertiesFile, "ca-fingerprint");
        if (!Certificates.fingerprint(ca).equals(expectedFingerprint)) {
            throw new ClusterCredentialsException(caFile + " is not the CA this cluster was created with (" + propertiesFile
                    + " expects SHA-256 " + expectedFingerprint + "); restore the directory from cluster-init.");
        }
        checkValid(ca, caFile);

        Path memberFile = directory.resolve(MEMBER_KEYSTORE);
        KeyStore memberStore = readKeyStore(memberFile, password);
        PrivateKey memberKey = privateKey(memberStore, MEMBER_ALIAS, password, memberFile);
        X509Certificate memberCertificate = certificate(memberStore, MEMBER_ALIAS, memberFile);
        checkValid(memberCertificate, memberFile);
        try {
            memberCertificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ClusterCredentialsException(memberFile + " holds a certificate that was not issued by " + caFile
                    + "; the files come from different cluster-init runs.");
        }

        byte[] clusterKey = readClusterKey(directory.resolve(CLUSTER_KEY));

        Path caKeyFile = directory.resolve(CA_KEYSTORE);
        Optional<PrivateKey> caKey = Optional.empty();
        if (Files.exists(caKeyFile)) {
            KeyStore caStore = readKeyStore(caKeyFile, password);
            PrivateKey key = privateKey(caStore, CA_ALIAS, password, caKeyFile);
            if (!certificate(caStore, CA_ALIAS, caKeyFile).equals(ca)) {
                throw new ClusterCredentialsException(caKeyFile + " holds another CA than " + caFile
                        + "; the files come from different cluster-init runs.");
            }
            caKey = Optional.of(key);
        }
        Path secretFile = directory.resolve(JOIN_SECRET);
        Optional<String> joinSecret = Files.exists(secretFile) ? Optional.of(readSecretText(secretFile)) : Optional.empty();
        return new ClusterCredentials(directory, clusterName, ca, memberKey, memberCertificate, clusterKey, caKey, joinSecret);
    }

    static ClusterCredentials of(Path directory, String clusterName, X509Certificate ca, KeyPair member,
            X509Certificate memberCertificate, byte[] clusterKey, PrivateKey caKey, String joinSecret) {
        return new ClusterCredentials(directory, clusterName, ca, member.getPrivate(), memberCertificate, clusterKey.clone(),
                Optional.ofNullable(caKey), Optional.ofNullable(joinSecret));
    }

    public Path directory() {
        return directory;
    }

    /** The JGroups cluster name, derived from the CA: two clinics on one LAN never share it. */
    public String clusterName() {
        return clusterName;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** SHA-256 of the clinic CA certificate, lower-case hex. */
    public String caFingerprint() {
        return Certificates.fingerprint(caCertificate);
    }

    public X509Certificate memberCertificate() {
        return memberCertificate;
    }

    /** The 256-bit cluster key as an AES key. */
    public SecretKey clusterKey() {
        return new SecretKeySpec(clusterKey, "AES");
    }

    /** Whether this directory holds the CA's private key, so that it can issue member certificates. */
    public boolean canIssue() {
        return caKey.isPresent();
    }

    /** The clinic CA, to issue the nodes' web server certificates; empty without {@value #CA_KEYSTORE}. */
    public Optional<CertificateAuthority> authority() {
        return caKey.map(key -> CertificateAuthority.of(caCertificate, key));
    }

    /**
     * The same credentials with a fresh key and certificate of this node's own (common name = node id), signed by
     * the clinic CA in memory; needs {@link #canIssue()}. Each member then proves its own identity in TLS.
     */
    public ClusterCredentials forNode(String nodeId) {
        PrivateKey issuer = caKey.orElseThrow(() -> new ClusterCredentialsException(directory.resolve(CA_KEYSTORE)
                + " is missing, so this node cannot issue its own certificate; use the member certificate in "
                + directory.resolve(MEMBER_KEYSTORE) + "."));
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate certificate = Certificates.member(nodeId, keys.getPublic(), caCertificate, issuer);
        return new ClusterCredentials(directory, clusterName, caCertificate, keys.getPrivate(), certificate, clusterKey,
                caKey, joinSecret);
    }

    /**
     * The token a technician types on a new node (k3s-style): {@code CN1::<SHA-256 of the CA certificate>::<join
     * secret>}. The fingerprint lets the new node check it talks to this clinic before sending anything; the secret
     * proves to the clinic that the technician was given the token.
     */
    public String joinToken() {
        String secret = joinSecret.orElseThrow(() -> new ClusterCredentialsException(directory.resolve(JOIN_SECRET)
                + " is missing; join tokens are made on a node whose cluster directory came from cluster-init."));
        return TOKEN_PREFIX + "::" + caFingerprint() + "::" + secret;
    }

    /**
     * A TLS 1.3 context for the cluster transport: this member's certificate as key, the clinic CA as the only
     * trust anchor (the JDK's default CAs are not trusted).
     */
    public SSLContext sslContext() {
        try {
            char[] transientPassword = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(MEMBER_ALIAS, memberKey, transientPassword, new Certificate[] {memberCertificate, caCertificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, transientPassword);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(CA_ALIAS, caCertificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);

            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ClusterException("Could not set up TLS from " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClusterCredentials[" + directory + ", " + clusterName + ", CA SHA-256 " + caFingerprint() + "]";
    }

    private static Properties readProperties(Path file) {
        String text = readSecretText(file);
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterCredentialsException(file + " is not a properties file: " + e.getMessage(), e);
        }
        return properties;
    }

    private static String required(Properties properties, Path file, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ClusterCredentialsException(file + " has no '" + key + "'; restore the directory from cluster-init.");
        }
        return value.strip();
    }

    private static X509Certificate readCertificate(Path file) {
        byte[] content = readBytes(file, false);
        try (InputStream in = new ByteArrayInputStream(content)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | IOException e) {
            throw new ClusterCredentialsException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static void checkValid(X509Certificate certificate, Path file) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new ClusterCredentialsException(file + " holds a certificate that expired on " + certificate.getNotAfter().toInstant()
                    + "; provision this node again.");
        } catch (CertificateNotYetValidException e) {
            throw new ClusterCredentialsException(file + " holds a certificate valid only from " + certificate.getNotBefore().toInstant()
                    + "; check this machine's clock.");
        }
    }

    private static KeyStore readKeyStore(Path file, char[] password) {
        byte[] content = readBytes(file, true);
        try (InputStream in = new ByteArrayInputStream(content)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ClusterCredentialsException(file + " cannot be opened with the password in " + PROPERTIES + " ("
                    + e.getMessage() + "); the files come from different cluster-init runs or the keystore is damaged.", e);
        }
    }

    private static PrivateKey privateKey(KeyStore store, String alias, char[] password, Path file) {
        try {
            if (store.getKey(alias, password) instanceof PrivateKey key) {
                return key;
            }
        } catch (GeneralSecurityException e) {
            throw new ClusterCredentialsException(file + " has an unreadable private key '" + alias + "': " + e.getMessage(), e);
        }
        throw new ClusterCredentialsException(file + " has no private key '" + alias + "'; restore the directory from cluster-init.");
    }

    private static X509Certificate certificate(KeyStore store, String alias, Path file) {
        try {
            if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (GeneralSecurityException e) {
            throw new ClusterCredentialsException(file + " has an unreadable certificate '" + alias + "': " + e.getMessage(), e);
        }
        throw new ClusterCredentialsException(file + " has no certificate '" + alias + "'; restore the directory from cluster-init.");
    }

    private static byte[] readClusterKey(Path file) {
        String text = readSecretText(file);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ClusterCredentialsException(file + " must hold a 256-bit key in base64, but it is not base64.");
        }
        if (key.length != 32) {
            throw new ClusterCredentialsException(file + " must hold a 256-bit key in base64, found " + key.length * 8 + " bits.");
        }
        return key;
    }

    private static String readSecretText(Path file) {
        return new String(readBytes(file, true), StandardCharsets.UTF_8).strip();
    }

    private static byte[] readBytes(Path file, boolean secret) {
        if (!Files.isRegularFile(file)) {
            throw new ClusterCredentialsException(file + " is missing; a cluster directory holds "
                    + Arrays.asList(PROPERTIES, CA_CERTIFICATE, MEMBER_KEYSTORE, CLUSTER_KEY) + " from `clinicnode cluster-init`.");
        }
        try {
            if (secret && PrivateFiles.isShared(file)) {
                throw new ClusterCredentialsException(file + " may be read by other users (mode " + PrivateFiles.mode(file)
                        + "); run `chmod 600 " + file + "` and start again.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ClusterCredentialsException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
