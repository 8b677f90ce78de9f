package dev.lakestation.jobs.table;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads Parquet files as {@link GenericRecord}s of one schema, whatever schema version wrote each file: fields
 * matched by name, absent ones null — except partition columns a file does not hold (Flink SQL's and Hive's
 * writers keep them only in the folder names, {@code day=2024-03-01/}), which are taken from the file's path.
 * flink-parquet's {@code AvroParquetReaders} emits each file's own schema under a type that claims another
 * (breaks as soon as Flink copies a record) and never sees the path.
 *
 * <p>With {@link #projected} only the schema's columns are read (parquet-avro's requested projection: the other
 * column chunks are never read) — the key scan of a merge needs the key and partition columns only.
 */
final class ProjectedParquetFormat implements BulkFormat<GenericRecord, FileSourceSplit> {
    private static final int BATCH = 1024;
    private static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private final String schemaJson;
    private final boolean project;
    private final List<String> partition;

    private ProjectedParquetFormat(Schema schema, boolean project, List<String> partition) {
        this.schemaJson = schema.toString();
        this.project = project;
        this.partition = List.copyOf(partition);
    }

    /** Whole rows, conformed to {@code schema}. */
    static ProjectedParquetFormat rows(Schema schema, List<String> partition) {
        return new ProjectedParquetFormat(schema, false, partition);
    }

    /** Only {@code projection}'s columns. */
    static ProjectedParquetFormat projected(Schema projection, List<String> partition) {
        return new ProjectedParquetFormat(projection, true, partition);
    }

    @Override
    public Reader<GenericRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        Schema target = new Schema.Parser().parse(schemaJson);
        org.apache.flink.core.fs.Path path = split.path();
        FileSystem fs = path.getFileSystem();
        long len = fs.getFileStatus(path).getLen();
        Schema fileSchema;
        try (FSDataInputStream in = fs.open(path);
             ParquetFileReader footer = ParquetFiles.open(new ParquetInputFile(in, len))) {
            fileSchema = SchemaEvolution.avroSchema(footer);
        }
        Map<String, Object> fromPath = new HashMap<>();
        for (String c : partition) {
            if (fileSchema.getField(c) == null && target.getField(c) != null) {
                fromPath.put(c, partitionValue(path, c, target.getField(c).schema()));
            }
        }
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        // Flink SQL's and Spark's default TIMESTAMP encoding; converted to the target's epoch value below
        conf.setBoolean(AvroReadSupport.READ_INT96_AS_FIXED, true);
        List<String> int96 = new ArrayList<>();
        for (Schema.Field t : target.getFields()) {
            Schema.Field ff = fileSchema.getField(t.name());
            if (ff != null && isInt96(ff.schema()) && MergeSpec.nonNull(t.schema()).getType() == Schema.Type.LONG) {
                int96.add(t.name());
            }
        }
        if (project) {
            // only the columns the file has: a projection naming an absent column is refused by parquet-mr
            List<Schema.Field> present = new ArrayList<>();
            for (Schema.Field f : target.getFields()) {
                Schema.Field ff = fileSchema.getField(f.name());
                if (ff != null) {
                    present.add(new Schema.Field(ff, ff.schema()));
                }
            }
            Schema p = Schema.createRecord(fileSchema.getName(), null, fileSchema.getNamespace(), false);
            p.setFields(present);
            AvroReadSupport.setRequestedProjection(conf, p);
            AvroReadSupport.setAvroReadSchema(conf, p);
        }
        FSDataInputStream stream = fs.open(path);
        // the builder given a configuration: its default one would load Hadoop's default resources (ParquetFiles)
        ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new ParquetInputFile(stream, len),
                        new org.apache.parquet.conf.HadoopParquetConfiguration(conf))
                .withDataModel(GenericData.get()).withConf(conf).build();
        return new Reader<>() {
            /** The schema of the records read (one per file) and whether it is the target: compared once. */
            private Schema read;
            private boolean isTarget;

            @Override
            public RecordIterator<GenericRecord> readBatch() throws IOException {
                List<GenericRecord> batch = new ArrayList<>(BATCH);
                for (GenericRecord r = reader.read(); r != null; r = batch.size() < BATCH ? reader.read() : null) {
                    if (r.getSchema() != read) {
                        // Schema.equals is a deep comparison (fields, properties): per record it cost a fifth of
                        // a rewrite's CPU
                        read = r.getSchema();
                        isTarget = read.equals(target);
                    }
                    GenericRecord out = isTarget ? r : RowMerge.conform(r, target);
                    fromPath.forEach(out::put);
                    for (String c : int96) {
                        out.put(c, epoch(out.get(c), target.getField(c).schema()));
                    }
                    batch.add(out);
                }
                return batch.isEmpty() ? null : new IteratorResultIterator<>(batch.iterator(), 0, 0);
            }

            @Override
            public void close() throws IOException {
                reader.close();
                stream.close();
            }
        };
    }

    private static boolean isInt96(Schema s) {
        Schema n = MergeSpec.nonNull(s);
        return n.getType() == Schema.Type.FIXED && n.getFixedSize() == 12;
    }

    /** INT96 (nanos of day, Julian day; little endian) → epoch millis or micros as the target column says. */
    static Object epoch(Object v, Schema target) {
        if (!(v instanceof GenericData.Fixed f)) {
            return v;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long nanos = b.getLong();
        long day = b.getInt() - 2_440_588L;
        long micros = day * 86_400_000_000L + nanos / 1000;
        return MergeSpec.nonNull(target).getLogicalType() instanceof LogicalTypes.TimestampMicros ? micros
                : Math.floorDiv(micros, 1000L);
    }

    /** The value of partition column {@code column} from a {@code column=value} folder of {@code path}. */
    static Object partitionValue(org.apache.flink.core.fs.Path path, String column, Schema schema) {
        String prefix = HivePartitionAssigner.escape(column) + "=";
        for (org.apache.flink.core.fs.Path p = path.getParent(); p != null; p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith(prefix)) {
                String text = URLDecoder.decode(name.substring(prefix.length()).replace("+", "%2B"),
                        StandardCharsets.UTF_8);
                return text.equals(NULL_PARTITION) ? null : typed(text, MergeSpec.nonNull(schema), path, column);
            }
        }
        throw new IllegalArgumentException(path + ": partition column '" + column + "' is neither in the file nor"
                + " in a " + prefix + "... folder of its path");
    }

    private static Object typed(String text, Schema s, org.apache.flink.core.fs.Path path, String column) {
        try {
            if (s.getLogicalType() instanceof LogicalTypes.Date) {
                return (int) LocalDate.parse(text).toEpochDay();
            }
            return switch (s.getType()) {
                case STRING -> text;
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case FLOAT -> Float.parseFloat(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                default -> throw new IllegalArgumentException("type " + s.getType() + " not supported in a folder name");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": partition folder value '" + text + "' of column '" + column
                    + "' cannot be read as " + s.getType() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Reader<GenericRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return createReader(config, split); // batch job: a restarted split is read again from its start
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<GenericRecord> getProducedType() {
        return new GenericRecordAvroTypeInfo(new Schema.Parser().parse(schemaJson));
    }
}
