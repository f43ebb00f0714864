package io.clinicnode.appliance.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real node (and its desks) for a whole test class: started in a private temporary directory before the class's
 * own {@code @BeforeAll} methods, closed and deleted after the class. Register it on a static field:
 * <pre>{@code @RegisterExtension static final NodePerClass NODE = new NodePerClass();}</pre>
 *
 * <p>Test methods of one class run one after another (JUnit's default), so the node and the clients are shared, not
 * synchronized.
 */
public final class NodePerClass implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private final Map<String, ApiClient> desks = new ConcurrentHashMap<>();
    private Path directory;
    private RunningNode node;
    private ApiClient admin;

    public NodePerClass() {
        this(Map.of());
    }

    /** @param settings node settings under {@code clinicnode.} (see {@link RunningNode#start(Path, Map)}) */
    public NodePerClass(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("clinicnode-" + context.getRequiredTestClass().getSimpleName() + "-");
        node = RunningNode.start(directory.resolve("node"), settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    public RunningNode node() {
        return node;
    }

    /** The node's data directory. */
    public Path dataDir() {
        return directory.resolve("node");
    }

    /** A client logged in as {@code admin}, the same one for the whole class. */
    public ApiClient admin() {
        if (admin == null) {
            admin = node.admin();
        }
        return admin;
    }

    /** A client logged in as a front-desk user of that name (created on first use), the same one for the class. */
    public ApiClient desk(String username) {
        return desks.computeIfAbsent(username, name -> TestClinic.frontDesk(admin(), name));
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
