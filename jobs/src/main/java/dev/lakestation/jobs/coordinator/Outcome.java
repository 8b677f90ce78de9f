package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvent;

import java.util.List;

/**
 * How a job call ended.
 *
 * <pre>{@code
 * return Outcome.succeeded(List.of(event));      // a load or transform that committed
 * return Outcome.succeeded(List.of());           // stage, or a preload that found files
 * return Outcome.notReady("no file for orders"); // preload: poke again later
 * return Outcome.failed("orders.json: line 3: ...");
 * return Outcome.timedOut("cancelled at the deadline");
 * return Outcome.skipped("loads from station 'sales': no broker"); // this step does not apply here
 * }</pre>
 */
public sealed interface Outcome {

    /** Done; {@code events} are the dataset events the job published (the coordinator also reads them back). */
    record Succeeded(List<DatasetEvent> events) implements Outcome {
        public Succeeded {
            events = List.copyOf(events);
        }
    }

    /** Failed; retried while retries remain. */
    record Failed(String message) implements Outcome {
    }

    /** A preload found nothing to load yet (not an error). */
    record NotReady(String reason) implements Outcome {
    }

    /** Stopped at {@link RunContext#deadline()}; retried like a failure. */
    record TimedOut(String message) implements Outcome {
    }

    /**
     * The step does not apply in this setup (a station table without a broker): nothing was written, it is not an
     * error, and the run goes on with its next step. What reads the step's dataset is not run by
     * {@link Coordinator#runOnce} ("input not loaded").
     */
    record Skipped(String reason) implements Outcome {
    }

    static Outcome succeeded(List<DatasetEvent> events) {
        return new Succeeded(events);
    }

    static Outcome failed(String message) {
        return new Failed(message);
    }

    static Outcome notReady(String reason) {
        return new NotReady(reason);
    }

    static Outcome timedOut(String message) {
        return new TimedOut(message);
    }

    static Outcome skipped(String reason) {
        return new Skipped(reason);
    }
}
