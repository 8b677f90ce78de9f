package dev.lakestation.jobs.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in headless Chromium (Debian's chromium + chromium-driver, which .ci/run installs and then
 * requires through {@code LAKESTATION_REQUIRE_BROWSER}): it loads, shows runs and the graph with run states,
 * updates after a new run, and shows project-supplied strings as text.
 */
class StatusPageBrowserITCase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static ChromeDriver browser;

    private final AtomicReference<String> status = new AtomicReference<>();
    private final AtomicReference<String> dag = new AtomicReference<>();
    private final StatusSource source = new StatusSource() {
        @Override
        public String statusJson() {
            return status.get();
        }

        @Override
        public String dagMermaid() {
            return dag.get();
        }
    };

    @BeforeAll
    static void startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (System.getenv("LAKESTATION_REQUIRE_BROWSER") != null) {
            assertThat(present).as("chromium and chromedriver in /usr/bin (apt-get install chromium chromium-driver)")
                    .isTrue();
        }
        Assumptions.assumeTrue(present, "no headless Chromium here: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String run(String pipeline, String period, String status, String runId, String message) {
        return """
                {"pipeline": "%s", "period": "%s", "status": "%s", "attempt": 1, "runId": "%s",
                 "started": "2026-12-01T00:00:01Z", "finished": "2026-12-01T00:00:09Z", "message": %s}"""
                .formatted(pipeline, period, status, runId, message == null ? "null" : message);
    }

    private static String statusJson(String... runs) {
        return """
                {"title": "starbake", "generatedAt": "2026-12-01T00:01:00Z",
                 "runs": [%s],
                 "pipelines": [
                   {"id": "load:starbake", "kind": "LOAD", "trigger": "cron 0 0 * * * (UTC)", "lastTick": "2026-12-01 00:00",
                    "nextRun": "2026-12-02T00:00:00Z", "waiting": []},
                   {"id": "transform:kpi.revenue", "kind": "TRANSFORM", "trigger": "datasets (all): starbake.orders",
                    "waiting": [{"dataset": "starbake.orders", "period": "2026-12-02 00:00", "detail": "no event yet"}]}],
                 "datasets": [],
                 "alerts": [{"dataset": "starbake.orders", "alert": "WARN", "lastEvent": "2026-12-01T00:00:09Z",
                             "warnAfter": "PT1H"}]}""".formatted(String.join(",", runs));
    }

    private static final String GRAPH = "flowchart LR\n  starbake_orders[(\"starbake.orders\")]\n"
            + "  kpi_revenue[\"kpi.revenue\"]\n  starbake_orders --> kpi_revenue\n";

    private static int polls() {
        Object n = browser.executeScript("return Number(document.body.dataset.polls || 0)");
        return ((Number) n).intValue();
    }

    private WebDriverWait waiting() {
        // a condition is read from a page that may be re-rendering: an element gone stale means "look again"
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Test
    void showsRunsWaitsAlertsAndTheColouredGraphThenUpdatesAfterANewRun() throws Exception {
        status.set(statusJson(run("load:starbake", "2026-12-01 00:00", "SUCCEEDED", "run-1", null),
                run("transform:kpi.revenue", "2026-12-01 00:00", "FAILED", "run-2",
                        "\"<img src=x onerror=\\\"window.pwned=1\\\"> column `qty` not found\"")));
        dag.set(StatusDag.render(GRAPH, Map.of("starbake.orders", "SUCCEEDED", "kpi.revenue", "FAILED")));
        try (StatusServer server = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, null),
                source)) {
            browser.get(server.uri().toString() + "?refresh=500");
            waiting().until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 2);
            assertThat(browser.getTitle()).isEqualTo("starbake");

            WebElement failed = browser.findElements(By.cssSelector("#runs tbody tr")).get(1);
            assertThat(failed.getText()).contains("transform:kpi.revenue").contains("FAILED")
                    .contains("<img src=x onerror=").contains("column `qty` not found");
            // a project string is text, never markup
            assertThat(browser.findElements(By.cssSelector("#runs img"))).isEmpty();
            assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);

            assertThat(browser.findElement(By.id("waiting")).getText()).contains("transform:kpi.revenue")
                    .contains("starbake.orders").contains("no event yet");
            assertThat(browser.findElement(By.id("alerts")).getText()).contains("starbake.orders").contains("WARN");
            assertThat(browser.findElement(By.id("pipelines")).getText()).contains("2026-12-02T00:00:00Z");

            // the graph: drawn by Mermaid, nodes classed by run state
            waiting().until(d -> !d.findElements(By.cssSelector("#dag svg")).isEmpty());
            WebElement svg = browser.findElement(By.cssSelector("#dag svg"));
            assertThat(svg.getText()).contains("starbake.orders").contains("kpi.revenue");
            assertThat(browser.findElements(By.cssSelector("#dag svg .node.FAILED"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#dag svg .node.SUCCEEDED"))).hasSize(1);

            // a new run appears without reloading the page, and the node changes colour
            status.set(statusJson(run("load:starbake", "2026-12-01 00:00", "SUCCEEDED", "run-1", null),
                    run("transform:kpi.revenue", "2026-12-01 00:00", "FAILED", "run-2", null),
                    run("transform:kpi.revenue", "2026-12-01 00:00", "SUCCEEDED", "run-3", null)));
            dag.set(StatusDag.render(GRAPH, Map.of("starbake.orders", "SUCCEEDED", "kpi.revenue", "SUCCEEDED")));
            waiting().until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 3);
            waiting().until(d -> d.findElements(By.cssSelector("#dag svg .node.SUCCEEDED")).size() == 2);
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        }
    }

    @Test
    void aRunsFlinkJobLinksToTheFlinkUiOnlyWhenThatIsAnHttpAddress() throws Exception {
        String latest = "0c6f1d2e3a4b5c6d7e8f90a1b2c3d4e5";
        String earlier = "99aa88bb77cc66dd55ee44ff33001122";
        String withJobs = run("load:starbake", "2026-12-01 00:00", "RUNNING", "run-1", null).replaceFirst("\\}$",
                ", \"flinkJobId\": \"" + latest + "\", \"flinkJobIds\": [\"" + earlier + "\", \"" + latest + "\"]}");
        dag.set(GRAPH);
        status.set(statusJson(withJobs).replaceFirst("\\{", "{\"flinkUi\": \"http://flink.example:8081/\", "));
        try (StatusServer server = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, null),
                source)) {
            browser.get(server.uri().toString() + "?refresh=500");
            waiting().until(d -> !d.findElements(By.cssSelector("#runs a.flink-job")).isEmpty());
            var links = browser.findElements(By.cssSelector("#runs a.flink-job"));
            assertThat(links).hasSize(2);
            assertThat(links.get(0).getText()).isEqualTo(latest);
            // Flink 2.x's running-job route; Flink's UI itself sends a finished job on to /#/job/completed/<id>
            assertThat(links.get(0).getAttribute("href"))
                    .isEqualTo("http://flink.example:8081/#/job/running/" + latest + "/overview");
            assertThat(links.get(1).getAttribute("href"))
                    .isEqualTo("http://flink.example:8081/#/job/running/" + earlier + "/overview");
            WebElement earlierJobs = browser.findElement(By.cssSelector("#runs details summary"));
            assertThat(earlierJobs.getText()).isEqualTo("+1 earlier");

            // polls that bring nothing new leave the table as it is (no element the reader points at goes stale)
            int polls = polls();
            waiting().until(d -> polls() >= polls + 2);
            assertThat(earlierJobs.getText()).isEqualTo("+1 earlier");

            // a Flink address that is not http(s) is never made a link: the id is shown as text
            status.set(statusJson(withJobs).replaceFirst("\\{", "{\"flinkUi\": \"javascript:alert(1)\", "));
            waiting().until(d -> d.findElements(By.cssSelector("#runs a.flink-job")).isEmpty());
            assertThat(browser.findElement(By.id("runs")).getText()).contains(latest);
        }
    }

    /**
     * The link's route, checked in Flink's own web UI (flink-runtime-web is on the class path, so a MiniCluster
     * serves it): {@code /#/job/running/<id>/overview} of a job that has finished ends on that job's completed
     * page. Flink 2.x has no {@code /#/job/<id>} route (it would show the cluster overview).
     */
    @Test
    void theJobLinkOfAFinishedJobOpensThatJobInFlinksWebUi() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        try (MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build())) {
            flink.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1); // the cluster's one slot
            env.fromData(1, 2, 3).sinkTo(new DiscardingSink<>());
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName("lakestation-link-check");
            JobID job = JobID.generate();
            graph.setJobId(job);
            flink.submitJob(graph).get();
            assertThat(flink.requestJobResult(job).get(60, TimeUnit.SECONDS).isSuccess()).isTrue();

            String ui = flink.getRestAddress().get().toString();
            String withJob = run("load:starbake", "2026-12-01 00:00", "SUCCEEDED", "run-1", null).replaceFirst(
                    "\\}$", ", \"flinkJobId\": \"" + job.toHexString() + "\"}");
            status.set(statusJson(withJob).replaceFirst("\\{", "{\"flinkUi\": \"" + ui + "\", "));
            dag.set(GRAPH);
            try (StatusServer server = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, null),
                    source)) {
                browser.get(server.uri().toString() + "?refresh=500");
                waiting().until(d -> !d.findElements(By.cssSelector("#runs a.flink-job")).isEmpty());
                browser.findElement(By.cssSelector("#runs a.flink-job")).click();
                waiting().until(d -> d.getCurrentUrl().contains("/#/job/completed/" + job.toHexString()));
                waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("lakestation-link-check"));
            }
        }
    }

    @Test
    void aTokenInTheAddressIsSentWithEveryRequest() throws Exception {
        status.set(statusJson(run("load:starbake", "2026-12-01 00:00", "SUCCEEDED", "run-1", null)));
        dag.set(GRAPH);
        try (StatusServer server = StatusServer.start(StatusServerOptions.parse("127.0.0.1:0", false, "t0ken"),
                source)) {
            browser.get(server.uri().toString() + "?token=t0ken&refresh=500");
            waiting().until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 1);
            assertThat(browser.findElement(By.id("runs")).getText()).contains("run-1");
            waiting().until(d -> !d.findElements(By.cssSelector("#dag svg")).isEmpty());
        }
    }
}
