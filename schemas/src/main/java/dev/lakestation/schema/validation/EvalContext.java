package dev.lakestation.schema.validation;

import java.time.Instant;
import java.time.LocalDate;

/** What an {@link Expression} reads while evaluating one record. */
interface EvalContext {

    /** Value of the top-level column in {@code slot} (Avro-ready representation). */
    Object column(int slot);

    /** The record's input file ({@code sl_input_file_name}). */
    String inputFileName();

    /** {@code current_date()}: fixed per {@link RecordContext}, UTC. */
    LocalDate currentDate();

    /** {@code current_timestamp()}: fixed per {@link RecordContext}. */
    Instant currentTimestamp();
}
