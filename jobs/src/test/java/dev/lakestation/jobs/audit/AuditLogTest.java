package dev.lakestation.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.project.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path root;

    @Test
    void oneLoadRowWithStarlakesColumnsReadsBack() throws Exception {
        Settings settings = Settings.defaults(root);
        AuditLog log = AuditLog.of(settings);
        Instant start = Instant.parse("2026-12-02T04:00:00.123Z");
        AuditRow row = AuditRow.load("run-42", List.of("/d/ingesting/sales/a.csv", "/d/ingesting/sales/b.csv"),
                "sales", "orders", true, 100, 98, 2, start, Duration.ofMillis(1234));
        Path file = log.append(row);

        assertThat(file.getParent()).isEqualTo(root.resolve("datasets/audit/audit"));
        assertThat(file.getFileName().toString()).startsWith("run-42-sales.orders-").endsWith(".parquet");
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.toList()).containsExactly(file); // no temporary file left
        }
        List<GenericRecord> back = AuditParquet.read(file);
        assertThat(back).hasSize(1);
        GenericRecord r = back.get(0);
        assertThat(r.get("jobid").toString()).isEqualTo("run-42");
        assertThat(r.get("paths").toString()).isEqualTo("/d/ingesting/sales/a.csv,/d/ingesting/sales/b.csv");
        assertThat(r.get("domain").toString()).isEqualTo("sales");
        assertThat(r.get("schema").toString()).isEqualTo("orders");
        assertThat(r.get("success")).isEqualTo(true);
        assertThat(r.get("count")).isEqualTo(100L);
        assertThat(r.get("countAccepted")).isEqualTo(98L);
        assertThat(r.get("countRejected")).isEqualTo(2L);
        assertThat(r.get("timestamp")).isEqualTo(start.toEpochMilli());
        assertThat(r.get("duration")).isEqualTo(1234L);
        assertThat(r.get("message").toString()).isEqualTo("success");
        assertThat(r.get("step").toString()).isEqualTo("LOAD");
        assertThat(r.get("database")).isNull();
        assertThat(r.get("tenant")).isNull();
        assertThat(r.get("test")).isEqualTo(false);
        assertThat(r.get("scheduledDate")).isNull();

        MessageType schema = AuditParquet.schema(file);
        assertThat(schema.getFields()).extracting(Type::getName).containsExactly("jobid", "paths", "domain",
                "schema", "success", "count", "countAccepted", "countRejected", "timestamp", "duration", "message",
                "step", "database", "tenant", "test", "scheduledDate");
        assertThat(schema.getType("count").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(schema.getType("success").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveTypeName.BOOLEAN);
        assertThat(schema.getType("timestamp").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(schema.getType("scheduledDate").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(schema.getType("jobid").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(schema.getType("jobid").isRepetition(Type.Repetition.REQUIRED)).isTrue();
        assertThat(schema.getType("database").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
    }

    @Test
    void failedLoadsAndTransformsGetTheirOwnFiles() throws Exception {
        AuditLog log = new AuditLog(root.resolve("audit"));
        Instant t = Instant.parse("2026-12-02T04:00:00Z");
        Path a = log.append(AuditRow.load("run-1", List.of("f.csv"), "sales", "orders", false, 10, 7, 3, t,
                Duration.ofSeconds(2)));
        Path b = log.append(new AuditRow("run-2", null, "kpi", "summary", true, 5, 5, 0, t, 10, "success",
                AuditRow.TRANSFORM, "db", "acme", true, Instant.parse("2026-12-02T00:00:00Z")));
        assertThat(a).isNotEqualTo(b);
        assertThat(AuditParquet.read(a).get(0).get("message").toString()).isEqualTo("3 invalid records");
        GenericRecord tr = AuditParquet.read(b).get(0);
        assertThat(tr.get("step").toString()).isEqualTo("TRANSFORM");
        assertThat(tr.get("paths")).isNull();
        assertThat(tr.get("tenant").toString()).isEqualTo("acme");
        assertThat(tr.get("scheduledDate")).isEqualTo(Instant.parse("2026-12-02T00:00:00Z").toEpochMilli());
        try (Stream<Path> s = Files.list(root.resolve("audit/audit"))) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void unsafeJobIdsMakeVisibleFileNames() {
        assertThat(FileNames.safe("../x y")).isEqualTo("id_._x_y");
        assertThat(FileNames.safe("_run")).isEqualTo("id_run");
        assertThat(FileNames.safe("run-1")).isEqualTo("run-1");
    }
}
