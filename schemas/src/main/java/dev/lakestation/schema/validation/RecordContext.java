package dev.lakestation.schema.validation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Per-input facts shared by all records of one file (or one batch): the input file name seen by
 * {@code sl_input_file_name} and in rejection texts, and the instant behind {@code current_date()} /
 * {@code current_timestamp()} (fixed for the whole input, like Spark's per-query value).
 *
 * <pre>{@code
 * RecordContext ctx = RecordContext.of("file:///data/ingesting/sales/orders-2024.csv");
 * }</pre>
 */
public final class RecordContext {

    private final String inputFileName;
    private final Instant now;
    private final LocalDate today;

    private RecordContext(String inputFileName, Instant now) {
        this.inputFileName = Objects.requireNonNull(inputFileName, "inputFileName");
        this.now = Objects.requireNonNull(now, "now");
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** Context for {@code inputFileName} at the current time. */
    public static RecordContext of(String inputFileName) {
        return new RecordContext(inputFileName, Instant.now());
    }

    /** Context for {@code inputFileName} at the clock's time (tests pin the date). */
    public static RecordContext of(String inputFileName, Clock clock) {
        return new RecordContext(inputFileName, clock.instant());
    }

    public String inputFileName() {
        return inputFileName;
    }

    public Instant now() {
        return now;
    }

    /** UTC date of {@link #now()}. */
    public LocalDate today() {
        return today;
    }
}
