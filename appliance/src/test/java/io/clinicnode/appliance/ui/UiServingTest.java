package io.clinicnode.appliance.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class UiServingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ASSET = Pattern.compile("(/assets/[0-9a-f]{12}/)main\\.js");

    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = NODE.node();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api().baseUrl() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String assetPrefix() throws IOException, InterruptedException {
        Matcher matcher = ASSET.matcher(new String(get("/").body()));
        assertThat(matcher.find()).as("the page links its script under a versioned path").isTrue();
        return matcher.group(1);
    }

    @Test
    void thePageIsRevalidatedOnEveryLoadAndCarriesTheStrictPolicy() throws Exception {
        HttpResponse<byte[]> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "style-src 'self'", "connect-src 'self'")
                .doesNotContainPattern("[ ;]wss?:[ ;]");
        assertThat(new String(page.body())).contains("<meta name=\"clinic-locale\" content=\"pt-BR\">")
                .doesNotContain("{{").doesNotContain("<script>").doesNotContain("style=");

        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void assetsAtTheirVersionedAddressAreCachedForAYearAndGzippedWhenAccepted() throws Exception {
        String prefix = assetPrefix();
        HttpResponse<byte[]> plain = get(prefix + "app.css");
        HttpResponse<byte[]> gzipped = get(prefix + "app.css", "Accept-Encoding", "gzip, deflate, br");

        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(get(prefix + "views/agenda.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void anAddressOfAnotherVersionIsANotCachedProblem() throws Exception {
        HttpResponse<byte[]> missing = get("/assets/000000000000/main.js");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get(assetPrefix() + "../../../openapi.yaml").statusCode()).isNotEqualTo(200);
    }

    @Test
    void gzipIsSentOnlyWhereTheBrowserAcceptsIt() {
        for (String accepted : List.of("gzip", "deflate, gzip;q=0.8", "GZIP", "br, gzip ; q=1")) {
            assertThat(UiService.acceptsGzip(accepted)).as(accepted).isTrue();
        }
        for (String refused : List.of("", "identity", "br", "gzip;q=0", "gzip; q=0.000", "x-gzip2")) {
            assertThat(UiService.acceptsGzip(refused)).as(refused).isFalse();
        }
    }

    @Test
    void theClinicsLocaleFollowsItsCountry() {
        assertThat(UiBundle.localeFor("BR")).isEqualTo("pt-BR");
        assertThat(UiBundle.localeFor("PT")).isEqualTo("pt-PT");
        assertThat(UiBundle.localeFor("ZZ")).isEqualTo("en-ZZ");
    }
}
