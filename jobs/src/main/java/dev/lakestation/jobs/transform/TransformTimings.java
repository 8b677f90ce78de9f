package dev.lakestation.jobs.transform;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a transform task's time went.
 *
 * @param session      creating the SQL session (only the first task of a session pays it, else zero)
 * @param planning     SQL text to a Flink job: variables, dialect, lineage, input registration, presql, validation,
 *                     optimisation and translation into the job's graph
 * @param clusterStart waiting for the Flink cluster to be up (only while a local MiniCluster is still starting)
 * @param execution    the job on the cluster: submission to end, postsql included
 * @param commit       the table commit (write strategy), audit row and dataset event
 */
public record TransformTimings(Duration session, Duration planning, Duration clusterStart, Duration execution,
                               Duration commit) {

    public static final TransformTimings NONE = new TransformTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);

    TransformTimings withSession(Duration d) {
        return new TransformTimings(d, planning, clusterStart, execution, commit);
    }

    TransformTimings withCommit(Duration d) {
        return new TransformTimings(session, planning, clusterStart, execution, d);
    }

    /** {@code session 0.4 s, planning 0.9 s, cluster start 0.0 s, execution 1.2 s, commit 0.1 s}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "session %.1f s, planning %.1f s, cluster start %.1f s, execution %.1f s, "
                + "commit %.1f s", s(session), s(planning), s(clusterStart), s(execution), s(commit));
    }

    private static double s(Duration d) {
        return d.toNanos() / 1e9;
    }
}
