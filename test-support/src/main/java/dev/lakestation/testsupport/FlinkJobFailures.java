package dev.lakestation.testsupport;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a Flink job went through, read from the cluster's REST API (a MiniCluster serves it too): the
 * failures the scheduler handled (its exception history — one root entry per failover, so their count
 * is the number of restarts of a job that did not fail for good) and how many times it was restored
 * from a checkpoint. Failover tests use it to prove that the failure they inject really happened and
 * caused the restarts they expect, instead of passing when the injection silently did nothing.
 *
 * <pre>{@code
 * FlinkJobFailures f = FlinkJobFailures.await(restUrl, jobId, 1, Duration.ofSeconds(30));
 * assertThat(f.failures()).singleElement().satisfies(x -> assertThat(x.stacktrace()).contains("injected"));
 * assertThat(f.restoredCheckpoints()).isGreaterThanOrEqualTo(1);
 * }</pre>
 *
 * <p>Plain HTTP and jnats' JSON parser, so test-support needs no Flink dependency. The REST server caches a
 * job's execution graph for up to {@code web.refresh-interval} (3 s by default): wait with {@link #await}.
 */
public final class FlinkJobFailures {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Failure> failures;
    private final long restoredCheckpoints;
    private final boolean truncated;

    /** One failure the scheduler handled: the root exception of a failover (or of the job's final failure). */
    public record Failure(String exceptionName, String stacktrace, String taskName) {
        /** Whether the exception, its causes or its message contain {@code text}. */
        public boolean mentions(String text) {
            return stacktrace != null && stacktrace.contains(text);
        }
    }

    private FlinkJobFailures(List<Failure> failures, long restoredCheckpoints, boolean truncated) {
        this.failures = failures;
        this.restoredCheckpoints = restoredCheckpoints;
        this.truncated = truncated;
    }

    /** Reads the job's exception history and checkpoint counts now; {@code restUrl} like {@code http://127.0.0.1:8081}. */
    public static FlinkJobFailures read(String restUrl, String jobId) throws IOException, InterruptedException {
        String base = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        JsonValue exceptions = get(base + "/jobs/" + jobId + "/exceptions?maxExceptions=100");
        List<Failure> failures = new ArrayList<>();
        JsonValue history = field(exceptions, "exceptionHistory");
        boolean truncated = false;
        if (history != null) {
            JsonValue entries = field(history, "entries");
            if (entries != null && entries.array != null) {
                for (JsonValue e : entries.array) {
                    failures.add(new Failure(string(e, "exceptionName"), string(e, "stacktrace"), string(e, "taskName")));
                }
            }
            JsonValue t = field(history, "truncated");
            truncated = t != null && Boolean.TRUE.equals(t.bool);
        }
        JsonValue checkpoints = get(base + "/jobs/" + jobId + "/checkpoints");
        JsonValue counts = field(checkpoints, "counts");
        JsonValue restored = counts == null ? null : field(counts, "restored");
        long restoredCount = restored == null || restored.number == null ? 0 : restored.number.longValue();
        // newest first in the REST answer; oldest first here
        java.util.Collections.reverse(failures);
        return new FlinkJobFailures(List.copyOf(failures), restoredCount, truncated);
    }

    /**
     * Waits until the job's history shows at least {@code failures} failures (the REST cache may lag the
     * scheduler by seconds), then returns it; fails naming what it saw when the deadline passes.
     */
    public static FlinkJobFailures await(String restUrl, String jobId, int failures, Duration timeout) {
        return awaitUntil(restUrl, jobId, timeout, "at least " + failures + " failures", f -> f.count() >= failures);
    }

    /** Waits until {@code condition} holds for the job's history (see {@link #await}). */
    public static FlinkJobFailures awaitUntil(String restUrl, String jobId, Duration timeout, String what,
            Predicate<FlinkJobFailures> condition) {
        FlinkJobFailures[] last = {null};
        try {
            Await.until(timeout, what + " in the history of job " + jobId, () -> {
                try {
                    last[0] = read(restUrl, jobId);
                } catch (IOException notYet) {
                    return false; // REST not answering (yet): asked again until the deadline
                }
                return condition.test(last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
        return last[0];
    }

    /**
     * Asserts (throwing {@link AssertionError}, no assertion library needed) that the job went through
     * between {@code min} and {@code max} failures — waiting up to 30 s for {@code min} to show — and that
     * each one's stack trace mentions one of {@code causes} (the injected failure, a TaskManager loss...;
     * none given: any cause).
     * With {@code min == 0} the history is read once. Returns the history for further checks.
     */
    public static FlinkJobFailures assertFailures(String restUrl, String jobId, int min, int max, String... causes) {
        FlinkJobFailures f;
        if (min > 0) {
            f = await(restUrl, jobId, min, Duration.ofSeconds(30));
        } else {
            f = awaitUntil(restUrl, jobId, Duration.ofSeconds(30), "the job's history", x -> true);
        }
        if (f.count() < min || f.count() > max || f.truncated()) {
            throw new AssertionError("job " + jobId + ": expected " + (min == max ? min : min + ".." + max)
                    + " failures (restarts), saw " + f);
        }
        for (Failure x : f.failures()) {
            boolean known = causes.length == 0; // no causes given: any cause counts
            for (String c : causes) {
                known |= x.mentions(c);
            }
            if (!known) {
                throw new AssertionError("job " + jobId + ": a failure not caused by the injected one ("
                        + String.join(" | ", causes) + "):\n" + x.stacktrace());
            }
        }
        return f;
    }

    /** Failures the scheduler handled, oldest first (each caused one restart unless the job failed for good). */
    public List<Failure> failures() {
        return failures;
    }

    public int count() {
        return failures.size();
    }

    /** How many times the job was restored from a checkpoint (Flink's {@code counts.restored}). */
    public long restoredCheckpoints() {
        return restoredCheckpoints;
    }

    /** Whether the REST answer left older failures out (more than it keeps). */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(failures.size() + " failures, " + restoredCheckpoints + " restores");
        for (Failure f : failures) {
            String first = f.stacktrace() == null ? f.exceptionName() : f.stacktrace().lines().findFirst().orElse("");
            s.append("\n  ").append(f.taskName()).append(": ").append(first);
        }
        return s.toString();
    }

    private static JsonValue get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JsonParser.parse(r.body());
    }

    private static JsonValue field(JsonValue v, String name) {
        return v == null || v.map == null ? null : v.map.get(name);
    }

    private static String string(JsonValue v, String name) {
        JsonValue f = field(v, name);
        return f == null ? null : f.string;
    }
}
