package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation trigger} and {@code lakestation backfill} through the CLI, both ways they work: with no
 * coordinator on the project they run the jobs themselves (foreground, in a child JVM: the real CLI with the
 * {@link CoordinatorChildMain.MarkerRunner} instead of Flink jobs), and with a coordinator service running (a child
 * JVM) they queue the request, which the service picks up and runs once. Outcomes are read from the jobs' commit log
 * (one line per commit), the state file's runs, exit codes and output. Bad input never gets queued or run.
 *
 * <p>The load runs on a yearly cron ({@code 0 0 1 1 *}) so that no real tick fires while the service runs.
 */
class TriggerBackfillITCase {

    @TempDir
    Path root;

    private CoordinatorKillITCase.Child service;

    @BeforeEach
    void project() throws IOException {
        CoordinatorCliProject.write(root, "0 0 1 1 *");
    }

    @AfterEach
    void stopService() throws InterruptedException {
        if (service != null && service.process.isAlive()) {
            service.process.destroyForcibly();
            service.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutACoordinatorTheCommandsRunTheJobsAndWhatTheirEventsTrigger() throws Exception {
        // trigger a load: it runs, and its event fires the dependent transform for the same period, as the service would
        Foreground t1 = foreground(Map.of(), "trigger", "sales.orders", "--period", "20240101T0000");
        assertThat(t1.exit).as(t1.output).isZero();
        assertThat(t1.lastLines(2)).containsExactly("load:cron1@20240101T0000  SUCCEEDED",
                "transform:kpi.t@20240101T0000  SUCCEEDED");

        // (the same trigger again answers ALREADY_RAN: the service test below checks it, one child JVM less here)

        // backfill the task over three years; 2022's job fails (no retry): exit 1, 2024 is kept
        Foreground b1 = foreground(Map.of("LAKESTATION_TEST_FAIL", "transform:kpi.t@20220101T0000"), "backfill",
                "kpi.t", "--from", "2022-01-01", "--to", "20240101T0000", "--options", "retries=0");
        assertThat(b1.exit).as(b1.output).isEqualTo(LakestationCli.EXIT_FAILURE);
        assertThat(b1.output).contains("ALREADY_RAN transform:kpi.t@20240101T0000: backfill: already SUCCEEDED "
                + "(--reprocess none)");
        assertThat(b1.lastLines(2)).containsExactly(
                "transform:kpi.t@20220101T0000  FAILED  transform kpi.t: test failure of transform:kpi.t@20220101T0000",
                "transform:kpi.t@20230101T0000  SUCCEEDED");

        // --reprocess failed re-runs only 2022, as a new run of that period
        Foreground b2 = foreground(Map.of(), "backfill", "kpi.t", "--from", "2022-01-01", "--to", "2024-01-01",
                "--reprocess", "failed");
        assertThat(b2.exit).as(b2.output).isZero();
        assertThat(b2.lastLines(1)).containsExactly("transform:kpi.t@20220101T0000.r2  SUCCEEDED");

        assertThat(commitsPerPeriod()).containsExactly(Map.entry("kpi.t 20220101T0000", 1L),
                Map.entry("kpi.t 20230101T0000", 1L), Map.entry("kpi.t 20240101T0000", 1L),
                Map.entry("sales.orders 20240101T0000", 1L));
        assertThat(stateRuns()).containsExactly("load:cron1@20240101T0000 SUCCEEDED 1",
                "transform:kpi.t@20240101T0000 SUCCEEDED 1", "transform:kpi.t@20220101T0000 FAILED 1",
                "transform:kpi.t@20230101T0000 SUCCEEDED 1", "transform:kpi.t@20220101T0000.r2 SUCCEEDED 1");
        assertThat(root.resolve("datasets/coordinator/requests")).doesNotExist(); // nothing was queued

        Cli status = cli("status", "--why", "kpi.t", "--period", "20220101T0000");
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out).contains("transform:kpi.t@20220101T0000.r2 SUCCEEDED");
    }

    @Test
    void withACoordinatorRunningTheRequestsAreQueuedAndRunOnce() throws Exception {
        service = CoordinatorKillITCase.Child.startWithEnv(root, Map.of(), "coordinator", "--max-idle", "PT5M");
        service.awaitLine("coordinator started");
        String pid = Long.toString(service.process.pid());

        Cli trigger = cli("trigger", "sales.orders", "--period", "20240101T0000");
        assertThat(trigger.exit).as(trigger.err).isZero();
        assertThat(trigger.out.lines().toList()).singleElement().asString()
                .matches("queued for the running coordinator \\(pid " + pid + "\\): \\d{13}-[0-9a-f-]{36}\\.json; "
                        + "follow it with lakestation status");
        service.awaitLine("SUCCEEDED transform:kpi.t@20240101T0000");

        Cli backfill = cli("backfill", "kpi.t", "--from", "20220101T0000", "--to", "2024-01-01");
        assertThat(backfill.exit).as(backfill.err).isZero();
        assertThat(backfill.out).startsWith("queued for the running coordinator (pid " + pid + ")");
        service.awaitLine("SUCCEEDED transform:kpi.t@20230101T0000");
        assertThat(service.output()).contains("SUCCEEDED transform:kpi.t@20220101T0000",
                "ALREADY_RAN transform:kpi.t@20240101T0000: backfill: already SUCCEEDED (--reprocess none)");

        // bad input while the service runs: a usage error, nothing queued
        for (String[] bad : BAD_INPUT) {
            Cli c = cli(bad);
            assertThat(c.exit).as(String.join(" ", bad) + "\n" + c.err).isEqualTo(LakestationCli.EXIT_USAGE);
            assertThat(c.err.lines().toList()).as(String.join(" ", bad)).singleElement();
            assertThat(c.out).isEmpty();
        }
        try (Stream<Path> queued = Files.list(root.resolve("datasets/coordinator/requests"))) {
            assertThat(queued.filter(f -> !f.getFileName().toString().startsWith("."))).isEmpty();
        }

        // the first trigger again, then one more: the service handles requests in order, so when the last one ran,
        // the repeated one was seen — and not run twice
        // (given as a local time: normalised to the tick 20240101T0000 before it is queued)
        assertThat(cli("trigger", "load:cron1", "--period", "2024-01-01T00:00").exit).isZero();
        assertThat(cli("trigger", "kpi.t", "--period", "20210101T0000").exit).isZero();
        service.awaitLine("SUCCEEDED transform:kpi.t@20210101T0000");
        assertThat(service.output()).contains("ALREADY_RAN load:cron1@20240101T0000: already SUCCEEDED: not started "
                + "again");
        assertThat(service.output().lines().filter(l -> l.contains(" REQUEST ")).toList()).hasSize(4);

        assertThat(commitsPerPeriod()).containsExactly(Map.entry("kpi.t 20210101T0000", 1L),
                Map.entry("kpi.t 20220101T0000", 1L), Map.entry("kpi.t 20230101T0000", 1L),
                Map.entry("kpi.t 20240101T0000", 1L), Map.entry("sales.orders 20240101T0000", 1L));
        assertThat(stateRuns()).containsExactlyInAnyOrder("load:cron1@20240101T0000 SUCCEEDED 1",
                "transform:kpi.t@20240101T0000 SUCCEEDED 1", "transform:kpi.t@20220101T0000 SUCCEEDED 1",
                "transform:kpi.t@20230101T0000 SUCCEEDED 1", "transform:kpi.t@20210101T0000 SUCCEEDED 1");

        // status reads it while the service runs
        Cli status = cli("status");
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out).contains("5 runs.");
        assertThat(status.out.lines().filter(l -> l.contains("@") && l.contains("SUCCEEDED")).count()).isEqualTo(5);

        service.process.toHandle().destroy(); // SIGTERM
        assertThat(service.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.process.exitValue()).as(service.output()).isEqualTo(143);
    }

