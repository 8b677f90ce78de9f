package dev.lakestation.jobs.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status server over real HTTP: read-only, token, loopback by default, every asset served. */
class StatusServerTest {

    private static final StatusSource SOURCE = new StatusSource() {
        @Override
        public String statusJson() {
            return "{\"title\":\"t\",\"runs\":[]}";
        }

        @Override
        public String dagMermaid() {
            return "flowchart LR\n";
        }
    };
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsAssetsAndTheStatusReadOnly() throws Exception {
        try (StatusServer s = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, null), SOURCE)) {
            assertThat(get(s.uri(), null).body()).contains("<script src=\"status.js\"");
            assertThat(get(s.uri().resolve("status.js"), null).statusCode()).isEqualTo(200);
            HttpResponse<String> mermaid = get(s.uri().resolve("mermaid.min.js"), null);
            assertThat(mermaid.statusCode()).as("Mermaid from the webjar (version in StatusServer = pom's)")
                    .isEqualTo(200);
            assertThat(mermaid.body().length()).isGreaterThan(1_000_000);
            HttpResponse<String> status = get(s.uri().resolve("api/status"), null);
            assertThat(status.body()).isEqualTo("{\"title\":\"t\",\"runs\":[]}");
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(status.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'");
            assertThat(get(s.uri().resolve("api/nope"), null).statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(s.uri().resolve("api/status"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void withATokenEveryApiRequestMustCarryIt() throws Exception {
        try (StatusServer s = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, "s3cret"), SOURCE)) {
            URI api = s.uri().resolve("api/status");
            assertThat(get(api, null).statusCode()).isEqualTo(401);
            assertThat(get(api, "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(get(api, "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(get(s.uri().resolve("api/status?token=s3cret"), null).statusCode()).isEqualTo(200);
            assertThat(get(s.uri().resolve("api/dag?token=s3cre"), null).statusCode()).isEqualTo(401);
            assertThat(get(s.uri().resolve("api/dag"), "Bearer s3cret").body()).isEqualTo("flowchart LR\n");
            // the page and its scripts hold no project data
            assertThat(get(s.uri(), null).statusCode()).isEqualTo(200);
            assertThat(get(s.uri().resolve("status.js"), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNonLoopbackAddressNeedsAnExplicitFlagAndAToken() {
        assertThatThrownBy(() -> StatusServerOptions.parse("0.0.0.0:8088", false, "t"))
                .hasMessageContaining("not a loopback address").hasMessageContaining("--http-allow-remote");
        assertThatThrownBy(() -> StatusServerOptions.parse("0.0.0.0:8088", true, " "))
                .hasMessageContaining("needs a token");
        assertThat(StatusServerOptions.parse("0.0.0.0:8088", true, "t").token()).isEqualTo("t");
        assertThat(StatusServerOptions.parse("0.0.0.0:8088", true, "t").toString()).doesNotContain("=t");
        assertThatThrownBy(() -> StatusServerOptions.parse("localhost", false, null)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> StatusServerOptions.parse("localhost:http", false, null))
                .hasMessageContaining("not a port");
        assertThat(StatusServerOptions.parse("localhost:0", false, null).address().getAddress().isLoopbackAddress())
                .isTrue();
    }

    @Test
    void theGraphGetsRunStatesOnlyForItsOwnNodes() {
        String dag = "flowchart LR\n  starbake_Orders[(\"starbake.Orders\")]\n  kpi_revenue[\"kpi.revenue\"]\n"
                + "  starbake_Orders --> kpi_revenue\n";
        String out = StatusDag.render(dag, Map.of("starbake.orders", "SUCCEEDED", "kpi.revenue", "FAILED",
                "other.table", "FAILED", "kpi.x", "NOT_A_STATE"));
        assertThat(out).startsWith(dag).contains("  class starbake_Orders SUCCEEDED\n")
                .contains("  class kpi_revenue FAILED\n").doesNotContain("other_table").doesNotContain("kpi_x");
    }
}
