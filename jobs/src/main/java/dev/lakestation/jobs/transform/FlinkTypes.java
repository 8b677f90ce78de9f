package dev.lakestation.jobs.transform;

import org.apache.avro.Schema;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.types.DataType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Flink row types of warehouse tables: from the Avro schema of a loaded table (schemas' {@code TableValidator},
 * with date, timestamp-millis, decimal, nested records and arrays) or from a Parquet footer (a task's output).
 */
final class FlinkTypes {

    private FlinkTypes() {
    }

    /** The Flink row type of an Avro record schema (timestamp-millis → TIMESTAMP(3), as Spark reads it). */
    static DataType ofAvro(Schema avro) {
        return AvroSchemaConverter.convertToDataType(avro.toString(), true);
    }

    /** The Flink row type of the Parquet file's schema. */
    static DataType ofParquetFooter(Path parquetFile) throws IOException {
        Configuration conf = new Configuration();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(parquetFile.toUri()), conf))) {
            MessageType type = reader.getFooter().getFileMetaData().getSchema();
            Schema avro = new org.apache.parquet.avro.AvroSchemaConverter(conf).convert(type);
            return ofAvro(avro);
        }
    }

    /** Rows recorded in the Parquet file's footer. */
    static long rowCount(Path parquetFile) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(parquetFile.toUri()), new Configuration()))) {
            return reader.getRecordCount();
        }
    }
}
