package dev.lakestation.jobs.runner;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.flink.api.common.ApplicationID;
import org.apache.flink.api.common.ApplicationState;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.messages.webmonitor.ApplicationDetailsInfo;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.rest.messages.ApplicationCancellationHeaders;
import org.apache.flink.runtime.rest.messages.ApplicationCancellationMessageParameters;
import org.apache.flink.runtime.rest.messages.ApplicationExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.ApplicationMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.application.ApplicationDetailsHeaders;
import org.apache.flink.runtime.rest.messages.application.ApplicationExceptionsHeaders;

/**
 * A Lakestation command running as an application on a Flink cluster ({@link RestFlinkRunner#submit}): its state
 * ({@code /applications/:id}), its Flink jobs, its end, cancellation, and the failure cause in a line
 * ({@code /applications/:id/exceptions}).
 */
public final class ClusterApplication {

    private static final long POLL_NANOS = Duration.ofMillis(250).toNanos();

    private final RestFlinkRunner runner;
    private final ApplicationID id;
    private final boolean resubmitted;

    ClusterApplication(RestFlinkRunner runner, ApplicationID id, boolean resubmitted) {
        this.runner = runner;
        this.id = id;
        this.resubmitted = resubmitted;
    }

    /** How it ended: {@code state} FINISHED, FAILED or CANCELED; {@code message} the cause when not FINISHED. */
    public record Result(ApplicationState state, String message, boolean timedOut) {
        public boolean succeeded() {
            return state == ApplicationState.FINISHED;
        }
    }

    public ApplicationID id() {
        return id;
    }

    /** True when the cluster already had this application (a resubmission of the same key): it was followed. */
    public boolean resubmitted() {
        return resubmitted;
    }

    /** The application's state now. */
    public ApplicationState state() throws IOException {
        return ApplicationState.valueOf(details().getApplicationStatus());
    }

    /** The Flink jobs the command submitted so far. */
    public List<JobID> jobs() throws IOException {
        return details().getJobs().stream().map(JobDetails::getJobId).toList();
    }

    /**
     * Waits up to {@code timeout} for the application to end; past it, cancels it (and waits, at most a minute, for
     * the cancellation) and returns a result with {@code timedOut}.
     */
    public Result await(Duration timeout) throws IOException, InterruptedException {
        return await(timeout, job -> { });
    }

    /**
     * {@link #await(Duration)}, telling {@code onJob} each Flink job of the application once, as soon as a poll of
     * {@code /applications/:id} lists it (a job that starts and ends between two polls is still listed: the
     * application keeps its finished jobs).
     */
    public Result await(Duration timeout, Consumer<JobID> onJob) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<JobID> seen = new HashSet<>();
        while (true) {
            ApplicationDetailsInfo d = details();
            for (JobDetails j : d.getJobs()) {
                if (seen.add(j.getJobId())) {
                    onJob.accept(j.getJobId());
                }
            }
            ApplicationState s = ApplicationState.valueOf(d.getApplicationStatus());
            if (s.isTerminalState()) {
                return new Result(s, s == ApplicationState.FINISHED ? null : failureCause(s), false);
            }
            if (System.nanoTime() > deadline) {
                cancel();
                long cancelDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (!state().isTerminalState() && System.nanoTime() < cancelDeadline) {
                    pause();
                }
                return new Result(state(), "cancelled after the run timeout of " + timeout, true);
            }
            pause();
        }
    }

    /** Asks the cluster to cancel the application and its jobs. */
    public void cancel() throws IOException {
        ApplicationCancellationMessageParameters p = new ApplicationCancellationMessageParameters()
                .resolveApplicationId(id);
        runner.call(runner.client().sendRequest(runner.url().getHost(), runner.url().getPort(),
                ApplicationCancellationHeaders.getInstance(), p, EmptyRequestBody.getInstance()));
    }

    /**
     * The failure in a line: the innermost Lakestation exception's message in the cluster's exception history
     * (it names the file, line and field), else the innermost cause's.
     */
    public String failureCause(ApplicationState state) throws IOException {
        ApplicationMessageParameters p = new ApplicationMessageParameters();
        p.applicationPathParameter.resolve(id);
        ApplicationExceptionsInfoWithHistory h = runner.call(runner.client().sendRequest(runner.url().getHost(),
                runner.url().getPort(), ApplicationExceptionsHeaders.getInstance(), p, EmptyRequestBody.getInstance()));
        var entries = h.getExceptionHistory().getEntries();
        if (entries.isEmpty()) {
            return "application " + state.name().toLowerCase(java.util.Locale.ROOT);
        }
        return rootCause(entries.get(entries.size() - 1).getStacktrace());
    }

    /** From a printed stack trace, the message of the last {@code dev.lakestation} exception, else of the last cause. */
    static String rootCause(String stacktrace) {
        String ours = null;
        String last = null;
        for (String line : stacktrace.split("\n")) {
            String l = line.strip();
            if (l.startsWith("at ") || l.startsWith("...") || l.isEmpty()) {
                continue;
            }
            String head = l.startsWith("Caused by: ") ? l.substring("Caused by: ".length()) : l;
            int colon = head.indexOf(": ");
            String cls = colon < 0 ? head : head.substring(0, colon);
            if (!cls.matches("[\\w.$]+")) {
                continue; // a continuation line of a multi-line message
            }
            String message = colon < 0 ? cls : head.substring(colon + 2);
            last = message;
            if (cls.startsWith("dev.lakestation.")) {
                ours = message;
            }
        }
        String m = ours != null ? ours : last;
        return m == null ? stacktrace.lines().findFirst().orElse("failed") : m;
    }

    private ApplicationDetailsInfo details() throws IOException {
        ApplicationMessageParameters p = new ApplicationMessageParameters();
        p.applicationPathParameter.resolve(id);
        return runner.call(runner.client().sendRequest(runner.url().getHost(), runner.url().getPort(),
                ApplicationDetailsHeaders.getInstance(), p, EmptyRequestBody.getInstance()));
    }

    private static void pause() throws InterruptedException {
        LockSupport.parkNanos(POLL_NANOS); // REST polling interval
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
