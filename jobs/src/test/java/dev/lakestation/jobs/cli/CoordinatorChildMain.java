package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.coordinator.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code lakestation <args>} in a child JVM — the real CLI, command, service loop, state store and event file — with
 * one substitution: the jobs are a {@link MarkerRunner}, not Flink (starting a MiniCluster in each of the kill test's
 * child processes would not fit its time budget). A kill test sets {@code LAKESTATION_TEST_PAUSE="<point> <run id>"}
 * (point: before, during, after) to make the child print {@code PAUSED <point> <run id> at <time>} there and block
 * until it is killed; {@code LAKESTATION_TEST_FAIL="<run id>,…"} makes the jobs of those runs fail (every attempt).
 */
public final class CoordinatorChildMain {

    private CoordinatorChildMain() {
    }

    public static void main(String[] args) {
        String pause = System.getenv("LAKESTATION_TEST_PAUSE");
        String fail = System.getenv("LAKESTATION_TEST_FAIL");
        CoordinatorRuntime.runnerFactory = rt -> new MarkerRunner(rt.project.root().resolve("out"), rt.events,
                rt.clock, pause, fail == null ? java.util.Set.of() : java.util.Set.of(fail.split(",")));
        System.exit(LakestationCli.commandLine().execute(args));
    }

    /**
     * A job runner whose "job" commits one output file per (dataset, period) and appends one line
     * {@code <dataset> <period> <run id> <attempt>} to {@code out/commits.log} (forced to disk), then publishes the
     * dataset event like the real load and transform jobs. The log is the test's proof of how many times each
     * dataset was committed for each period.
     */
    static final class MarkerRunner implements JobRunner {
        private final Path out;
        private final DatasetEvents events;
        private final Clock clock;
        private final String pause;
        private final java.util.Set<String> fail;

        MarkerRunner(Path out, DatasetEvents events, Clock clock, String pause, java.util.Set<String> fail) {
            this.out = out;
            this.events = events;
            this.clock = clock;
            this.pause = pause;
            this.fail = fail;
        }

        @Override
        public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
            return Outcome.succeeded(List.of());
        }

        @Override
        public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
            return Outcome.succeeded(List.of());
        }

        @Override
        public Outcome runLoad(RunContext ctx, String domain, String table) {
            return job(ctx, domain + "." + table, DatasetKind.LOAD);
        }

        @Override
        public Outcome runTransform(RunContext ctx, String task) {
            return job(ctx, task, DatasetKind.TRANSFORM);
        }

        private Outcome job(RunContext ctx, String dataset, DatasetKind kind) {
            pauseAt("before", ctx);
            if (fail.contains(ctx.runId())) {
                return Outcome.failed("test failure of " + ctx.runId());
            }
            String period = ctx.slSchedule() != null ? ctx.slSchedule() : ctx.runId();
            try {
                Path dir = out.resolve(dataset);
                Files.createDirectories(dir);
                Path partial = dir.resolve(period + ".partial");
                Files.writeString(partial, "half of the output of " + ctx.runId() + " attempt " + ctx.attempt());
                ctx.flinkJobSubmitted(jobIdOf(ctx)); // as a real job call does once its Flink job is submitted
                pauseAt("during", ctx);
                Files.move(partial, dir.resolve(period), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel log = FileChannel.open(out.resolve("commits.log"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    log.write(ByteBuffer.wrap((dataset + " " + period + " " + ctx.runId() + " " + ctx.attempt() + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
                    log.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DatasetEvent e = DatasetEvent.of(dataset, kind, ctx.runId(), ctx.slSchedule(), 1, 1, 0, clock.instant());
            events.publish(e);
            pauseAt("after", ctx);
            return Outcome.succeeded(List.of(e));
        }

        /** The "Flink job id" this runner reports for a job call: 32 hex digits derived from run id and attempt. */
        static String jobIdOf(RunContext ctx) {
            return jobIdOf(ctx.runId(), ctx.attempt());
        }

        static String jobIdOf(String runId, int attempt) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest((runId + "#" + attempt).getBytes(StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(d, 0, 16);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private void pauseAt(String point, RunContext ctx) {
            if (pause == null || !pause.equals(point + " " + ctx.runId())) {
                return;
            }
            System.out.println("PAUSED " + point + " " + ctx.runId() + " at " + clock.instant());
            System.out.flush();
            try {
                new CountDownLatch(1).await(); // until SIGKILL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
