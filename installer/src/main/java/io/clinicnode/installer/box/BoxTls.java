package io.clinicnode.installer.box;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;

import io.clinicnode.cluster.pki.PemFiles;
import io.clinicnode.installer.InstallerException;

/**
 * The HTTPS certificate of a box that joined: the clinic CA signed it at the join (the key never left the box), and
 * the node serves it with {@code tls-cert}/{@code tls-key}/{@code tls-ca}. The first box needs none: it holds the
 * clinic CA's key and issues its own at every start. Stateless.
 */
public final class BoxTls {
    public static final String CERTIFICATE = "server.pem";
    public static final String KEY = "server-key.pem";
    public static final String CA = "ca.pem";

    private BoxTls() {
    }

    /** Writes the chain (server first), its key (mode 600) and the clinic CA into {@link BoxLayout#tlsDir()}. */
    public static void write(BoxLayout layout, String chainPem, PrivateKey key, String caPem) {
        Path directory = layout.tlsDir();
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            PemFiles.writePrivateKey(directory.resolve(KEY), key);
            Files.writeString(directory.resolve(CERTIFICATE), chainPem, StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve(CA), caPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InstallerException("Cannot write the HTTPS certificate to " + directory + ": " + e.getMessage(), e);
        }
    }
}
