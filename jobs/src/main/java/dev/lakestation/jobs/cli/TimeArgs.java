package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CronSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Times on the command line: {@code 20240301T0000} (sl_schedule), {@code 2024-03-01}, {@code 2024-03-01T10:00}
 * (project time zone) or an instant with offset ({@code 2024-03-01T10:00:00Z}). */
final class TimeArgs {

    private TimeArgs() {
    }

    static Instant parse(String option, String text, ZoneId zone) {
        String t = text.trim();
        try {
            if (t.matches("\\d{8}T\\d{4}")) {
                return CronSchedule.parseSlSchedule(t, zone);
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not a time (20240301T0000, 2024-03-01, "
                    + "2024-03-01T10:00 in " + zone + ", or 2024-03-01T10:00:00Z)");
        }
    }
}
