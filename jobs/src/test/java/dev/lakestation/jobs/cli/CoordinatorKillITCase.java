package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.testsupport.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation coordinator} as a separate JVM, killed with SIGKILL at three points — before a job starts (its
 * run saved RUNNING), while a job runs (output half written), and after a job ended (committed, event published)
 * but before the coordinator recorded it — and restarted each time: every dataset is committed exactly once per
 * period, proven by the jobs' commit log and the run history. The child is the real CLI with one substitution, the
 * {@link CoordinatorChildMain.MarkerRunner} instead of Flink jobs (a MiniCluster per restart would not fit the time
 * budget); it replays three hours of schedule on a simulated clock ({@code --clock-start}/{@code --until}).
 */
class CoordinatorKillITCase {

    private static final Duration MARKER_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() throws InterruptedException {
        Child.killLeftovers();
    }

    @BeforeEach
    void project() throws IOException {
        CoordinatorCliProject.write(root, "0 * * * *");
    }

    @Test
    void killedAtEachPointAndRestartedEveryDatasetIsCommittedOncePerPeriod() throws Exception {
        String until = "2024-03-01T03:30:00Z";
        // 1: killed before the first load's job starts (the run is saved RUNNING: write-ahead)
        String at = "2024-03-01T00:30:00Z";
        Child c1 = Child.start(root, "before load:cron1@20240301T0100", "coordinator", "--clock-start", at,
                "--until", until);
        at = c1.killAtPause();
        // 2: restarted; killed while the task's job runs (its output half written)
        Child c2 = Child.start(root, "during transform:kpi.t@20240301T0100", "coordinator", "--clock-start", at,
                "--until", until);
        at = c2.killAtPause();
        assertThat(root.resolve("out/kpi.t/20240301T0100.partial")).exists();
        // 3: restarted; killed after the second load committed and published, before the coordinator saved that
        Child c3 = Child.start(root, "after load:cron1@20240301T0200", "coordinator", "--clock-start", at,
                "--until", until);
        at = c3.killAtPause();
        // 4: restarted, runs to the end of the window and exits
        Child c4 = Child.start(root, null, "coordinator", "--clock-start", at, "--until", until);
        assertThat(c4.await()).as(c4.output()).isZero();

        // the jobs' own record: each dataset committed exactly once per period
        List<String> commits = Files.readAllLines(root.resolve("out/commits.log"));
        Map<String, Long> perPeriod = commits.stream().map(l -> l.split(" ")[0] + " " + l.split(" ")[1])
                .collect(Collectors.groupingBy(k -> k, java.util.TreeMap::new, Collectors.counting()));
        assertThat(perPeriod).as(String.join("\n", commits)).containsExactly(
                Map.entry("kpi.t 20240301T0100", 1L), Map.entry("kpi.t 20240301T0200", 1L),
                Map.entry("kpi.t 20240301T0300", 1L), Map.entry("sales.orders 20240301T0100", 1L),
                Map.entry("sales.orders 20240301T0200", 1L), Map.entry("sales.orders 20240301T0300", 1L));
        assertThat(commits).contains("sales.orders 20240301T0100 load:cron1@20240301T0100 2",
                "kpi.t 20240301T0100 transform:kpi.t@20240301T0100 2",
                "sales.orders 20240301T0200 load:cron1@20240301T0200 1");
        assertThat(root.resolve("out/kpi.t/20240301T0100")).content()
                .isEqualTo("half of the output of transform:kpi.t@20240301T0100 attempt 2");

        // the coordinator's record: one run per pipeline and period, all succeeded
        JsonNode state = new ObjectMapper().readTree(root.resolve("datasets/coordinator/state.json").toFile());
        List<String> runs = new ArrayList<>();
        state.get("runs").fields().forEachRemaining(e -> runs.add(e.getKey() + " " + e.getValue().get("status")
                .asText() + " " + e.getValue().get("attempt").asInt()));
        assertThat(runs).containsExactly("load:cron1@20240301T0100 SUCCEEDED 2",
                "transform:kpi.t@20240301T0100 SUCCEEDED 2", "load:cron1@20240301T0200 SUCCEEDED 1",
                "transform:kpi.t@20240301T0200 SUCCEEDED 1", "load:cron1@20240301T0300 SUCCEEDED 1",
                "transform:kpi.t@20240301T0300 SUCCEEDED 1");

        // and what each restart said
        assertThat(c2.output()).contains("INTERRUPTED load:cron1@20240301T0100: coordinator stopped during load "
                + "sales.orders: attempt 1 counts as failed");
        assertThat(c3.output()).contains("INTERRUPTED transform:kpi.t@20240301T0100: coordinator stopped during "
                + "transform kpi.t: attempt 1 counts as failed");
        assertThat(c4.output()).contains("INTERRUPTED load:cron1@20240301T0200: coordinator stopped after load "
                + "sales.orders finished (its event was seen): continuing with the next step");

        // status reads the same history without a coordinator
        StringWriter out = new StringWriter();
        assertThat(LakestationCli.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "status", "--root",
                root.toString(), "--why", "kpi.t", "--period", "20240301T0100")).isZero();
        assertThat(out.toString()).startsWith("transform:kpi.t for period 20240301T0100: RAN")
                .contains("[ok] run: transform:kpi.t@20240301T0100 SUCCEEDED, attempt 2");
    }

    @Test
    void theServiceWakesUpOnAnotherSystemsEventAndStopsCleanlyOnSigterm() throws Exception {
        write("metadata/transform/kpi/ext.sql", "SELECT * FROM crm.accounts\n");
        Child c = Child.start(root, null, "coordinator", "--max-idle", "PT5M");
        c.awaitLine("coordinator started");
        // an event of another system, on the real clock: the coordinator sleeps up to 5 minutes unless woken
        new FileDatasetEvents(root.resolve("datasets")).publish(DatasetEvent.of("crm.accounts", DatasetKind.LOAD,
                "crm-export-42", null, 5, 5, 0, Instant.now()));
        c.awaitLine("SUCCEEDED transform:kpi.ext@e");
        c.process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close the pipe we read)
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        c.awaitOutputEnd();
        assertThat(c.process.exitValue()).as(c.output()).isEqualTo(143); // SIGTERM, after the shutdown hook
        assertThat(c.output()).contains("coordinator stopping (SIGTERM)", "coordinator stopped");
        assertThat(Files.readAllLines(root.resolve("out/commits.log"))).singleElement().asString()
                .startsWith("kpi.ext transform:kpi.ext@e");
        assertThat(Files.readString(root.resolve("datasets/coordinator/state.json"))).contains("\"SUCCEEDED\"");
    }

    private void write(String rel, String text) throws IOException {
        CoordinatorCliProject.write(root, rel, text);
    }

    /** A child JVM running {@link CoordinatorChildMain}; its output lines are collected as they come. */
    static final class Child {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final java.util.concurrent.CountDownLatch eof = new java.util.concurrent.CountDownLatch(1);

        private Child(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        synchronized (lines) {
                            lines.add(l);
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone
                } finally {
                    eof.countDown();
                }
            }, "child-output");
            t.setDaemon(true);
            t.start();
        }

        static Child start(Path root, String pause, String... args) throws IOException {
            return startWithEnv(root, pause == null ? Map.of() : Map.of("LAKESTATION_TEST_PAUSE", pause), args);
        }

        /** The child with {@code env} added to this JVM's environment (LAKESTATION_MEMPHIS removed unless given). */
        static Child startWithEnv(Path root, Map<String, String> env, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "-Dlog4j.configurationFile=log4j2-test.properties", CoordinatorChildMain.class.getName()));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--root", root.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("LAKESTATION_MEMPHIS");
            pb.environment().putAll(env);
            Process p = pb.start();
            STARTED.add(p);
            return new Child(p);
        }

        /** Every child started in this JVM: a failed assertion must not leave a coordinator running for 5 minutes. */
        private static final List<Process> STARTED = java.util.Collections.synchronizedList(new ArrayList<>());

        /** SIGKILLs the children still alive (after each test; a passing test has ended them already). */
        static void killLeftovers() throws InterruptedException {
            synchronized (STARTED) {
                for (Process p : STARTED) {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                        p.waitFor(30, TimeUnit.SECONDS);
                    }
                }
                STARTED.clear();
            }
        }

        /** After the process exited: waits until its last output line was read. */
        void awaitOutputEnd() throws InterruptedException {
            assertThat(eof.await(10, TimeUnit.SECONDS)).as("end of the child's output").isTrue();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        String awaitLine(String contains) {
            String[] found = new String[1];
            Await.until(MARKER_WAIT, "a line with '" + contains + "' from the coordinator; output so far:\n"
                    + output(), () -> {
                        if (!process.isAlive()) {
                            synchronized (lines) {
                                found[0] = lines.stream().filter(l -> l.contains(contains)).findFirst().orElse(null);
                            }
                            if (found[0] == null) {
                                throw new AssertionError("coordinator exited " + process.exitValue() + " before '"
                                        + contains + "':\n" + output());
                            }
                            return true;
                        }
                        synchronized (lines) {
                            found[0] = lines.stream().filter(l -> l.contains(contains)).findFirst().orElse(null);
                        }
                        return found[0] != null;
                    });
            return found[0];
        }

        /** Waits for the PAUSED marker, SIGKILLs the child, returns the simulated time it paused at. */
        String killAtPause() throws InterruptedException {
            String marker = awaitLine("PAUSED ");
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
            return marker.substring(marker.lastIndexOf(" at ") + 4);
        }

        int await() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("coordinator did not exit within 60 s:\n" + output());
            }
            awaitOutputEnd();
            return process.exitValue();
        }
    }
}