    private static final String[][] BAD_INPUT = {
        {"trigger", "kpi.nope"},
        {"trigger", "kpi.t", "--period", "20241301T0000"},
        {"trigger", "kpi.t", "--period", "2024-01-01T00:30"},
        {"trigger", "kpi.t", "--period", "yesterday"},
        {"backfill", "kpi.t", "--from", "2024-01-01", "--to", "2022-01-01"},
        {"backfill", "kpi.t", "--from", "2024-01-01", "--to", "2024-02-30"},
        {"backfill", "kpi.t", "--from", "2022-01-01", "--to", "2024-01-01", "--reprocess", "some"},
        {"backfill", "nope.t", "--from", "2022-01-01", "--to", "2024-01-01"},
        {"trigger", "kpi.t", "--period", "20240101T0000", "--memphis", "127.0.0.1:x"},
    };

    @Test
    void badInputWithoutACoordinatorIsAOneLineUsageErrorAndWritesNothing() {
        for (String[] bad : BAD_INPUT) {
            Cli c = cli(bad);
            assertThat(c.exit).as(String.join(" ", bad) + "\n" + c.err).isEqualTo(LakestationCli.EXIT_USAGE);
            assertThat(c.err.lines().toList()).as(String.join(" ", bad)).singleElement().asString()
                    .startsWith(bad[0] + ": ");
            assertThat(c.out).isEmpty();
        }
        assertThat(cli(BAD_INPUT[0]).err).startsWith("trigger: no pipeline, task or dataset 'kpi.nope' (pipelines: ");
        assertThat(cli(BAD_INPUT[2]).err).isEqualTo("trigger: --period '2024-01-01T00:30': not a tick of "
                + "transform:kpi.t's cron 0 0 1 1 *; the period it falls in is 20240101T0000\n");
        assertThat(cli(BAD_INPUT[4]).err).isEqualTo("backfill: --to 2022-01-01 is before --from 2024-01-01\n");
        assertThat(root.resolve("datasets/coordinator")).doesNotExist(); // no state, no lock, no request
        assertThat(root.resolve("out")).doesNotExist(); // no job ran
    }

