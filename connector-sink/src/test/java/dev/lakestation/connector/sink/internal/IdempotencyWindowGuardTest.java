package dev.lakestation.connector.sink.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class IdempotencyWindowGuardTest {
    private static SinkStation station(Duration window) {
        return new SinkStation("orders", List.of(1, 2), window, null, false);
    }

    private static Configuration config(MemphisSinkOptions.IdempotencyWindowCheck policy, Duration recovery) {
        Configuration c = new Configuration();
        c.set(MemphisSinkOptions.IDEMPOTENCY_WINDOW_CHECK, policy);
        c.set(MemphisSinkOptions.EXPECTED_RECOVERY_TIME, recovery);
        return c;
    }

    @Test
    void acceptsAWindowLongerThanIntervalPlusRecovery() {
        var check = new IdempotencyWindowGuard(config(MemphisSinkOptions.IdempotencyWindowCheck.FAIL,
                Duration.ofSeconds(30)), 60_000);
        assertThatCode(() -> check.check(station(Duration.ofMinutes(2)))).doesNotThrowAnyException();
    }

    @Test
    void failsWhenTheWindowIsTooShortNamingTheNumbers() {
        var check = new IdempotencyWindowGuard(config(MemphisSinkOptions.IdempotencyWindowCheck.FAIL,
                Duration.ofSeconds(30)), 100_000);
        assertThatThrownBy(() -> check.check(station(Duration.ofMinutes(2))))
                .isInstanceOf(MemphisSinkException.class)
                .hasMessageContaining("station 'orders': idempotency window 120000 ms is not longer than checkpoint "
                        + "interval 100000 ms + expected recovery time 30000 ms");
    }

    @Test
    void warnAndIgnoreLetTheJobRun() {
        for (var policy : List.of(MemphisSinkOptions.IdempotencyWindowCheck.WARN,
                MemphisSinkOptions.IdempotencyWindowCheck.IGNORE)) {
            var check = new IdempotencyWindowGuard(config(policy, Duration.ofSeconds(30)), 100_000);
            assertThatCode(() -> check.check(station(Duration.ofSeconds(1)))).doesNotThrowAnyException();
        }
    }

    @Test
    void withoutCheckpointingThereIsNothingToCompare() {
        var check = new IdempotencyWindowGuard(config(MemphisSinkOptions.IdempotencyWindowCheck.FAIL,
                Duration.ofSeconds(30)), -1);
        assertThatCode(() -> check.check(station(Duration.ofSeconds(1)))).doesNotThrowAnyException();
    }
}
