/** Avro schemas of accepted rows ({@link dev.lakestation.schema.avro.AvroSchemas}), the shape written to Parquet. */
package dev.lakestation.schema.avro;
