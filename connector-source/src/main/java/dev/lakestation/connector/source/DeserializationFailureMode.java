package dev.lakestation.connector.source;

import org.apache.flink.annotation.PublicEvolving;

/** What happens to a record the deserializer rejects. */
@PublicEvolving
public enum DeserializationFailureMode {
    /** Default: publish it to the dead-letter station with the reason, count it, continue. */
    DEAD_LETTER,
    /** Fail the job, naming station, partition and sequence. */
    FAIL
}
