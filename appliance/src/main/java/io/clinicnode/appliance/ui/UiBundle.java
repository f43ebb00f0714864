package io.clinicnode.appliance.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.clinicnode.appliance.ApplianceException;

/**
 * The front-desk web app, read once from the classpath folder {@code web/} when the node starts and kept
 * in memory: every file under {@code web/app/} is served at {@code /assets/VERSION/…}, where VERSION is a
 * hash of all of them, so the browser may cache them for ever (a new build has a new VERSION, and relative
 * imports between the modules keep working unchanged); {@code web/index.html} is the only page, rendered
 * with that VERSION and the clinic's locale. Text files are gzipped here once, not on every request.
 *
 * <p>Immutable and thread-safe.
 */
public final class UiBundle {
    static final String ROOT = "web";
    private static final String APP = "app/";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "woff2", "font/woff2",
            "html", "text/html; charset=utf-8");
    private static final Map<String, String> MAIN_LANGUAGE = Map.ofEntries(
            Map.entry("BR", "pt"), Map.entry("PT", "pt"), Map.entry("AO", "pt"), Map.entry("MZ", "pt"),
            Map.entry("ES", "es"), Map.entry("AR", "es"), Map.entry("MX", "es"), Map.entry("CL", "es"),
            Map.entry("CO", "es"), Map.entry("PE", "es"), Map.entry("UY", "es"), Map.entry("PY", "es"),
            Map.entry("FR", "fr"), Map.entry("DE", "de"), Map.entry("IT", "it"));
    private static final List<String> COMPRESSIBLE = List.of("js", "css", "svg", "json", "html");

    private final String version;
    private final Map<String, Asset> assets;
    private final Asset index;

    private UiBundle(String version, Map<String, Asset> assets, Asset index) {
        this.version = version;
        this.assets = assets;
        this.index = index;
    }

    /**
     * Loads the app from the classpath.
     *
     * @param locale   the clinic's locale (BCP 47, e.g. {@code pt-BR}) for dates and phone numbers
     * @param timeZone the clinic's time zone id
     */
    public static UiBundle load(String locale, String timeZone) {
        return load(ROOT, locale, timeZone);
    }

    /**
     * Loads a web app laid out like the front desk's ({@code ROOT/index.html} and {@code ROOT/app/…}) from the
     * classpath folder {@code root}; the central sync dashboard is served this way too.
     */
    public static UiBundle load(String root, String locale, String timeZone) {
        Map<String, byte[]> files = read(root);
        byte[] template = files.remove("index.html");
        if (template == null) {
            throw new ApplianceException("The build has no " + root + "/index.html; rebuild it.");
        }
        MessageDigest digest = sha256();
        Map<String, Asset> assets = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(APP)) {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
                String name = path.substring(APP.length());
                assets.put(name, Asset.of(name, bytes));
            }
        });
        String version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        String page = new String(template, StandardCharsets.UTF_8)
                .replace("{{assets}}", "/assets/" + version)
                .replace("{{locale}}", attribute(locale))
                .replace("{{timeZone}}", attribute(timeZone));
        return new UiBundle(version, Map.copyOf(assets), Asset.of("index.html", page.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The locale in which the clinic writes dates and phone numbers, from its country: the country's main
     * language where this table knows it, English otherwise.
     */
    public static String localeFor(String country) {
        String code = country.toUpperCase(Locale.ROOT);
        return MAIN_LANGUAGE.getOrDefault(code, "en") + "-" + code;
    }

    /** Hash of every asset; part of each asset's address. */
    public String version() {
        return version;
    }

    /** The page, with the current version's asset addresses. */
    public Asset index() {
        return index;
    }

    /** The asset at {@code name} (relative to {@code /assets/VERSION/}). */
    public Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /**
     * One file ready to send.
     *
     * @param contentType its media type
     * @param bytes       its content
     * @param gzipped     its gzip encoding, or null where that would not be smaller
     */
    public record Asset(String contentType, byte[] bytes, byte[] gzipped) {
        static Asset of(String name, byte[] bytes) {
            String extension = name.substring(name.lastIndexOf('.') + 1);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            byte[] gzipped = COMPRESSIBLE.contains(extension) ? gzip(bytes) : null;
            return new Asset(type, bytes, gzipped != null && gzipped.length < bytes.length ? gzipped : null);
        }
    }

    private static Map<String, byte[]> read(String root) {
        URL marker = UiBundle.class.getClassLoader().getResource(root + "/index.html");
        if (marker == null) {
            throw new ApplianceException("The build has no " + root + "/index.html; rebuild it.");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return readTree(jar.getPath("/" + root));
                } catch (FileSystemAlreadyExistsException e) {
                    // Another node in this JVM has the jar open right now; read through its view.
                    return readTree(FileSystems.getFileSystem(uri).getPath("/" + root));
                }
            }
            return readTree(Path.of(uri).getParent());
        } catch (IOException | URISyntaxException e) {
            throw new ApplianceException("Cannot read the web app from the node's build (" + marker + "): " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> readTree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                files.put(relative, Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
