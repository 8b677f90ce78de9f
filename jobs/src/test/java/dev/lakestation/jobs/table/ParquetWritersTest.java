package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.schema.avro.AvroSchemas;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetWritersTest {
    private static final TypeCatalog TYPES = TypeCatalog.defaults();

    @TempDir
    Path dir;

    static SlType type(String name) {
        return TYPES.find(name).orElseThrow();
    }

    /** Every shape AvroSchemas produces: required and nullable leaves, struct, array of structs, array of leaves. */
    static Schema tableSchema() {
        RecordSpec spec = RecordSpec.builder("sales", "orders")
                .field(FieldSpec.builder("id", type("long")).required(true).build())
                .field(FieldSpec.builder("name", type("string")).build())
                .field(FieldSpec.builder("amount", type("decimal")).build())
                .field(FieldSpec.builder("qty", type("short")).required(true).build())
                .field(FieldSpec.builder("ratio", type("double")).build())
                .field(FieldSpec.builder("day", type("date")).build())
                .field(FieldSpec.builder("at", type("timestamp")).required(true).build())
                .field(FieldSpec.builder("ok", type("boolean")).build())
                .field(FieldSpec.builder("tags", type("string")).array(true).build())
                .field(FieldSpec.struct("customer", List.of(
                        FieldSpec.builder("email", type("string")).required(true).build(),
                        FieldSpec.builder("since", type("date")).build())).build())
                .field(FieldSpec.struct("lines", List.of(
                        FieldSpec.builder("sku", type("string")).build(),
                        FieldSpec.builder("price", type("decimal")).build())).array(true).build())
                .build();
        return AvroSchemas.forSpec(spec);
    }

    static Object decimal(Schema field, String value) {
        Schema fixed = nonNull(field);
        return new Conversions.DecimalConversion().toFixed(new BigDecimal(value).setScale(9), fixed,
                LogicalTypes.decimal(38, 9));
    }

    static Schema nonNull(Schema s) {
        return s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
    }

    static List<GenericRecord> records(Schema schema) {
        Schema customer = nonNull(schema.getField("customer").schema());
        Schema line = nonNull(nonNull(schema.getField("lines").schema()).getElementType());
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", (long) i);
            r.put("name", i % 7 == 0 ? null : "name-" + i + "-é");
            r.put("amount", i % 5 == 0 ? null : decimal(schema.getField("amount").schema(), (i % 2 == 0 ? "-" : "")
                    + i + ".123456789"));
            r.put("qty", i * 3);
            r.put("ratio", i % 3 == 0 ? null : i / 7.0);
            r.put("day", i % 4 == 0 ? null : 19_000 + i);
            r.put("at", 1_700_000_000_000L + i * 1000L);
            r.put("ok", i % 6 == 0 ? null : i % 2 == 0);
            r.put("tags", i % 8 == 0 ? null : Arrays.asList("a" + i, null, "b"));
            if (i % 9 != 0) {
                GenericRecord c = new GenericData.Record(customer);
                c.put("email", "c" + i + "@x.com");
                c.put("since", i % 2 == 0 ? null : 18_000 + i);
                r.put("customer", c);
            }
            if (i % 10 != 0) {
                List<GenericRecord> ls = new ArrayList<>();
                for (int k = 0; k < i % 3; k++) {
                    GenericRecord l = new GenericData.Record(line);
                    l.put("sku", "sku" + k);
                    l.put("price", decimal(line.getField("price").schema(), k + ".5"));
                    ls.add(l);
                }
                ls.add(null);
                r.put("lines", ls);
            }
            out.add(r);
        }
        return out;
    }

    /**
     * A checkpoint's file: a unique column leaves dictionary encoding after a small budget, a column of few values
     * keeps its dictionary; the rows read back unchanged.
     */
    @Test
    void checkpointFilesKeepDictionariesOnlyForColumnsOfFewValues() throws Exception {
        Schema schema = AvroSchemas.forSpec(RecordSpec.builder("s", "t")
                .field(FieldSpec.builder("name", type("string")).required(true).build())
                .field(FieldSpec.builder("code", type("string")).required(true).build()).build());
        List<GenericRecord> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("name", "customer-" + i + "@example.com");
            r.put("code", "C" + i % 50);
            input.add(r);
        }
        Path file = dir.resolve("part-cp.parquet");
        BulkWriter.Factory<GenericRecord> factory = ParquetWriters.forCheckpointFiles(schema);
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<GenericRecord> w = factory.create(out);
            for (GenericRecord r : input) {
                w.addElement(r);
            }
            w.finish();
        }
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            var columns = reader.getFooter().getBlocks().get(0).getColumns();
            assertThat(columns).filteredOn(c -> c.getPath().toDotString().equals("name")).singleElement()
                    .satisfies(c -> assertThat(c.getEncodings()).as("name").contains(org.apache.parquet.column.Encoding.PLAIN));
            assertThat(columns).filteredOn(c -> c.getPath().toDotString().equals("code")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.hasDictionaryPage()).as("code has a dictionary").isTrue();
                        assertThat(c.getEncodings()).as("code").doesNotContain(org.apache.parquet.column.Encoding.PLAIN);
                    });
        }
        List<GenericRecord> back = ParquetTestFiles.read(file);
        assertThat(back).extracting(Object::toString).isEqualTo(input.stream().map(Object::toString).toList());
    }

    @Test
    void bulkWriterFilesReadBackWithAvroParquetReaderEqualToTheInput() throws Exception {
        Schema schema = tableSchema();
        List<GenericRecord> input = records(schema);
        Path file = dir.resolve("part-0.parquet");
        BulkWriter.Factory<GenericRecord> factory = ParquetWriters.forGenericRecord(schema);
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<GenericRecord> w = factory.create(out);
            for (GenericRecord r : input) {
                w.addElement(r);
            }
            w.finish();
        }
        List<GenericRecord> back = ParquetTestFiles.read(file);
        assertThat(back).hasSize(input.size());
        for (int i = 0; i < input.size(); i++) {
            assertThat(GenericData.get().compare(back.get(i), input.get(i), schema)).as("record %d", i).isZero();
            assertThat(back.get(i).toString()).isEqualTo(input.get(i).toString());
        }
        assertThat(ParquetTestFiles.codec(file)).isEqualTo("SNAPPY");
    }

    @Test
    void sameParquetSchemaAndLogicalTypesAsParquetAvro() throws Exception {
        Schema schema = tableSchema();
        List<GenericRecord> input = records(schema);
        Path ours = dir.resolve("ours.parquet");
        Path theirs = dir.resolve("theirs.parquet");
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, new LocalOutputFile(ours))) {
            for (GenericRecord r : input) {
                w.write(r);
            }
        }
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(theirs))
                .withSchema(schema).withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (GenericRecord r : input) {
                w.write(r);
            }
        }
        MessageType our = ParquetTestFiles.schema(ours);
        assertThat(our).isEqualTo(ParquetTestFiles.schema(theirs));
        assertThat(ParquetTestFiles.read(ours).toString()).isEqualTo(ParquetTestFiles.read(theirs).toString());

        PrimitiveType amount = our.getType("amount").asPrimitiveType();
        assertThat(amount.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(amount.getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(9, 38));
        assertThat(our.getType("day").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
        assertThat(our.getType("at").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(our.getType("at").isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED)).isTrue();
        assertThat(our.getType("name").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(our.getType("tags").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
        assertThat(our.getType("tags").asGroupType().getType("list").asGroupType().getType("element")
                .isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL)).isTrue();
    }

    /**
     * Flat schemas take the direct path (values straight to the column writers): same Parquet schema, records and
     * column statistics as parquet-avro, over several pages (20,000 rows each) and row groups (a small row group
     * size makes parquet-mr hand the write support a new column store), nulls included.
     */
    @Test
    void flatSchemaWritesColumnsDirectlyAndEqualsParquetAvro() throws Exception {
        Schema nested = tableSchema();
        List<Schema.Field> leaves = new ArrayList<>();
        for (Schema.Field f : nested.getFields()) {
            if (!List.of("tags", "customer", "lines").contains(f.name())) {
                leaves.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema schema = Schema.createRecord(nested.getName(), null, nested.getNamespace(), false, leaves);
        List<GenericRecord> template = records(nested);
        List<GenericRecord> input = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) {
            GenericRecord t = template.get(i % template.size());
            GenericRecord r = new GenericData.Record(schema);
            for (Schema.Field f : schema.getFields()) {
                r.put(f.name(), t.get(f.name()));
            }
            r.put("id", (long) i);
            input.add(r);
        }
        Path ours = dir.resolve("flat-ours.parquet");
        Path theirs = dir.resolve("flat-theirs.parquet");
        GenericRecordWriteSupport support = new GenericRecordWriteSupport(schema);
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(support, new LocalOutputFile(ours), 256 * 1024)) {
            for (GenericRecord r : input) {
                w.write(r);
            }
        }
        assertThat(support.writesColumnsDirectly()).as("direct path with the parquet-mr we ship").isTrue();
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(theirs))
                .withSchema(schema).withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (GenericRecord r : input) {
                w.write(r);
            }
        }
        assertThat(ParquetTestFiles.schema(ours)).isEqualTo(ParquetTestFiles.schema(theirs));
        List<GenericRecord> back = ParquetTestFiles.read(ours);
        assertThat(back).hasSize(input.size());
        assertThat(back.toString()).isEqualTo(ParquetTestFiles.read(theirs).toString());
        try (var a = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(ours));
                var b = org.apache.parquet.hadoop.ParquetFileReader.open(
                        new org.apache.parquet.io.LocalInputFile(theirs))) {
            assertThat(a.getFooter().getBlocks()).as("row groups").hasSizeGreaterThan(1);
            for (int c = 0; c < schema.getFields().size(); c++) {
                var statsOurs = org.apache.parquet.column.statistics.Statistics.getBuilderForReading(
                        a.getFooter().getBlocks().get(0).getColumns().get(c).getPrimitiveType()).build();
                var statsTheirs = org.apache.parquet.column.statistics.Statistics.getBuilderForReading(
                        b.getFooter().getBlocks().get(0).getColumns().get(c).getPrimitiveType()).build();
                for (var block : a.getFooter().getBlocks()) {
                    statsOurs.mergeStatistics(block.getColumns().get(c).getStatistics());
                }
                for (var block : b.getFooter().getBlocks()) {
                    statsTheirs.mergeStatistics(block.getColumns().get(c).getStatistics());
                }
                assertThat(statsOurs.toString()).as(schema.getFields().get(c).name())
                        .isEqualTo(statsTheirs.toString());
            }
        }
    }

    @Test
    void bigDecimalAndJavaTimeValuesAreConverted() throws Exception {
        Schema schema = tableSchema();
        GenericRecord fixedForm = records(schema).get(1);
        GenericRecord javaForm = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            javaForm.put(f.pos(), fixedForm.get(f.pos()));
        }
        javaForm.put("amount", new BigDecimal("1.123456789"));
        javaForm.put("day", java.time.LocalDate.ofEpochDay(19_001));
        javaForm.put("at", java.time.Instant.ofEpochMilli(1_700_000_001_000L));
        Path file = dir.resolve("java.parquet");
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, new LocalOutputFile(file))) {
            w.write(javaForm);
        }
        assertThat(ParquetTestFiles.read(file).get(0).toString()).isEqualTo(fixedForm.toString());
    }

    @Test
    void nullInARequiredFieldNamesTheField() throws Exception {
        Schema schema = tableSchema();
        GenericRecord r = records(schema).get(1);
        r.put("at", null);
        Path file = dir.resolve("bad.parquet");
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, new LocalOutputFile(file))) {
            assertThatThrownBy(() -> w.write(r)).hasMessageContaining("sales_orders.at");
        }
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void unsupportedUnionIsRefusedWhenTheWriterIsBuilt() {
        Schema bad = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"u\","
                + "\"type\":[\"int\",\"string\"]}]}");
        assertThatThrownBy(() -> ParquetWriters.open(bad, new LocalOutputFile(dir.resolve("u.parquet"))))
                .hasMessageContaining("r.u");
    }
}
