package dev.lakestation.jobs.table;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet writers for Avro {@link GenericRecord}s (snappy, standard 3-level lists), with a positional write path
 * (a few percent cheaper than parquet-avro's; Parquet's column encoding dominates both) producing the same files:
 * same Parquet schema and logical types ({@code DATE}, {@code TIMESTAMP(MILLIS,true)}, {@code DECIMAL(p,s)} on fixed), and the Avro schema
 * in the footer, so {@code AvroParquetReader} (and Spark, DuckDB, ...) read them as parquet-avro files.
 *
 * <pre>{@code
 * Schema schema = AvroSchemas.forSpec(spec);
 * FileSink<GenericRecord> sink = FileSink
 *     .forBulkFormat(new Path(tx.stagingDir().toUri()), ParquetWriters.forGenericRecord(schema))
 *     .withOutputFileConfig(ParquetWriters.outputFileConfig())
 *     .build();
 * // without Flink: one file
 * try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, new LocalOutputFile(file))) { w.write(r); }
 * }</pre>
 */
public final class ParquetWriters {
    /** Row group size used unless told otherwise: 64 MiB keeps a writer's buffered heap bounded. */
    public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;

    private ParquetWriters() {
    }

    /**
     * File names for {@code FileSink.withOutputFileConfig}: {@code part-<uuid>-<n>.parquet}. Without it FileSink's
     * files have no extension and readers globbing {@code *.parquet} find nothing.
     */
    public static OutputFileConfig outputFileConfig() {
        return OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build();
    }

    /** A {@code BulkWriter.Factory} for {@code FileSink.forBulkFormat}, snappy, 64 MiB row groups. */
    public static ParquetWriterFactory<GenericRecord> forGenericRecord(Schema schema) {
        return forGenericRecord(schema, DEFAULT_ROW_GROUP_BYTES);
    }

    /** As {@link #forGenericRecord(Schema)} with a row group size in bytes. */
    public static ParquetWriterFactory<GenericRecord> forGenericRecord(Schema schema, long rowGroupBytes) {
        return forGenericRecord(schema, rowGroupBytes, ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE);
    }

    /**
     * For files that hold one checkpoint's rows (a station load rolls its files on every checkpoint): a column
     * gives up dictionary encoding once its dictionary passes {@value #CHECKPOINT_FILE_DICTIONARY_BYTES} bytes
     * instead of Parquet's 1 MiB. A file of a few thousand rows never reaches 1 MiB, so every value of a unique
     * column (ids, names, e-mails) was hashed into a dictionary that the writer then threw away at the end
     * (≈ 20% of a station load's task thread in a JFR profile); columns of few distinct values keep their dictionary.
     */
    public static ParquetWriterFactory<GenericRecord> forCheckpointFiles(Schema schema) {
        return forGenericRecord(schema, DEFAULT_ROW_GROUP_BYTES, CHECKPOINT_FILE_DICTIONARY_BYTES);
    }

    /** The dictionary budget per column of {@link #forCheckpointFiles}. */
    public static final int CHECKPOINT_FILE_DICTIONARY_BYTES = 32 * 1024;

    private static ParquetWriterFactory<GenericRecord> forGenericRecord(Schema schema, long rowGroupBytes,
            int dictionaryBytes) {
        // Avro's Schema is held as JSON: the factory travels to task managers and the text is what survives.
        String json = schema.toString();
        ParquetBuilder<GenericRecord> builder = out -> open(new GenericRecordWriteSupport(new Schema.Parser()
                .parse(json)), out, rowGroupBytes, dictionaryBytes);
        return new ParquetWriterFactory<>(builder);
    }

    /** A Parquet writer of {@code schema}'s records into {@code file} (snappy, 64 MiB row groups). */
    public static <T extends IndexedRecord> ParquetWriter<T> open(Schema schema, OutputFile file) throws IOException {
        return open(schema, file, DEFAULT_ROW_GROUP_BYTES);
    }

    /** A Parquet writer of {@code schema}'s records into {@code file} with the given row group size. */
    public static <T extends IndexedRecord> ParquetWriter<T> open(Schema schema, OutputFile file, long rowGroupBytes)
            throws IOException {
        return open(new GenericRecordWriteSupport(schema), file, rowGroupBytes);
    }

    /** As {@link #open(Schema, OutputFile, long)} with a given write support (tests look at it). */
    static <T extends IndexedRecord> ParquetWriter<T> open(GenericRecordWriteSupport support, OutputFile file,
            long rowGroupBytes) throws IOException {
        return open(support, file, rowGroupBytes, ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE);
    }

    @SuppressWarnings("unchecked")
    private static <T extends IndexedRecord> ParquetWriter<T> open(GenericRecordWriteSupport support,
            OutputFile file, long rowGroupBytes, int dictionaryBytes) throws IOException {
        return open((WriteSupport<T>) (WriteSupport<?>) support, file, rowGroupBytes, dictionaryBytes);
    }

    /**
     * A writer of any write support with this class's settings: {@link ColumnarRewrite} writes the files of
     * {@link GenericRecordWriteSupport} from column readers, and they must not differ in codec or row groups.
     */
    static <T> ParquetWriter<T> open(WriteSupport<T> support, OutputFile file, long rowGroupBytes)
            throws IOException {
        return open(support, file, rowGroupBytes, ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE);
    }

    private static <T> ParquetWriter<T> open(WriteSupport<T> support, OutputFile file, long rowGroupBytes,
            int dictionaryBytes) throws IOException {
        return new Builder<T>(file, support)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(rowGroupBytes)
                .withDictionaryPageSize(dictionaryBytes)
                // Size statistics (parquet 1.15's per-page level histograms and unencoded byte counts, for
                // readers' memory planning) cost ~3% of the writer's CPU; min/max statistics stay on.
                .withSizeStatisticsEnabled(false)
                .withConf(new Configuration(false))
                .build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> support;

        Builder(OutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return support;
        }
    }
}
