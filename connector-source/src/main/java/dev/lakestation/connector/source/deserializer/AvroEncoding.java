package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.PublicEvolving;

/** How an Avro record is encoded in the payload. */
@PublicEvolving
public enum AvroEncoding {
    /** Avro's JSON encoding. Memphis Schemaverse Avro stations carry JSON payloads. */
    JSON,
    /** Avro binary encoding of a single datum (no container file, no single-object header). */
    BINARY
}
