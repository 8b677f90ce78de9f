package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service loop of {@code lakestation coordinator} around a {@link Coordinator}: tick, apply queued manual
 * requests, sleep until the next due moment ({@link Coordinator#nextWakeUp()}) or until new events or requests wake
 * it ({@link DatasetEvents#onPublished}), and log every decision as one line. {@link #stop()} (the CLI's SIGTERM
 * hook) lets the current job call finish, saves, and returns from {@link #run()}; a job still running when the
 * process is gone anyway (kill -9, grace period over) is found RUNNING at the next start and handled by the restart
 * rules. A {@link StateConflictException} (another process wrote the state) ends {@link #run()} with it: the
 * command exits non-zero, and a restart reads the current state.
 *
 * <p>With a {@link ManualClock} the loop does not sleep: it moves the clock to the next due moment (the
 * {@code --clock-start} test mode, which replays a time window as fast as the jobs run).
 *
 * <pre>{@code
 * CoordinatorService s = new CoordinatorService(coordinator, clock, events, requests, System.out::println,
 *         Duration.ofMinutes(1), null);
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> { s.stop(); s.awaitStopped(Duration.ofSeconds(60)); }));
 * s.run();
 * }</pre>
 */
public final class CoordinatorService {

    private final Coordinator coordinator;
    private final Clock clock;
    private final DatasetEvents events;
    private final CoordinatorRequests requests;
    private final Consumer<String> log;
    private final Duration maxIdle;
    private final Instant until;
    private final Object wake = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private boolean signalled;

    /**
     * @param events   the coordinator's event source, watched for wake-ups (may be null)
     * @param requests queued manual commands (may be null)
     * @param log      one line per decision and per service event
     * @param maxIdle  the longest sleep without a wake-up (a safety net for missed notifications)
     * @param until    stop once the clock reaches it (tests, replays), or null to run until {@link #stop()}
     */
    public CoordinatorService(Coordinator coordinator, Clock clock, DatasetEvents events, CoordinatorRequests requests,
                              Consumer<String> log, Duration maxIdle, Instant until) {
        this.coordinator = coordinator;
        this.clock = clock;
        this.events = events;
        this.requests = requests;
        this.log = log;
        this.maxIdle = maxIdle;
        this.until = until;
    }

    /** Runs the loop in the calling thread until {@link #stop()} or {@code until}. */
    public void run() {
        List<AutoCloseable> watches = new java.util.ArrayList<>();
        try {
            if (events != null) {
                watches.add(events.onPublished(this::wakeUp));
            }
            if (requests != null) {
                watches.add(dev.lakestation.jobs.audit.FolderWatch.start(requests.dir(), this::wakeUp));
            }
            Duration backoff = Duration.ofSeconds(1);
            while (!stopping) {
                try {
                    logAll(coordinator.tick());
                    applyRequests();
                    backoff = Duration.ofSeconds(1);
                } catch (StateConflictException e) {
                    throw e; // another process wrote the state: this view is stale, retrying cannot succeed
                } catch (RuntimeException e) {
                    // a broker or disk outage: keep the in-memory state, try again (it is saved on the next step)
                    log.accept(clock.instant() + " ERROR " + e.getMessage() + "; retrying in " + backoff);
                    sleep(clock.instant().plus(backoff));
                    backoff = backoff.multipliedBy(2).compareTo(maxIdle) > 0 ? maxIdle : backoff.multipliedBy(2);
                    continue;
                }
                Instant now = clock.instant();
                if (until != null && !now.isBefore(until)) {
                    break;
                }
                Optional<Instant> next = coordinator.nextWakeUp();
                Instant target = now.plus(maxIdle);
                if (next.isPresent() && next.get().isBefore(target)) {
                    target = next.get();
                }
                if (until != null && until.isBefore(target)) {
                    target = until;
                }
                if (clock instanceof ManualClock manual) {
                    // test mode: jump to the next due moment (at least 1 s, so that a rule due "now" cannot spin)
                    manual.set(target.isAfter(now) ? target : now.plusSeconds(1));
                } else {
                    sleep(target);
                }
            }
        } finally {
            for (AutoCloseable w : watches) {
                try {
                    w.close();
                } catch (Exception ignored) {
                    // best effort at shutdown
                }
            }
            // logged here, before countDown: a shutdown hook waiting on it lets the JVM halt right after
            log.accept(clock.instant() + " coordinator stopped");
            stopped.countDown();
        }
    }

    /** Asks the loop to stop after the current step (safe from any thread, e.g. a shutdown hook). */
    public void stop() {
        stopping = true;
        wakeUp();
    }

    /** Waits until {@link #run()} returned; false when {@code timeout} passed first. */
    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Wakes the loop early (new events, a request, stop). */
    public void wakeUp() {
        synchronized (wake) {
            signalled = true;
            wake.notifyAll();
        }
    }

    private void applyRequests() {
        if (requests == null) {
            return;
        }
        for (CoordinatorRequests.Request r : requests.take(p -> log.accept(clock.instant() + " ERROR " + p))) {
            try {
                log.accept(clock.instant() + " REQUEST " + r.command() + " " + r.pipeline()
                        + (r.period() != null ? " --period " + r.period() : "")
                        + (r.from() != null ? " --from " + r.from() + " --to " + r.to() + " --reprocess "
                        + r.reprocess() : ""));
                if (r.command().equals("backfill")) {
                    logAll(coordinator.backfill(r.pipeline(), Instant.parse(r.from()), Instant.parse(r.to()),
                            Reprocess.parse(r.reprocess())));
                } else {
                    logAll(coordinator.trigger(r.pipeline(), r.period() != null ? r.period()
                            : coordinator.defaultPeriod(r.pipeline())));
                }
            } catch (IllegalArgumentException e) {
                log.accept(clock.instant() + " ERROR request " + r.command() + " " + r.pipeline() + ": "
                        + e.getMessage());
            }
        }
    }

    private void logAll(List<Decision> decisions) {
        decisions.forEach(d -> log.accept(d.toString()));
    }

    private void sleep(Instant target) {
        synchronized (wake) {
            while (!signalled && !stopping) {
                long ms = Duration.between(clock.instant(), target).toMillis();
                if (ms <= 0) {
                    break;
                }
                try {
                    wake.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            signalled = false;
        }
    }
}
