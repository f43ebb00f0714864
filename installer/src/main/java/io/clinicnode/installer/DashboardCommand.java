package io.clinicnode.installer;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.dashboard.Dashboard;
import io.clinicnode.sync.dashboard.DashboardSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code clinicnode dashboard --central-url URL --http-port P}: serves the central sync dashboard in the foreground
 * until stopped. Its database login (read-only, a member of {@code clinicnode_dashboard}) comes from the environment,
 * as central-init's does.
 */
@Command(name = "dashboard", description = "Serve the central sync dashboard (every clinic's sync state, worst first)."
        + " Its read-only database login comes from " + CentralTarget.ADMIN_USER_ENV + " and " + CentralTarget.ADMIN_PASSWORD_ENV
        + " (or the URL, for development); staff log in with accounts made by `clinicnode dashboard-user add`.")
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--central-url", required = true, paramLabel = "JDBC_URL", description = "Central database (as for central-init).")
    String centralUrl;

    @Option(names = "--http-port", defaultValue = "8090", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpPort;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--silent-after", defaultValue = "5m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Flag a clinic silent when central has not heard from it for longer (default ${DEFAULT-VALUE};"
                    + " e.g. 90s, 10m, 1h).")
    Duration silentAfter;

    @Option(names = "--behind-after", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Flag a clinic behind when its backlog is older (default ${DEFAULT-VALUE}).")
    Duration behindAfter;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DashboardSettings settings = DashboardSettings.of(CentralTarget.withAdminFromEnvironment(centralUrl), host, httpPort)
                .withSilentAfter(silentAfter)
                .withBehindAfter(behindAfter);
        Dashboard dashboard = Dashboard.start(settings);
        spec.commandLine().getOut().println("ClinicNode sync dashboard ready at http://127.0.0.1:" + dashboard.port() + "/");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "dashboard-shutdown"));
        stopped.await();
        return ClinicNodeCli.OK;
    }

    /** Reads {@code 90s}, {@code 5m}, {@code 1h} or an ISO-8601 duration ({@code PT5M}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.startsWith("pt") || text.startsWith("p")) {
                    return Duration.parse(text.toUpperCase(Locale.ROOT));
                }
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> throw new NumberFormatException();
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new TypeConversionException("'" + value + "' is not a duration; write it like 90s, 5m or 1h.");
            }
        }
    }
}
