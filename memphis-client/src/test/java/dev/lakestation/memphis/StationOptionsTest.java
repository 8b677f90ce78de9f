package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The broker's normalisation rules for station options. */
class StationOptionsTest {
    @Test
    void roundsReplicasAsTheBroker() {
        assertThat(StationOptions.builder("s").replicas(0).build().replicas()).isEqualTo(1);
        assertThat(StationOptions.builder("s").replicas(2).build().replicas()).isEqualTo(3);
        assertThat(StationOptions.builder("s").replicas(4).build().replicas()).isEqualTo(3);
        assertThat(StationOptions.builder("s").replicas(5).build().replicas()).isEqualTo(5);
        assertThat(StationOptions.builder("s").replicas(9).build().replicas()).isEqualTo(5);
    }

    @Test
    void normalisesTheIdempotencyWindow() {
        assertThat(StationOptions.builder("s").idempotencyWindowMs(0).build().idempotencyWindowMs()).isEqualTo(120_000);
        assertThat(StationOptions.builder("s").idempotencyWindowMs(5).build().idempotencyWindowMs()).isEqualTo(100);
        assertThatThrownBy(() -> StationOptions.builder("s").retention(RetentionType.MESSAGES, 1)
                .idempotencyWindow(Duration.ofHours(25)).build()).hasMessageContaining("24 hours");
        assertThatThrownBy(() -> StationOptions.builder("s").retention(RetentionType.MAX_MESSAGE_AGE_SECONDS, 10)
                .idempotencyWindow(Duration.ofSeconds(20)).build()).hasMessageContaining("retention");
    }

    @Test
    void nonPositiveRetentionBecomesOneHourOfAge() {
        StationOptions o = StationOptions.builder("s").retention(RetentionType.MESSAGES, 0).build();
        assertThat(o.retentionType()).isEqualTo(RetentionType.MAX_MESSAGE_AGE_SECONDS);
        assertThat(o.retentionValue()).isEqualTo(3600);
        assertThat(StationOptions.builder("s").retention(RetentionType.ACK_BASED, 0).build().retentionType())
                .isEqualTo(RetentionType.ACK_BASED);
    }

    @Test
    void validatesNamesAndPartitions() {
        assertThatThrownBy(() -> StationOptions.builder("Bad Name")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> StationOptions.builder("s").partitions(0).build())
                .hasMessageContaining("partitions");
        assertThat(StationOptions.builder("Orders.EU").build().name()).isEqualTo("orders.eu");
    }

    @Test
    void consumerGroupOptionsFollowTheSdkRules() {
        assertThatThrownBy(() -> ConsumerGroupOptions.builder().maxMsgDeliveries(11).build())
                .hasMessageContaining("10");
        assertThatThrownBy(() -> ConsumerGroupOptions.builder().startConsumeFromSequence(5).lastMessages(3).build())
                .hasMessageContaining("both");
        assertThat(ConsumerGroupOptions.builder().maxAckTime(Duration.ZERO).build().maxAckTime())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
