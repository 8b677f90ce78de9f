package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.runner.ClusterApplication;
import dev.lakestation.jobs.runner.ClusterJobRunner;
import dev.lakestation.jobs.runner.RestFlinkRunner;
import dev.lakestation.schema.project.Project;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;

/**
 * {@code load ... --flink http(s)://host:port} and {@code transform ... --flink ...}: the same command line runs on
 * the cluster as an application ({@link RestFlinkRunner}); this process waits for it, then prints the outcome and
 * the dataset events it published on the shared project path.
 */
final class ClusterSubmission {

    private ClusterSubmission() {
    }

    /** Submits this invocation's command line (without {@code --flink}) to {@code cluster}; returns the exit code. */
    static int run(URI cluster, Project project, CommandLine.Model.CommandSpec spec, int parallelism,
            PrintWriter out, PrintWriter err, boolean verbose) {
        String command = spec.name();
        String runId = "cli-" + UUID.randomUUID();
        List<String> args = remoteArgs(spec.root().commandLine().getParseResult().originalArgs(), project.root());
        args.add("--run-id");
        args.add(runId);
        try (RestFlinkRunner flink = RestFlinkRunner.connect(cluster, ClusterJobRunner.defaultJobsJar())) {
            ClusterApplication app = flink.submit(runId, args, parallelism);
            out.println(command + ": running on " + cluster + " as application " + app.id());
            out.flush();
            ClusterApplication.Result r = app.await(Duration.ofDays(7));
            if (!r.succeeded()) {
                err.println(command + ": " + r.state() + " on the cluster — " + r.message());
                return LakestationCli.EXIT_FAILURE;
            }
            for (DatasetEvent e : ClusterJobRunner.eventsOf(project, runId)) {
                out.println(e.dataset() + ": " + Format.count(e.rowsAccepted()) + " rows"
                        + (e.rowsRejected() > 0 ? ", " + Format.count(e.rowsRejected()) + " rejected" : ""));
            }
            out.println(command + ": FINISHED on the cluster");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return LakestationCli.EXIT_FAILURE;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println(command + ": " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }

    /**
     * The original arguments without {@code --flink} and {@code --root} (either spelling), then
     * {@code --root <absolute root>}: the cluster has neither this shell's options environment nor its directory.
     */
    static List<String> remoteArgs(List<String> original, Path root) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--flink") || a.equals("--root")) {
                i++;
            } else if (!a.startsWith("--flink=") && !a.startsWith("--root=")) {
                out.add(a);
            }
        }
        out.add("--root");
        out.add(root.toAbsolutePath().normalize().toString());
        return out;
    }
}
