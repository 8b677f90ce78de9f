package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.RunRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table printed at the end of {@code lakestation run}: one line per pipeline run with its status, rows, wall
 * time, CPU time and Flink job (the latest the step reported, {@code (+n)} when it had more, as in
 * {@code lakestation status}); under a load pipeline one line per step (stage, preload, each table's load); then
 * where the total wall time went. CPU is the whole process's (all threads) during the step: on a busy machine wall
 * time says little, CPU time still compares.
 *
 * <pre>
 * step                            status      rows  rejected   time    cpu  flink job                         message
 * load:starbake                   SUCCEEDED  1,870         7  2.9 s  4.1 s
 *   stage starbake                SUCCEEDED                   0.0 s  0.0 s
 *   load starbake.deliveries      SUCCEEDED    246         2  0.9 s  1.5 s  3b9e1f0c6a2d4e8f9a0b1c2d3e4f5a6b
 * transform:kpi.delivery_summary  SUCCEEDED     12            0.8 s  1.2 s  7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f
 *
 * total 14.2 s wall, 21.0 s cpu: startup 0.8 s (JVM, project), Flink cluster 1.1 s, steps 11.9 s, other 0.4 s
 * </pre>
 */
final class RunSummary {

    /**
     * A measured span.
     *
     * @param wall wall time
     * @param cpu  process CPU time, or null when unknown
     */
    record Span(Duration wall, Duration cpu) {
    }

    private static final String[] HEADER = {"step", "status", "rows", "rejected", "time", "cpu", "flink job",
        "message"};
    /** the counts and times are right-aligned */
    private static final boolean[] RIGHT = {false, false, true, true, true, true, false, false};

    private RunSummary() {
    }

    /**
     * @param startup from the JVM's start to the command's start (JVM, class loading, project load), or null when
     *                the command did not start the JVM (called in-process)
     * @param cluster starting the local Flink cluster, or null when none was started
     * @param total   the whole command (from the JVM's start when {@code startup} is known)
     */
    static void print(PrintWriter out, List<RunRecord> runs, List<StepTimes.StepTime> steps, Span startup,
            Span cluster, Span total) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        Duration stepsTotal = Duration.ZERO;
        for (RunRecord r : runs) {
            List<StepTimes.StepTime> own = steps.stream().filter(s -> s.pipeline().equals(r.pipeline)).toList();
            Duration time = own.stream().map(StepTimes.StepTime::time).reduce(Duration.ZERO, Duration::plus);
            Duration cpu = own.stream().anyMatch(s -> s.cpu() == null) ? null
                    : own.stream().map(StepTimes.StepTime::cpu).reduce(Duration.ZERO, Duration::plus);
            stepsTotal = stepsTotal.plus(time);
            boolean oneStep = own.size() == 1 && !r.pipeline.startsWith("load:");
            rows.add(new String[] {r.pipeline, r.status.name(), count(sum(own, true)), count(sum(own, false)),
                own.isEmpty() ? "" : duration(time), own.isEmpty() ? "" : duration(cpu),
                oneStep ? flinkJob(own.get(0)) : "", r.message == null ? "" : oneLine(r.message)});
            if (!oneStep) {
                for (StepTimes.StepTime s : own) {
                    rows.add(new String[] {"  " + s.step(), s.status(), count(s.rows()), count(s.rejected()),
                        duration(s.time()), duration(s.cpu()), flinkJob(s),
                        s.message() == null || s.message().equals(r.message) ? "" : oneLine(s.message())});
                }
            }
        }
        print(out, rows);
        out.println();
        StringBuilder b = new StringBuilder("total ").append(duration(total.wall())).append(" wall");
        if (total.cpu() != null) {
            b.append(", ").append(duration(total.cpu())).append(" cpu");
        }
        b.append(": ");
        Duration other = total.wall();
        if (startup != null) {
            b.append("startup ").append(duration(startup.wall())).append(" (JVM, project), ");
            other = other.minus(startup.wall());
        }
        if (cluster != null) {
            b.append("Flink cluster start ").append(duration(cluster.wall())).append(", ");
            other = other.minus(cluster.wall());
        }
        other = other.minus(stepsTotal);
        b.append("steps ").append(duration(stepsTotal)).append(", other ")
                .append(duration(other.isNegative() ? Duration.ZERO : other));
        out.println(b);
        out.flush();
    }

    private static String flinkJob(StepTimes.StepTime s) {
        return s.flinkJobs().isEmpty() ? "" : StatusCommand.flinkJob(s.flinkJobs().get(s.flinkJobs().size() - 1),
                s.flinkJobs());
    }

    private static Long sum(List<StepTimes.StepTime> steps, boolean written) {
        Long total = null;
        for (StepTimes.StepTime s : steps) {
            Long v = written ? s.rows() : s.rejected();
            if (v != null) {
                total = (total == null ? 0 : total) + v;
            }
        }
        return total;
    }

    private static String count(Long n) {
        return n == null ? "" : Format.count(n);
    }

    /** Always in seconds with one decimal, so that the column compares at a glance. */
    private static String duration(Duration d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String oneLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    private static void print(PrintWriter out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(width[i] - row[i].length());
                b.append(RIGHT[i] ? pad + row[i] : row[i] + pad);
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
