package dev.lakestation.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition with a deadline — the one way tests here wait (no fixed sleeps).
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(10), "all messages acked", () -> consumerInfo().getNumAckPending() == 0);
 * }</pre>
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {}

    /** A condition that may throw; an exception fails the wait. */
    @FunctionalInterface
    public interface Condition {
        boolean test() throws Exception;
    }

    /**
     * Returns as soon as {@code condition} holds; throws {@link AssertionError} naming {@code what}
     * when it does not hold within {@code timeout}.
     */
    public static void until(Duration timeout, String what, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.test()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
                }
                LockSupport.parkNanos(POLL_NANOS); // polling interval of the deadline wait
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what);
                }
            }
        } catch (RuntimeException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + " failed: " + e, e);
        }
    }
}