    // ------------------------------------------------------------------ helpers

    /** A command run in the foreground in a child JVM (jobs: MarkerRunner). */
    private record Foreground(int exit, String output) {
        List<String> lastLines(int n) {
            List<String> l = output.lines().toList();
            return l.subList(Math.max(0, l.size() - n), l.size());
        }
    }

    private Foreground foreground(Map<String, String> env, String... args) throws Exception {
        CoordinatorKillITCase.Child c = CoordinatorKillITCase.Child.startWithEnv(root, env, args);
        int exit = c.await();
        return new Foreground(exit, c.output());
    }

    private record Cli(int exit, String out, String err) {
    }

    /** A command in this JVM (queueing and validation run no job). */
    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--root", root.toString()));
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), a.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    private Map<String, Long> commitsPerPeriod() throws IOException {
        return Files.readAllLines(root.resolve("out/commits.log")).stream()
                .map(l -> l.split(" ")[0] + " " + l.split(" ")[1])
                .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
    }

    /** "run id, status, attempt" of the state file's runs, in their order. */
    private List<String> stateRuns() throws IOException {
        JsonNode state = new ObjectMapper().readTree(root.resolve("datasets/coordinator/state.json").toFile());
        List<String> runs = new ArrayList<>();
        state.get("runs").fields().forEachRemaining(e -> runs.add(e.getKey() + " " + e.getValue().get("status")
                .asText() + " " + e.getValue().get("attempt").asInt()));
        return runs;
    }

    private void write(String rel, String text) throws IOException {
        CoordinatorCliProject.write(root, rel, text);
    }
}
