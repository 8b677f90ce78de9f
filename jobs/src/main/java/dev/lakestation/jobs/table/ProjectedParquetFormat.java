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
 * Reads only some columns of Parquet files as {@link GenericRecord}s of the projection schema (parquet-avro's
 * requested projection: the other column chunks are never read). flink-parquet's
 * {@code AvroParquetReaders} reads whole rows; the key scan of a merge needs the key and partition columns only.
 */
final class ProjectedParquetFormat implements StreamFormat<GenericRecord> {
    private final String projectionJson;

    ProjectedParquetFormat(Schema projection) {
        this.projectionJson = projection.toString();
    }

    @Override
    public Reader<GenericRecord> createReader(Configuration config, FSDataInputStream stream, long fileLen,
                                              long splitEnd) throws IOException {
        Schema projection = new Schema.Parser().parse(projectionJson);
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        AvroReadSupport.setRequestedProjection(conf, projection);
        AvroReadSupport.setAvroReadSchema(conf, projection);
        ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new ParquetInputFile(stream, fileLen))
                .withDataModel(GenericData.get()).withConf(conf).build();
        return new Reader<>() {
            @Override
            public GenericRecord read() throws IOException {
                return reader.read();
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
