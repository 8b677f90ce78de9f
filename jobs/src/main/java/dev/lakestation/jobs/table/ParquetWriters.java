package dev.lakestation.jobs.table;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.parquet.avro.AvroParquetWriters;

/** STUB (replaced by the table branch). */
public final class ParquetWriters {
    public static BulkWriter.Factory<GenericRecord> forSchema(Schema schema) {
        return AvroParquetWriters.forGenericRecord(schema);
    }
}
