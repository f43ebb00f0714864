package io.clinicnode.installer.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.clinicnode.installer.InstallerException;

/**
 * A ClinicNode node running in a child JVM, started the way the {@code clinicnode} launcher starts one: the
 * JVM flags the build declares ({@code clinicnode.jvm.flags}), this JVM's class path, and
 * {@code ClinicNodeCli node --data-dir D --http-port 0 --host 127.0.0.1}. The bench and the multi-process
 * tests (kill -9, clean restart) use it.
 *
 * <p>{@link Builder#start()} returns once the node printed its ready line (which names the port it bound)
 * and {@code /observe/health} answered 200. A daemon thread drains the node's output; its last lines go
 * into error messages and can be read with {@link #outputTail()}.
 *
 * <p>Not thread-safe: one thread starts, stops and kills a node. {@link #outputTail()} may be called from any
 * thread.
 */
public final class NodeProcess implements AutoCloseable {
    /** Environment variable the node takes the first admin password from (never the command line). */
    public static final String ADMIN_PASSWORD_ENV = "CLINICNODE_ADMIN_PASSWORD";
    /** Exit code of a JVM killed by SIGKILL (128 + 9). */
    public static final int KILLED_EXIT_CODE = 137;
    /** Exit code of a JVM that ran its shutdown hooks after SIGTERM (128 + 15). */
    public static final int TERMINATED_EXIT_CODE = 143;

    private static final String MAIN_CLASS = "io.clinicnode.installer.ClinicNodeCli";
    private static final Pattern READY_LINE = Pattern.compile("ClinicNode (\\S+) \\(clinic \\S+\\) ready at (http://[^/\\s]+)/?\\s*");
    private static final int TAIL_LINES = 200;
    private static final Duration HEALTH_POLL = Duration.ofMillis(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final Path dataDir;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Matcher> readyLine = new CompletableFuture<>();
    private URI baseUri;
    private String nodeId;
    private Duration startupTime;

    private NodeProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        Thread.ofPlatform().daemon().name("node-output-" + process.pid()).start(() -> {
            drain(process.getInputStream(), this::remember);
            // The output ended: the process is gone. Without a ready line by now there will never be one.
            readyLine.completeExceptionally(new InstallerException("The node's output ended before its ready line"));
        });
    }

    /** Starts describing a node process on {@code dataDir} (created by the node if it does not exist). */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * The command line that runs {@code clinicnode args…} in a new JVM as the launcher would: this JVM's
     * {@code java}, the build's JVM flags, this JVM's class path (made absolute, so any working directory
     * works) and the CLI's main class.
     */
    public static List<String> cliCommand(List<String> args) {
        return javaCommand(MAIN_CLASS, args);
    }

