package dev.lakestation.jobs.runner;

import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A {@link FlinkRunner} that tells its current listener the id of every job submitted through it: how a coordinator
 * job call learns the Flink jobs of its load or transform (for the run's record and the status page) without the
 * load and transform services knowing about runs. One listener at a time — the coordinator makes one job call at a
 * time; a job submitted while nobody listens goes unreported.
 *
 * <pre>{@code
 * ReportingFlinkRunner flink = new ReportingFlinkRunner(LocalFlinkRunner.start(2));
 * LoadService loads = new LoadService(project, flink, clock, events);
 * try (ReportingFlinkRunner.Scope s = flink.reportTo(id -> System.out.println("job " + id))) {
 *     loads.load(request, listener);
 * }
 * }</pre>
 */
public final class ReportingFlinkRunner implements FlinkRunner {

    /** Ends a {@link #reportTo} (the listener before it listens again). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private final FlinkRunner delegate;
    private volatile Consumer<JobID> listener;

    public ReportingFlinkRunner(FlinkRunner delegate) {
        this.delegate = delegate;
    }

    /** Until the scope is closed, {@code jobs} is told the id of each job submitted, right after its submission. */
    public synchronized Scope reportTo(Consumer<JobID> jobs) {
        Consumer<JobID> before = listener;
        listener = jobs;
        return () -> {
            synchronized (ReportingFlinkRunner.this) {
                listener = before;
            }
        };
    }

    @Override
    public StreamExecutionEnvironment environment() {
        return delegate.environment();
    }

    @Override
    public RunningJob submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        RunningJob job = delegate.submit(env, jobName);
        Consumer<JobID> l = listener;
        if (l != null) {
            l.accept(job.id());
        }
        return job;
    }

    @Override
    public void awaitReady() {
        delegate.awaitReady();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
