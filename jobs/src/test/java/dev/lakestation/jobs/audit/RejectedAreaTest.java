package dev.lakestation.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectedAreaTest {
    @TempDir
    Path audit;

    static void writeWithBulkWriter(Path file, List<RejectedRow> rows) throws Exception {
        BulkWriter.Factory<GenericRecord> factory = RejectedRow.writerFactory();
        Files.createDirectories(file.getParent());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<GenericRecord> w = factory.create(out);
            for (RejectedRow r : rows) {
                w.addElement(r.toRecord());
            }
            w.finish();
        }
    }

    @Test
    void rejectedRowsWrittenInStagingArePublishedAndReadBack() throws Exception {
        RejectedArea area = new RejectedArea(audit);
        Path staging = area.stagingDir("run-7");
        Instant t = Instant.parse("2026-12-02T04:10:00.5Z");
        String file = "/p/datasets/ingesting/sales/orders.csv";
        List<RejectedRow> rows = new ArrayList<>();
        rows.add(new RejectedRow("run-7", t, "sales", "orders", "ERR -> \n`id` (long) doesn't match pattern `-?\\d+`"
                + "\n\nFILE -> " + file, file, 3L, 120L, "x;2;3"));
        rows.add(new RejectedRow("run-7", t, "sales", "orders", "ERR -> \n`email`  can't be null\n\nFILE -> " + file,
                file, null, null, null));
        writeWithBulkWriter(staging.resolve("part-0-0.parquet"), rows);
        Files.writeString(staging.resolve(".part-0-1.inprogress"), "half"); // left by a writer: not published

        List<Path> published = area.publish(staging, "run-7");
        assertThat(published).containsExactly(audit.resolve("rejected/run-7-part-0-0.parquet"));
        assertThat(Files.exists(staging)).isFalse();
        try (Stream<Path> s = Files.list(audit.resolve("rejected"))) {
            assertThat(s.toList()).containsExactlyElementsOf(published);
        }

        List<GenericRecord> back = AuditParquet.read(published.get(0));
        assertThat(back).hasSize(2);
        GenericRecord a = back.get(0);
        assertThat(a.get("jobid").toString()).isEqualTo("run-7");
        assertThat(a.get("timestamp")).isEqualTo(t.toEpochMilli());
        assertThat(a.get("domain").toString()).isEqualTo("sales");
        assertThat(a.get("schema").toString()).isEqualTo("orders");
        assertThat(a.get("error").toString()).startsWith("ERR -> \n`id` (long)").endsWith("FILE -> " + file);
        assertThat(a.get("path").toString()).isEqualTo(file);
        assertThat(a.get("line")).isEqualTo(3L);
        assertThat(a.get("offset")).isEqualTo(120L);
        assertThat(a.get("value").toString()).isEqualTo("x;2;3");
        GenericRecord b = back.get(1);
        assertThat(b.get("line")).isNull();
        assertThat(b.get("offset")).isNull();
        assertThat(b.get("value")).isNull();

        MessageType schema = AuditParquet.schema(published.get(0));
        assertThat(schema.getFields()).extracting(Type::getName).containsExactly("jobid", "timestamp", "domain",
                "schema", "error", "path", "line", "offset", "value", "station", "partition", "sequence");
        assertThat(schema.getType("timestamp").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(schema.getType("line").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(schema.getType("line").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
        assertThat(schema.getType("error").isRepetition(Type.Repetition.REQUIRED)).isTrue();
    }

    @Test
    void theAvscResourceIsTheSchema() {
        assertThat(RejectedRow.SCHEMA.getFields()).extracting(Schema.Field::name).containsExactly("jobid",
                "timestamp", "domain", "schema", "error", "path", "line", "offset", "value", "station", "partition",
                "sequence");
        assertThat(RejectedArea.class.getResource("rejected-row.avsc")).isNotNull();
        assertThat(AuditRow.class.getResource("audit-row.avsc")).isNotNull();
    }

    @Test
    void partitionFoldersAreFlattenedAndDiscardDropsStaging() throws Exception {
        RejectedArea area = new RejectedArea(audit);
        Path staging = area.stagingDir("run-8");
        Instant t = Instant.now();
        writeWithBulkWriter(staging.resolve("2026-12-02--04/part-1.parquet"),
                List.of(new RejectedRow("run-8", t, "d", "t", "ERR", "f", 1L, null, null)));
        assertThat(area.publish(staging, "run-8"))
                .containsExactly(audit.resolve("rejected/run-8-2026-12-02--04_part-1.parquet"));
        Path other = area.stagingDir("run-9");
        writeWithBulkWriter(other.resolve("part-1.parquet"),
                List.of(new RejectedRow("run-9", t, "d", "t", "ERR", "f", 1L, null, null)));
        area.discard(other);
        assertThat(Files.exists(other)).isFalse();
        assertThat(area.publish(other, "run-9")).isEmpty();
    }

    @Test
    void publishFinishedKeepsTheStagingAndItsInProgressFilesAndReadsBackTheStationColumns() throws Exception {
        RejectedArea area = new RejectedArea(audit);
        Path staging = area.stagingDir("stream-sales.orders");
        Instant t = Instant.now();
        writeWithBulkWriter(staging.resolve("part-1.parquet"), List.of(new RejectedRow("run-1-c1", t, "sales",
                "orders", "ERR -> \nbad\n\nFILE -> station:orders#2@17", "station:orders#2@17", null, null, null,
                "orders", 2, 17L)));
        Files.writeString(staging.resolve(".part-2.parquet.inprogress.x"), "being written");

        List<Path> published = area.publishFinished(staging, "run-1-c1");

        assertThat(published).containsExactly(audit.resolve("rejected/run-1-c1-part-1.parquet"));
        assertThat(staging.resolve(".part-2.parquet.inprogress.x")).exists();
        GenericRecord g = dev.lakestation.jobs.load.Parquet.read(published.get(0)).get(0);
        assertThat(g.get("station").toString()).isEqualTo("orders");
        assertThat(g.get("partition")).isEqualTo(2);
        assertThat(g.get("sequence")).isEqualTo(17L);
        assertThat(g.get("line")).isNull();
    }
}
