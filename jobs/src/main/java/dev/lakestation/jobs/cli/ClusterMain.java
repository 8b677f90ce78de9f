package dev.lakestation.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry class of a {@code lakestation} command running inside a Flink cluster's JobManager (an application
 * submitted by {@link dev.lakestation.jobs.runner.RestFlinkRunner}): runs the command like {@link LakestationCli}
 * but, instead of {@code System.exit} (which would stop the JobManager), a non-zero exit fails the application with
 * the command's error lines as the message — what {@code /applications/:id/exceptions} then reports.
 *
 * <pre>{@code
 * POST /jars/<jar id>/run-application
 * {"entryClass": "dev.lakestation.jobs.cli.ClusterMain", "programArgsList": ["load", "--root", "/shared/p"]}
 * }</pre>
 */
public final class ClusterMain {

    private ClusterMain() {
    }

    /** A command that exited non-zero on the cluster; the message is its error lines. */
    public static final class CommandFailedException extends RuntimeException {
        public CommandFailedException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        // the JobManager's log keeps the command's output
        System.out.print(out);
        System.err.print(err);
        System.out.flush();
        if (exit != 0 && exit != LakestationCli.EXIT_NOT_READY) {
            throw new CommandFailedException(summary(out.toString(), err.toString(), exit));
        }
    }

    /** The error lines, the output's FAILED lines first (they carry the table's or task's reason). */
    static String summary(String out, String err, int exit) {
        List<String> lines = new ArrayList<>();
        out.lines().filter(l -> l.contains(": FAILED — ")).map(String::strip).forEach(lines::add);
        err.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("at ")).forEach(lines::add);
        if (lines.isEmpty()) {
            return "exit code " + exit;
        }
        return String.join("; ", lines.size() > 4 ? lines.subList(0, 4) : lines);
    }
}
