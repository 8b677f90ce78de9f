package dev.lakestation.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/** Small tables for the commit tests: rows (batch, row), written with our writer, read with AvroParquetReader. */
final class TableTestData {
    static final Schema SCHEMA = SchemaBuilder.record("t").fields().requiredInt("batch").requiredInt("row")
            .endRecord();

    private TableTestData() {
    }

    /** Writes {@code rows} rows of {@code batch} to {@code dir/name}. */
    static Path write(Path dir, String name, int batch, int rows) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            try (ParquetWriter<GenericRecord> w = ParquetWriters.open(SCHEMA, new LocalOutputFile(file))) {
                for (int i = 0; i < rows; i++) {
                    GenericRecord r = new GenericData.Record(SCHEMA);
                    r.put(0, batch);
                    r.put(1, i);
                    w.write(r);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code *.parquet} files under {@code table} as a glob reader finds them (following the link). */
    static List<Path> glob(Path table) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(table, FileVisitOption.FOLLOW_LINKS)) {
            s.filter(p -> p.getFileName().toString().endsWith(".parquet") && !TableFiles.hidden(table.relativize(p)))
                    .forEach(out::add);
        }
        return out;
    }

    /** Rows per batch over every file of the table. */
    static Map<Integer, Integer> rowsByBatch(Path table) throws IOException {
        return rowsByBatch(glob(table));
    }

    static Map<Integer, Integer> rowsByBatch(List<Path> files) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (Path f : files) {
            for (GenericRecord r : ParquetTestFiles.read(f)) {
                out.merge((Integer) r.get("batch"), 1, Integer::sum);
            }
        }
        return out;
    }
}
