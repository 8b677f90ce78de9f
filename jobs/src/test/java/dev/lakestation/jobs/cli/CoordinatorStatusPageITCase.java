package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation coordinator --http}: the status page of a running coordinator, in a child JVM (the real CLI,
 * service, state store and HTTP server; jobs are {@link CoordinatorChildMain.MarkerRunner}s). The child is held
 * inside the transform's job, so the page must show the load SUCCEEDED and the transform RUNNING, in the runs and as
 * node classes of the graph, read while the coordinator is busy. The browser rendering of the same API is
 * {@code StatusPageBrowserITCase}'s.
 */
class CoordinatorStatusPageITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @BeforeEach
    void project() throws IOException {
        CoordinatorCliProject.write(root, "0 * * * *");
    }

    @AfterEach
    void stop() throws InterruptedException {
        CoordinatorKillITCase.Child.killLeftovers();
    }

    @Test
    void thePageShowsTheRunsAndTheGraphOfTheRunningCoordinator() throws Exception {
        CoordinatorKillITCase.Child child = CoordinatorKillITCase.Child.start(root, "during transform:kpi.t@20240301T0100", "coordinator",
                "--clock-start", "2024-03-01T00:30:00Z", "--until", "2024-03-01T03:30:00Z", "--http", "127.0.0.1:0",
                // the UI the page links jobs to (the child's jobs are MarkerRunner calls: nothing connects to it)
                "--flink", "http://flink.example:8081");
        URI page = URI.create(after(child.awaitLine("status page: "), "status page: "));
        child.awaitLine("PAUSED during transform:kpi.t@20240301T0100");

        HttpResponse<String> status = get(page.resolve("/api/status"), null);
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(status.body());
        assertThat(json.get("title").asText()).isEqualTo(root.getFileName().toString());
        List<String> runs = new ArrayList<>();
        json.get("runs").forEach(r -> runs.add(r.get("runId").asText() + " " + r.get("status").asText()));
        assertThat(runs).containsExactly("transform:kpi.t@20240301T0100 RUNNING",
                "load:cron1@20240301T0100 SUCCEEDED");
        // the job id the runner reported, saved while its call is still in progress, and the UI to link it to
        JsonNode running = json.get("runs").get(0);
        String job = CoordinatorChildMain.MarkerRunner.jobIdOf("transform:kpi.t@20240301T0100", 1);
        assertThat(running.get("flinkJobId").asText()).isEqualTo(job);
        assertThat(running.get("flinkJobIds").size()).isEqualTo(1);
        assertThat(json.get("runs").get(1).get("flinkJobId").asText())
                .isEqualTo(CoordinatorChildMain.MarkerRunner.jobIdOf("load:cron1@20240301T0100", 1));
        assertThat(json.get("flinkUi").asText()).isEqualTo("http://flink.example:8081");
        assertThat(json.get("pipelines").findValuesAsText("id")).contains("load:cron1", "transform:kpi.t");

        String dag = get(page.resolve("/api/dag"), null).body();
        assertThat(dag).startsWith("flowchart").contains("  class sales_orders SUCCEEDED\n", "  class kpi_t RUNNING\n");

        HttpResponse<String> html = get(page, null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Security-Policy")).isPresent();
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(page.resolve("/api/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aNonLoopbackAddressNeedsBothTheFlagAndATokenAndThenTheApiNeedsTheToken() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(LakestationCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "coordinator",
                "--root", root.toString(), "--http", "0.0.0.0:0")).isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--http 0.0.0.0:0 is not a loopback address", "--http-allow-remote");
        err.getBuffer().setLength(0);
        assertThat(LakestationCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "coordinator",
                "--root", root.toString(), "--http", "0.0.0.0:0", "--http-allow-remote", "--http-token", ""))
                .isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(err.toString()).contains("needs a token");

        CoordinatorKillITCase.Child child = CoordinatorKillITCase.Child.start(root, "during transform:kpi.t@20240301T0100", "coordinator",
                "--clock-start", "2024-03-01T00:30:00Z", "--until", "2024-03-01T03:30:00Z", "--http", "0.0.0.0:0",
                "--http-allow-remote", "--http-token", "s3cret-token");
        String line = child.awaitLine("status page: ");
        assertThat(line).endsWith("(token required)").doesNotContain("s3cret-token");
        int port = URI.create(after(line, "status page: ").split(" ")[0]).getPort();
        URI api = URI.create("http://127.0.0.1:" + port + "/api/status");
        child.awaitLine("PAUSED during");

        assertThat(get(api, null).statusCode()).isEqualTo(401);
        assertThat(get(api, "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(api, "s3cret-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("transform:kpi.t@20240301T0100");
        assertThat(get(URI.create("http://127.0.0.1:" + port + "/api/dag?token=s3cret-token"), null).statusCode())
                .isEqualTo(200);
        assertThat(child.output()).doesNotContain("s3cret-token");
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String after(String line, String marker) {
        return line.substring(line.indexOf(marker) + marker.length()).trim();
    }
}
