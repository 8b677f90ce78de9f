package dev.lakestation.connector.sink.testutils;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: delegates to test-support's {@code Await}. */
public final class Await {
    private Await() {}

    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        dev.lakestation.testsupport.Await.until(timeout, what, condition::getAsBoolean);
    }
}
