package dev.lakestation.jobs.audit;

import dev.lakestation.jobs.table.ParquetWriters;
import dev.lakestation.schema.project.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Starlake's audit table as Parquet files under {@code <audit.path>/audit/}: each append is one complete file
 * ({@code <jobid>-<domain>.<table>-<8 hex>.parquet}, written to a hidden temporary name and renamed), so a
 * reader of {@code audit/*.parquet} never sees a partial row set.
 *
 * <pre>{@code
 * AuditLog log = AuditLog.of(project.settings());
 * Path file = log.append(AuditRow.load(runId, files, "sales", "orders", true, 100, 98, 2, start, took));
 * }</pre>
 */
public final class AuditLog {
    private final Path dir;

    /** The audit table of {@code auditPath} (Starlake's {@code audit.path}): {@code <auditPath>/audit}. */
    public AuditLog(Path auditPath) {
        this.dir = auditPath.resolve("audit");
    }

    public static AuditLog of(Settings settings) {
        return new AuditLog(Path.of(settings.auditPath()));
    }

    /** The folder of the audit table. */
    public Path dir() {
        return dir;
    }

    /** Appends one row; returns its file. */
    public Path append(AuditRow row) {
        return append(List.of(row));
    }

    /** Appends the rows of one job (one per file with detailedLoadAudit) as one file; returns it. */
    public Path append(List<AuditRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no audit rows to append");
        }
        AuditRow first = rows.get(0);
        String name = FileNames.safe(first.jobid()) + "-" + FileNames.safe(first.domain() + "." + first.schema())
                + "-" + UUID.randomUUID().toString().substring(0, 8) + ".parquet";
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(dir);
            try (ParquetWriter<GenericRecord> w = ParquetWriters.open(AuditRow.SCHEMA, new LocalOutputFile(tmp))) {
                for (AuditRow r : rows) {
                    w.write(r.toRecord());
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the hidden temporary file is skipped by readers
            }
            throw new UncheckedIOException("cannot append the audit row of job " + first.jobid() + " ("
                    + first.domain() + "." + first.schema() + ") to " + dir, e);
        }
    }
}
