package dev.lakestation.jobs.load;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads Parquet back in tests with parquet-avro's reader: an independent reader, not our writer's classes. */
public final class Parquet {

    private Parquet() {
    }

    /** Every row of every {@code *.parquet} file under {@code dir} (following a table's version symlink). */
    public static List<GenericRecord> readAll(Path dir) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                out.addAll(read(f));
            }
        }
        return out;
    }

    public static List<GenericRecord> read(Path file) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration())).build()) {
            for (GenericRecord g; (g = r.read()) != null; ) {
                out.add(g);
            }
        }
        return out;
    }

    /** A decimal column's value (fixed or bytes with Avro's decimal logical type), or null. */
    public static java.math.BigDecimal decimal(GenericRecord g, String field) {
        Object v = g.get(field);
        if (v == null) {
            return null;
        }
        org.apache.avro.Schema s = g.getSchema().getField(field).schema();
        if (s.getType() == org.apache.avro.Schema.Type.UNION) {
            s = s.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst()
                    .orElseThrow();
        }
        var conversion = new org.apache.avro.Conversions.DecimalConversion();
        return v instanceof org.apache.avro.generic.GenericFixed f
                ? conversion.fromFixed(f, s, s.getLogicalType())
                : conversion.fromBytes((java.nio.ByteBuffer) v, s, s.getLogicalType());
    }
}
