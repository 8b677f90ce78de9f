package dev.lakestation.jobs.coordinator;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A 5-field Unix cron (as Starlake's croniter) or a preset, in a time zone. Presets: {@code @hourly @daily
 * @midnight @weekly @monthly @yearly @annually} and the project's {@code schedulePresets} (looked up first).
 *
 * <pre>{@code
 * CronSchedule daily = CronSchedule.parse("@daily", Map.of(), ZoneId.of("UTC"));
 * Instant tick = daily.floor(Instant.parse("2024-03-01T10:15:00Z"));   // 2024-03-01T00:00:00Z
 * daily.slSchedule(tick);                                              // "20240301T0000"
 * }</pre>
 *
 */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Starlake's {@code sl_schedule_format} {@code %Y%m%dT%H%M}. */
    private static final DateTimeFormatter SL_SCHEDULE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");
    private static final Map<String, String> BUILT_IN = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private final String name;
    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String name, String expression, ZoneId zone, ExecutionTime executionTime) {
        this.name = name;
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /** The schedule as written in the YAML ({@code @daily}, a preset name or the cron itself). */
    public String name() {
        return name;
    }

    /** The 5-field cron after preset resolution. */
    public String expression() {
        return expression;
    }

    /** Time zone of the fields and of {@code sl_schedule}. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Parses {@code schedule}: a project preset name, a built-in preset or a cron expression.
     *
     * @throws IllegalArgumentException naming the schedule when it is none of these
     */
    public static CronSchedule parse(String schedule, Map<String, String> presets, ZoneId zone) {
        String s = schedule.trim();
        String expr = presets.getOrDefault(s, BUILT_IN.getOrDefault(s, s));
        expr = BUILT_IN.getOrDefault(expr.trim(), expr.trim()); // a project preset may itself say @daily
        try {
            var cron = PARSER.parse(expr);
            cron.validate();
            return new CronSchedule(s, expr, zone, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + schedule + "' is neither a preset ("
                    + String.join(", ", new java.util.TreeSet<>(BUILT_IN.keySet()))
                    + (presets.isEmpty() ? "" : ", " + String.join(", ", new java.util.TreeSet<>(presets.keySet())))
                    + ") nor a 5-field cron: " + e.getMessage(), e);
        }
    }

    /** The latest tick at or before {@code t}: the period {@code t} belongs to. */
    public Instant floor(Instant t) {
        ZonedDateTime z = t.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        if (executionTime.isMatch(z)) {
            return z.toInstant();
        }
        return executionTime.lastExecution(z).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule '" + name + "' has no tick before " + t));
    }

    /** The first tick strictly after {@code t}. */
    public Instant next(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return executionTime.nextExecution(z).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule '" + name + "' has no tick after " + t));
    }

    /** The tick formatted as Starlake's {@code sl_schedule} ({@code %Y%m%dT%H%M}) in this zone. */
    public String slSchedule(Instant tick) {
        return format(tick, zone);
    }

    /** {@code sl_schedule} formatting of any instant in {@code zone}. */
    public static String format(Instant tick, ZoneId zone) {
        return SL_SCHEDULE.format(tick.atZone(zone));
    }

    /**
     * Parses an {@code sl_schedule} value in {@code zone}. In a DST overlap the earlier offset is taken: the text
     * carries no offset (Starlake's format), so the two 02:30 of a fall-back night are one period.
     */
    public static Instant parseSlSchedule(String text, ZoneId zone) {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(text, SL_SCHEDULE), zone, null).toInstant();
    }

    /**
     * The mean interval between ticks over the 50 ticks after 2024-01-01 local time: how "frequent" the schedule is,
     * used to pick the most frequent of several crons (Starlake's {@code set_cron_expr}).
     */
    public Duration meanInterval() {
        Instant start = next(LocalDateTime.of(2024, 1, 1, 0, 0).atZone(zone).toInstant().minusSeconds(1));
        Instant t = start;
        for (int i = 0; i < 50; i++) {
            t = next(t);
        }
        return Duration.between(start, t).dividedBy(50);
    }

    @Override
    public String toString() {
        return name.equals(expression) ? name : name + " (" + expression + ")";
    }
}