    /** Like {@link #cliCommand}, for another command-line program on the same class path (e.g. the benches'). */
    public static List<String> javaCommand(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.FLAGS);
        command.add("-cp");
        command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code clinicnode args…} in a child JVM to its end, handing each line it prints to {@code lines}.
     *
     * @return the child's exit code
     */
    public static int runCli(List<String> args, Map<String, String> environment, Duration timeout, Consumer<String> lines) {
        return run(cliCommand(args), args, environment, timeout, lines);
    }

    /** Runs {@code mainClass args…} (a program on this JVM's class path) in a child JVM to its end; see {@link #runCli}. */
    public static int runJava(String mainClass, List<String> args, Map<String, String> environment, Duration timeout,
                              Consumer<String> lines) {
        return run(javaCommand(mainClass, args), args, environment, timeout, lines);
    }

    private static int run(List<String> commandLine, List<String> args, Map<String, String> environment, Duration timeout,
                           Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InstallerException("Cannot start a JVM for 'clinicnode " + String.join(" ", args) + "': " + e.getMessage(), e);
        }
        Thread reader = Thread.ofPlatform().daemon().name("cli-output-" + process.pid())
                .start(() -> drain(process.getInputStream(), lines));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new InstallerException("'clinicnode " + String.join(" ", args) + "' did not finish within " + timeout
                        + "; it was killed.");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while 'clinicnode " + String.join(" ", args) + "' ran; it was killed.", e);
        }
    }

    /** The node's HTTP address, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return baseUri;
    }

    public String nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** From spawning the JVM to the first 200 from {@code /observe/health}. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the node with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no flush, as
     * {@code kill -9} would. Returns once the process is gone.
     *
     * @return its exit code, {@value #KILLED_EXIT_CODE} when SIGKILL ended it
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30), "after SIGKILL");
    }

    /**
     * Asks the node to stop with SIGTERM; it writes what is queued and closes its journal and database.
     *
     * @return its exit code, {@value #TERMINATED_EXIT_CODE} after a clean stop on SIGTERM
     * @throws InstallerException when it has not exited within {@code timeout} (it is then killed)
     */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            return awaitExit(timeout, "after SIGTERM");
        } catch (InstallerException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The node's last lines of output (stdout and stderr), oldest first. */
    public List<String> outputTail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Stops the node cleanly if it still runs, and kills it if it does not stop within 30 seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    private void awaitReady(long spawnedAtNanos, Duration timeout) {
        long deadline = spawnedAtNanos + timeout.toNanos();
        Matcher ready;
        try {
            ready = readyLine.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InstallerException("The node on " + dataDir + " printed no ready line within " + timeout + "."
                    + describeOutput());
        } catch (ExecutionException e) {
            awaitExitQuietly();
            throw new InstallerException("The node on " + dataDir + " exited"
                    + (process.isAlive() ? "" : " with code " + process.exitValue()) + " before it was ready." + describeOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while waiting for the node on " + dataDir + " to be ready.", e);
        }
        nodeId = ready.group(1);
        baseUri = URI.create(ready.group(2));
        awaitHealthy(deadline, timeout);
        startupTime = Duration.ofNanos(System.nanoTime() - spawnedAtNanos);
    }

    /** Polls {@code /observe/health} until it answers 200, the process dies or the deadline passes. */
    private void awaitHealthy(long deadline, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/observe/health")).timeout(Duration.ofSeconds(2)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstallerException("Interrupted while waiting for the node on " + dataDir + " to be healthy.", e);
            }
            pause(HEALTH_POLL);
        }
        throw new InstallerException("The node on " + dataDir + " at " + baseUri + " was not healthy within " + timeout
                + " (alive=" + process.isAlive() + ", last health answer: " + last + ")." + describeOutput());
    }

    private int awaitExit(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new InstallerException("The node process " + process.pid() + " on " + dataDir + " still runs " + timeout
                        + " " + what + "." + describeOutput());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while waiting for node process " + process.pid() + " to exit " + what + ".", e);
        }
    }

    private void awaitExitQuietly() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        Matcher matcher = READY_LINE.matcher(line);
        if (matcher.matches()) {
            readyLine.complete(matcher);
        }
    }

    private String describeOutput() {
        List<String> lines = outputTail();
        List<String> last = lines.subList(Math.max(0, lines.size() - 40), lines.size());
        return last.isEmpty() ? " It printed nothing." : " Its last output:\n    " + String.join("\n    ", last);
    }

    private static void drain(InputStream output, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // The stream closes when the process dies; there is nothing more to read.
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while waiting for a node process.", e);
        }
    }

    /** What to start: data directory, first admin password, optional config file, and how long to wait. */
    public static final class Builder {
        private final Path dataDir;
        private String adminPassword;
        private Path configFile;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private int httpPort;
        private String host = "127.0.0.1";
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> commandPrefix = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath();
        }

        /** Password of the first {@code admin} user; used by the node only when the data directory is new. */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        /** A YAML file with further node settings ({@code --config}). */
        public Builder configFile(Path file) {
            this.configFile = file.toAbsolutePath();
            return this;
        }

        /** The HTTP port ({@code --http-port}); 0, the default, picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** The address the node serves HTTP on ({@code --host}); 127.0.0.1 unless given. */
        public Builder host(String address) {
            this.host = address;
            return this;
        }

        /**
         * A command the node's JVM is run through, e.g. {@code ip netns exec NAME} to run it in a network namespace;
         * it must exec the JVM (so that stopping and killing reach the JVM itself).
         */
        public Builder commandPrefix(List<String> prefix) {
            this.commandPrefix.addAll(prefix);
            return this;
        }

        /** Further {@code clinicnode node} options, e.g. {@code --cluster-dir DIR --cluster-port C --peers …}. */
        public Builder arguments(List<String> arguments) {
            this.extraArgs.addAll(arguments);
            return this;
        }

        /** How long the node may take from spawn to healthy before {@link #start()} gives up and kills it. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Spawns the node and returns once it is ready and healthy; kills it and throws if it is not in time. */
        /** Adds a JVM option (e.g. a {@code -D} system property a test hook reads) to the node's command line. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public NodeProcess start() {
            if (adminPassword == null || adminPassword.isBlank()) {
                throw new IllegalStateException("A node process needs an admin password (adminPassword(…)): without one a new"
                        + " node writes a random password to a file and the caller cannot log in.");
            }
            List<String> args = new ArrayList<>(List.of("node", "--data-dir", dataDir.toString(), "--http-port",
                    Integer.toString(httpPort), "--host", host));
            args.addAll(extraArgs);
            if (configFile != null) {
                args.addAll(List.of("--config", configFile.toString()));
            }
            List<String> command = new ArrayList<>(commandPrefix);
            List<String> java = new ArrayList<>(cliCommand(args));
            java.addAll(1, jvmOptions);
            command.addAll(java);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(ADMIN_PASSWORD_ENV, adminPassword);
            long spawnedAt = System.nanoTime();
            NodeProcess node;
            try {
                node = new NodeProcess(builder.start(), dataDir);
            } catch (IOException e) {
                throw new InstallerException("Cannot start a JVM for a node on " + dataDir + ": " + e.getMessage(), e);
            }
            try {
                node.awaitReady(spawnedAt, readyTimeout);
                return node;
            } catch (RuntimeException e) {
                node.process.destroyForcibly();
                throw e;
            }
        }
    }

    /** The JVM flags the build declares in {@code clinicnode.jvm.flags}, filtered into a resource at build time. */
    private static final class JvmFlags {
        private static final String RESOURCE = "jvm-flags.txt";
        private static final List<String> FLAGS = load();

        private static List<String> load() {
            try (InputStream in = NodeProcess.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new InstallerException("The resource " + RESOURCE + " is missing from the installer's build; rebuild it with Maven.");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (text.isEmpty() || text.contains("${")) {
                    throw new InstallerException("The resource " + RESOURCE + " holds '" + text + "' instead of JVM flags;"
                            + " the installer was not built with Maven resource filtering. Rebuild it with ./mvnw package.");
                }
                return List.of(text.split("\\s+"));
            } catch (IOException e) {
                throw new InstallerException("Cannot read the resource " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
    }
}
