package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column-by-column rewrite of {@link KeySetRewrite} against the Avro path it replaces: the rows kept are
 * those whose {@link RowMerge#key} is not in the batch, read back with parquet-avro's reader, and the file is the
 * one {@link ParquetWriters} writes for those rows (same bytes). Every flat type the project writes (long, int
 * from short, string, decimal on fixed, double, date, timestamp-millis, boolean), nulls, several row groups and
 * pages on input, and keys of every kind (one integer column, text, composite, decimal, double, with nulls).
 */
class ColumnarRewriteTest {
    @TempDir
    Path dir;

    /** The flat columns of {@link ParquetWritersTest#tableSchema()} (AvroSchemas' shapes). */
    static Schema flatSchema() {
        Schema nested = ParquetWritersTest.tableSchema();
        List<Schema.Field> leaves = new ArrayList<>();
        for (Schema.Field f : nested.getFields()) {
            if (!List.of("tags", "customer", "lines").contains(f.name())) {
                leaves.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(nested.getName(), null, nested.getNamespace(), false, leaves);
    }

    /** {@code n} rows cycling through ParquetWritersTest's values (nulls in every nullable column), ids 0..n-1. */
    static List<GenericRecord> rows(Schema schema, int n) {
        List<GenericRecord> template = ParquetWritersTest.records(ParquetWritersTest.tableSchema());
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenericRecord t = template.get(i % template.size());
            GenericRecord r = new GenericData.Record(schema);
            for (Schema.Field f : schema.getFields()) {
                r.put(f.name(), t.get(f.name()));
            }
            r.put("id", (long) i);
            out.add(r);
        }
        return out;
    }

    private Path write(String name, Schema schema, List<GenericRecord> rows, long rowGroupBytes) throws Exception {
        Path file = dir.resolve(name);
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(new GenericRecordWriteSupport(schema),
                new LocalOutputFile(file), rowGroupBytes)) {
            for (GenericRecord r : rows) {
                w.write(r);
            }
        }
        return file;
    }

    @Test
    void keptRowsAndFileEqualTheAvroPathForEveryKeyKind() throws Exception {
        Schema schema = flatSchema();
        // small row groups: the copy crosses row groups (new column readers) and pages
        Path table = write("table.parquet", schema, rows(schema, 3_000), 8 * 1024);
        try (var r = ParquetFiles.open(table)) {
            assertThat(r.getFooter().getBlocks()).as("row groups").hasSizeGreaterThan(2);
            assertThat(ColumnarRewrite.unsupported(schema, r.getFileMetaData().getSchema(), List.of())).isNull();
        }
        List<GenericRecord> read = ParquetTestFiles.read(table);   // the values as parquet-avro reads them
        for (List<String> key : List.of(List.of("id"), List.of("qty"), List.of("day"), List.of("name"),
                List.of("name", "day"), List.of("amount"), List.of("ratio"), List.of("ok", "qty"), List.of("at"))) {
            // the batch: the keys of every 7th row among the first 25 of each 50 (the template's values repeat
            // every 50 rows: the other 25 keep values of low-cardinality keys out of the batch); nulls among them
            BatchKeys keys = BatchKeys.of(schema, key);
            Set<String> batch = new HashSet<>();
            for (int i = 0; i < read.size(); i += 7) {
                if (i % 50 >= 25) {
                    continue;
                }
                keys.add(read.get(i));
                batch.add(RowMerge.key(read.get(i), key));
            }
            List<GenericRecord> expected = new ArrayList<>();
            for (GenericRecord g : read) {
                if (!batch.contains(RowMerge.key(g, key))) {
                    expected.add(g);
                }
            }
            Path out = dir.resolve("out-" + String.join("-", key) + ".parquet");
            long kept = ColumnarRewrite.copyWithout(new LocalInputFile(table), schema, keys, new LocalOutputFile(out));

            assertThat(kept).as("key %s", key).isEqualTo(expected.size());
            assertThat(expected).as("key %s filters something and keeps something", key)
                    .isNotEmpty().hasSizeLessThan(read.size());
            assertThat(ParquetTestFiles.read(out).toString()).as("key %s", key).isEqualTo(expected.toString());
            Path avroPath = write("avro-" + String.join("-", key) + ".parquet", schema, expected,
                    ParquetWriters.DEFAULT_ROW_GROUP_BYTES);
            assertThat(Files.readAllBytes(out)).as("key %s: the file the Avro path writes", key)
                    .isEqualTo(Files.readAllBytes(avroPath));
            assertThat(ColumnarRewrite.presence(new LocalInputFile(table), keys)).isEqualTo(ColumnarRewrite.Presence.SOME);

            // keys read column by column from a file equal the ones read as Avro records
            BatchKeys columnar = BatchKeys.of(schema, key);
            assertThat(ColumnarRewrite.addKeys(new LocalInputFile(out), columnar)).isTrue();
            assertThat(ColumnarRewrite.presence(new LocalInputFile(out), columnar)).as("every key of the file")
                    .isEqualTo(ColumnarRewrite.Presence.ALL);
            assertThat(ColumnarRewrite.presence(new LocalInputFile(out), keys)).as("no batch key left in the output")
                    .isEqualTo(ColumnarRewrite.Presence.NONE);
            List<Long> wrong = new ArrayList<>();
            for (GenericRecord g : read) {
                if (columnar.contains(g) == batch.contains(RowMerge.key(g, key))) {
                    wrong.add((Long) g.get("id"));
                }
            }
            assertThat(wrong).as("key %s: ids whose key the columnar read got wrong", key).isEmpty();
        }
    }

    @Test
    void integerKeysMatchAcrossIntAndLongAndNull() throws Exception {
        Schema schema = SchemaBuilder.record("r").fields().optionalLong("id").requiredString("v").endRecord();
        List<GenericRecord> rows = new ArrayList<>();
        for (long id : new long[] {0, 1, 2, Long.MIN_VALUE, Long.MAX_VALUE, -5}) {
            rows.add(rec(schema, id, "v" + id));
        }
        rows.add(rec(schema, null, "null-key"));
        Path table = write("ints.parquet", schema, rows, ParquetWriters.DEFAULT_ROW_GROUP_BYTES);
        // incoming keys typed int where they fit, as a file of an older schema would hold them
        Schema intKey = SchemaBuilder.record("r").fields().optionalInt("id").endRecord();
        BatchKeys keys = BatchKeys.of(schema, List.of("id"));
        assertThat(keys.integral()).isTrue();
        for (Integer k : new Integer[] {0, -5, null}) {
            GenericRecord g = new GenericData.Record(intKey);
            g.put(0, k);
            keys.add(g);
        }
        keys.addLong(Long.MAX_VALUE);
        Path out = dir.resolve("ints-out.parquet");
        assertThat(ColumnarRewrite.copyWithout(new LocalInputFile(table), schema, keys, new LocalOutputFile(out))).isEqualTo(3);
        assertThat(ParquetTestFiles.read(out)).extracting(g -> g.get("v").toString())
                .containsExactly("v1", "v2", "v" + Long.MIN_VALUE);
    }

    @Test
    void columnMissingFromAnOlderFileIsWrittenAsNull() throws Exception {
        Schema old = SchemaBuilder.record("r").fields().requiredLong("id").requiredString("v").endRecord();
        Schema now = SchemaBuilder.record("r").fields().requiredLong("id").optionalString("note")
                .optionalString("v").endRecord();   // v: required in the file, nullable now
        Path table = write("old.parquet", old, List.of(rec(old, 1L, "a"), rec(old, 2L, "b"), rec(old, 3L, "c")),
                ParquetWriters.DEFAULT_ROW_GROUP_BYTES);
        try (var r = ParquetFiles.open(table)) {
            assertThat(ColumnarRewrite.unsupported(now, r.getFileMetaData().getSchema(), List.of())).isNull();
        }
        BatchKeys keys = BatchKeys.of(now, List.of("id"));
        keys.addLong(2);
        Path out = dir.resolve("now.parquet");
        assertThat(ColumnarRewrite.copyWithout(new LocalInputFile(table), now, keys, new LocalOutputFile(out))).isEqualTo(2);
        GenericRecord a = new GenericData.Record(now);
        a.put("id", 1L);
        a.put("v", "a");
        GenericRecord c = new GenericData.Record(now);
        c.put("id", 3L);
        c.put("v", "c");
        assertThat(ParquetTestFiles.read(out).toString()).isEqualTo(List.of(a, c).toString());
        Path avroPath = write("now-avro.parquet", now, List.of(a, c), ParquetWriters.DEFAULT_ROW_GROUP_BYTES);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(avroPath));
    }

    @Test
    void whatTheCopyCannotDoIsNamedAndLeftToTheAvroPath() {
        Schema flat = SchemaBuilder.record("r").fields().requiredLong("id").optionalString("day").endRecord();
        assertThat(ColumnarRewrite.unsupported(ParquetWritersTest.tableSchema(),
                MessageTypeParser.parseMessageType("message m { required int64 id; }"), List.of()))
                .contains("'tags' is nested");
        assertThat(ColumnarRewrite.unsupported(flat, file("required int32 id; optional binary day (STRING);"),
                List.of())).contains("'id' is").contains("int32");
        assertThat(ColumnarRewrite.unsupported(flat, file("optional int64 id; optional binary day (STRING);"),
                List.of())).contains("'id' may be null in the file");
        assertThat(ColumnarRewrite.unsupported(flat, file("required int64 id;"), List.of("day")))
                .contains("partition column 'day'");
        assertThat(ColumnarRewrite.unsupported(flat, file("optional binary day (STRING);"), List.of()))
                .contains("required column 'id'");
        Schema ts = SchemaBuilder.record("r").fields().name("at").type(MergeVsDuckDb.TS).noDefault().endRecord();
        assertThat(ColumnarRewrite.unsupported(ts, file("required int96 at;"), List.of())).contains("'at' is");
        Schema withDefault = SchemaBuilder.record("r").fields().requiredLong("id")
                .name("n").type().unionOf().nullType().and().longType().endUnion().nullDefault()
                .name("d").type().unionOf().longType().and().nullType().endUnion().longDefault(7).endRecord();
        assertThat(ColumnarRewrite.unsupported(withDefault, file("required int64 id;"), List.of()))
                .contains("'d' is not in the file and has a default");
    }

    private static MessageType file(String columns) {
        return MessageTypeParser.parseMessageType("message m { " + columns + " }");
    }

    private static GenericRecord rec(Schema s, Object id, String v) {
        GenericRecord g = new GenericData.Record(s);
        g.put("id", id);
        g.put("v", v);
        return g;
    }
}
