package io.clinicnode.installer.box;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.clinicnode.appliance.config.ClusterSettings;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.join.JoinToken;
import io.clinicnode.cluster.join.JoinTokenLedger;
import io.clinicnode.installer.InstallerException;

/**
 * Makes join tokens on the box that signs members (the first box, holding the clinic CA's key): the token names this
 * box's HTTPS address as the seed and pins the clinic CA; its secret's hash, expiry and uses go into the ledger the
 * running node redeems from. Stateless.
 */
public final class TokenIssuer {
    private TokenIssuer() {
    }

    public static JoinToken create(BoxLayout layout, Duration ttl, int uses, Instant now) {
        NodeConfig config = BoxConfig.read(layout, Map.of());
        ClusterSettings cluster = config.cluster().orElseThrow(() -> new InstallerException(layout.configFile()
                + " has no cluster settings; it was not written by `clinicnode init`."));
        if (cluster.joinTokens().isEmpty() || config.https().isEmpty()) {
            throw new InstallerException("This box does not sign new members (it joined the clinic); create the token on the"
                    + " clinic's first box, where `clinicnode init` ran.");
        }
        ClusterCredentials credentials = ClusterCredentials.load(cluster.directory());
        if (!credentials.canIssue()) {
            throw new InstallerException(cluster.directory().resolve(ClusterCredentials.CA_KEYSTORE) + " is missing, so this box"
                    + " cannot sign new members; restore it from a backup or create the token on the box that has it.");
        }
        String seedHost = NetworkAddresses.isWildcard(config.host()) ? cluster.bindAddress().getHostAddress() : config.host();
        String seed = (seedHost.contains(":") ? "[" + seedHost + "]" : seedHost) + ":" + config.https().get().port();
        JoinToken token = JoinToken.create(credentials.caFingerprint(), seed);
        new JoinTokenLedger(cluster.joinTokens().get()).add(token, ttl, uses, now);
        return token;
    }
}
