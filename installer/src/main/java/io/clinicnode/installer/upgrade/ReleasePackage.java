package io.clinicnode.installer.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.box.BoxLayout;

/**
 * A release package from {@code ./clinicnode dist} on its way into a box installed from the tar.gz: unpacked beside
 * the release in use as {@code ROOT/opt/clinicnode-VERSION} ({@link #stage}), asked what it is by its own
 * {@code bin/clinicnode version --json} (so the package, not this release, says which formats it writes), then made
 * the one in use by turning the {@code ROOT/opt/clinicnode} link to it in one rename ({@link #activate}). The release
 * before stays on disk, so going back is turning the link back. Stateless.
 */
public final class ReleasePackage {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

    /** A release unpacked and asked, not yet in use. */
    public record Staged(Path directory, Release release) {
    }

    private ReleasePackage() {
    }

    /** {@code ROOT/opt/clinicnode}: the link the service's {@code ExecStart} goes through. */
    public static Path link(BoxLayout layout) {
        return layout.root().resolve("opt/clinicnode");
    }

    /** Unpacks {@code tarball} under {@code ROOT/opt} and asks it for its release; nothing in use changes. */
    public static Staged stage(Path tarball, BoxLayout layout) {
        if (!Files.isRegularFile(tarball)) {
            throw new InstallerException("There is no package at " + tarball + ".");
        }
        if (!tarball.getFileName().toString().endsWith(".tar.gz")) {
            throw new InstallerException(tarball.getFileName() + " is not a clinicnode-VERSION-linux-x64.tar.gz package"
                    + " (a box installed from the .deb is upgraded with `apt install ./clinicnode_VERSION_amd64.deb`).");
        }
        Path link = link(layout);
        if (Files.isDirectory(link) && !Files.isSymbolicLink(link)) {
            throw new InstallerException("This box was installed from the Debian package (" + link + " is a directory):"
                    + " upgrade it with `apt install ./clinicnode_VERSION_amd64.deb`, one box at a time.");
        }
        Path opt = link.getParent();
        Path staging;
        try {
            Files.createDirectories(opt);
            staging = Files.createTempDirectory(opt, ".clinicnode-upgrade-");
        } catch (IOException e) {
            throw new InstallerException("Cannot unpack under " + opt + ": " + e.getMessage(), e);
        }
        try {
            run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", staging.toString()), "unpack " + tarball);
            Path unpacked;
            try (Stream<Path> entries = Files.list(staging)) {
                List<Path> top = entries.toList();
                if (top.size() != 1 || !top.getFirst().getFileName().toString().startsWith("clinicnode-")
                        || !Files.isExecutable(top.getFirst().resolve("bin/clinicnode"))) {
                    throw new InstallerException(tarball.getFileName() + " is not a ClinicNode package (no"
                            + " clinicnode-VERSION/bin/clinicnode in it).");
                }
                unpacked = top.getFirst();
            }
            String answer = run(List.of(unpacked.resolve("bin/clinicnode").toString(), "version", "--json"),
                    "ask the package for its version");
            Release release = answer.lines().map(Release::parse).flatMap(java.util.Optional::stream).findFirst()
                    .orElseThrow(() -> new InstallerException(tarball.getFileName() + " did not say which release it is;"
                            + " it is not a ClinicNode package this installer can upgrade to."));
            Path target = opt.resolve("clinicnode-" + release.version());
            if (Files.exists(target) && target.toRealPath().equals(inUse(layout))) {
                throw new InstallerException("This box already runs " + release.version() + ".");
            }
            deleteTree(target);
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            return new Staged(target, release);
        } catch (IOException e) {
            throw new InstallerException("Cannot unpack " + tarball + ": " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    /** Makes {@code staged} the release in use: {@code ROOT/opt/clinicnode} points to it after one atomic rename. */
    public static void activate(Staged staged, BoxLayout layout) {
        Path link = link(layout);
        Path next = link.resolveSibling(".clinicnode.next");
        try {
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, link.getParent().relativize(staged.directory()));
            Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InstallerException("Cannot point " + link + " to " + staged.directory() + ": " + e.getMessage(), e);
        }
    }

    /** Removes a staged release that will not be used. */
    public static void discard(Staged staged) {
        deleteTree(staged.directory());
    }

    /** The launcher of the release in use: what the service runs. */
    public static Path launcher(BoxLayout layout) {
        return link(layout).resolve("bin/clinicnode");
    }

    private static Path inUse(BoxLayout layout) throws IOException {
        Path link = link(layout);
        return Files.exists(link) ? link.toRealPath() : link;
    }

    private static String run(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InstallerException("Could not " + what + " within " + ASK_TIMEOUT.toSeconds() + " s.");
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new InstallerException("Could not " + what + ": " + (text.isEmpty() ? "exit code " + process.exitValue()
                        : text.lines().reduce((first, second) -> second).orElse(text)));
            }
            return text;
        } catch (IOException e) {
            throw new InstallerException("Could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while trying to " + what, e);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new InstallerException("Cannot remove " + directory + ": " + e.getMessage(), e);
        }
    }
}
