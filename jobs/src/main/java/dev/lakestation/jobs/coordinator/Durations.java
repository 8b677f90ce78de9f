package dev.lakestation.jobs.coordinator;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Starlake writes them ({@code freshness: {warn: "1 day"}}, Scala's {@code Duration} syntax):
 * {@code <number> <unit>} with units ms, s/second(s), min/minute(s), h/hour(s), d/day(s), w/week(s), also without the
 * space ({@code 30s}, {@code 2h}); a bare number is seconds (Airflow's {@code retry_delay: 300}); ISO-8601
 * ({@code PT1H}) is accepted too.
 *
 * <pre>{@code
 * Durations.parse("1 day", "freshness.warn");   // PT24H
 * }</pre>
 */
public final class Durations {

    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    private Durations() {
    }

    /**
     * @param what where the value comes from, for the error message
     * @throws IllegalArgumentException naming {@code what} and the text
     */
    public static Duration parse(String text, String what) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw bad(text, what);
            }
        }
        Matcher m = P.matcher(s);
        if (!m.matches()) {
            throw bad(text, what);
        }
        double n = Double.parseDouble(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "ms", "milli", "millis", "millisecond", "milliseconds" -> 1L;
            case "", "s", "sec", "secs", "second", "seconds" -> 1000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            case "w", "week", "weeks" -> 7 * 86_400_000L;
            default -> throw bad(text, what);
        };
        return Duration.ofMillis(Math.round(n * unitMs));
    }

    private static IllegalArgumentException bad(String text, String what) {
        return new IllegalArgumentException(what + ": '" + text
                + "' is not a duration (e.g. 300, 30s, 5 minutes, 2 hours, 1 day, PT1H)");
    }
}
