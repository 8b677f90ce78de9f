package dev.lakestation.jobs.coordinator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void presetsAndProjectPresetsResolveToUnixCron() {
        assertThat(CronSchedule.parse("@hourly", Map.of(), UTC).expression()).isEqualTo("0 * * * *");
        assertThat(CronSchedule.parse("@daily", Map.of(), UTC).expression()).isEqualTo("0 0 * * *");
        assertThat(CronSchedule.parse("@weekly", Map.of(), UTC).expression()).isEqualTo("0 0 * * 0");
        assertThat(CronSchedule.parse("@monthly", Map.of(), UTC).expression()).isEqualTo("0 0 1 * *");
        assertThat(CronSchedule.parse("@yearly", Map.of(), UTC).expression()).isEqualTo("0 0 1 1 *");
        assertThat(CronSchedule.parse("nightly", Map.of("nightly", "0 2 * * *"), UTC).expression())
                .isEqualTo("0 2 * * *");
    }

    @Test
    void floorIsTheTickAtOrBeforeAndNextTheTickAfter() {
        CronSchedule h = CronSchedule.parse("15 * * * *", Map.of(), UTC);
        assertThat(h.floor(Instant.parse("2024-03-01T10:20:00Z"))).isEqualTo("2024-03-01T10:15:00Z");
        assertThat(h.floor(Instant.parse("2024-03-01T10:15:00Z"))).isEqualTo("2024-03-01T10:15:00Z");
        assertThat(h.floor(Instant.parse("2024-03-01T10:14:59Z"))).isEqualTo("2024-03-01T09:15:00Z");
        assertThat(h.next(Instant.parse("2024-03-01T10:15:00Z"))).isEqualTo("2024-03-01T11:15:00Z");
        assertThat(h.slSchedule(Instant.parse("2024-03-01T10:15:00Z"))).isEqualTo("20240301T1015");
    }

    @Test
    void fieldsAndSlScheduleAreInTheProjectZoneAcrossDst() {
        // Paris springs forward on 2024-03-31 at 02:00 local (01:00 UTC): the 02:00 local tick does not exist
        CronSchedule h = CronSchedule.parse("@hourly", Map.of(), ZoneId.of("Europe/Paris"));
        List<String> ticks = new ArrayList<>();
        Instant t = Instant.parse("2024-03-30T23:30:00Z");
        for (int i = 0; i < 3; i++) {
            t = h.next(t);
            ticks.add(t + " " + h.slSchedule(t));
        }
        assertThat(ticks).containsExactly("2024-03-31T00:00:00Z 20240331T0100", "2024-03-31T01:00:00Z 20240331T0300",
                "2024-03-31T02:00:00Z 20240331T0400");
        assertThat(CronSchedule.parseSlSchedule("20240331T0300", ZoneId.of("Europe/Paris")))
                .isEqualTo("2024-03-31T01:00:00Z");
        CronSchedule daily = CronSchedule.parse("0 9 * * *", Map.of(), ZoneId.of("Europe/Paris"));
        assertThat(daily.next(Instant.parse("2024-03-30T09:00:00Z"))).isEqualTo("2024-03-31T07:00:00Z");
    }

    @Test
    void meanIntervalOrdersSchedulesByFrequency() {
        assertThat(CronSchedule.parse("@hourly", Map.of(), UTC).meanInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(CronSchedule.parse("@daily", Map.of(), UTC).meanInterval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anInvalidScheduleNamesItselfAndThePresets() {
        assertThatThrownBy(() -> CronSchedule.parse("every hour", Map.of("nightly", "0 2 * * *"), UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule 'every hour' is neither a preset (")
                .hasMessageContaining("@daily").hasMessageContaining("nightly");
    }
}
