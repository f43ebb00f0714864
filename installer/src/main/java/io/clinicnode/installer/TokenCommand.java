package io.clinicnode.installer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.clinicnode.cluster.join.JoinToken;
import io.clinicnode.installer.box.TokenIssuer;
import io.clinicnode.installer.box.TtlConverter;

import jakarta.json.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clinicnode token create}: a join token for new boxes, made on the clinic's first box. */
@Command(name = "token", description = "Manage the join tokens new boxes use.", subcommands = TokenCommand.Create.class)
final class TokenCommand {
    @Command(name = "create", description = "Print a new join token: it pins the clinic CA, carries a one-time secret and"
            + " names this box as the seed. Run it on the clinic's first box (where `clinicnode init` ran).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--ttl", defaultValue = "24h", converter = TtlConverter.class, paramLabel = "DURATION",
                description = "How long the token is valid: 30m, 24h, 7d (default ${DEFAULT-VALUE}).")
        Duration ttl;

        @Option(names = "--uses", defaultValue = "1", paramLabel = "N", description = "How many boxes may join with it (default ${DEFAULT-VALUE}).")
        int uses;

        @Option(names = "--json", description = "Print {\"token\",\"expiresAt\",\"uses\",\"seed\"} instead of the token alone.")
        boolean json;

        @Mixin
        BoxOptions box;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (uses < 1 || uses > 100) {
                throw new InstallerException("--uses must be between 1 and 100, was " + uses + ".");
            }
            Instant now = Instant.now();
            JoinToken token = TokenIssuer.create(box.layout(), ttl, uses, now);
            if (json) {
                spec.commandLine().getOut().println(Json.createObjectBuilder().add("token", token.toString())
                        .add("expiresAt", now.plus(ttl).toString()).add("uses", uses).add("seed", token.seed()).build());
            } else {
                spec.commandLine().getOut().println(token);
                spec.commandLine().getErr().println("Valid for " + TtlConverter.format(ttl) + " (until " + now.plus(ttl) + "), "
                        + uses + (uses == 1 ? " join" : " joins") + ". On the new box: clinicnode join '" + token + "'");
            }
            return ClinicNodeCli.OK;
        }
    }
}
