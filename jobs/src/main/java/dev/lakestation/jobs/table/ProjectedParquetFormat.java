package dev.lakestation.jobs.table;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads Parquet files as {@link GenericRecord}s of one schema, whatever schema version wrote each file
 * (fields matched by name, absent ones null). flink-parquet's {@code AvroParquetReaders} emits each file's own
 * schema under a type that claims another, which breaks as soon as Flink copies a record.
 *
 * <p>With {@link #projected(Schema)} only the schema's columns are read (parquet-avro's requested projection:
 * the other column chunks are never read) — the key scan of a merge needs the key and partition columns only.
 */
final class ProjectedParquetFormat implements StreamFormat<GenericRecord> {
    private final String projectionJson;
    private final boolean project;

    private ProjectedParquetFormat(Schema schema, boolean project) {
        this.projectionJson = schema.toString();
        this.project = project;
    }

    /** Whole rows, conformed to {@code schema}. */
    static ProjectedParquetFormat rows(Schema schema) {
        return new ProjectedParquetFormat(schema, false);
    }

    /** Only {@code projection}'s columns. */
    static ProjectedParquetFormat projected(Schema projection) {
        return new ProjectedParquetFormat(projection, true);
    }

    @Override
    public Reader<GenericRecord> createReader(Configuration config, FSDataInputStream stream, long fileLen,
                                              long splitEnd) throws IOException {
        Schema projection = new Schema.Parser().parse(projectionJson);
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        if (project) {
            AvroReadSupport.setRequestedProjection(conf, projection);
            AvroReadSupport.setAvroReadSchema(conf, projection);
        }
        ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new ParquetInputFile(stream, fileLen))
                .withDataModel(GenericData.get()).withConf(conf).build();
        return new Reader<>() {
            @Override
            public GenericRecord read() throws IOException {
                GenericRecord r = reader.read();
                return r == null ? null : RowMerge.conform(r, projection);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public Reader<GenericRecord> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                               long fileLen, long splitEnd) throws IOException {
        throw new UnsupportedOperationException("the merge's key scan is a batch job without checkpoints");
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<GenericRecord> getProducedType() {
        return new GenericRecordAvroTypeInfo(new Schema.Parser().parse(projectionJson));
    }
}
