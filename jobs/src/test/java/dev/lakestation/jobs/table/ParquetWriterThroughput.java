package dev.lakestation.jobs.table;

import dev.lakestation.schema.avro.AvroSchemas;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Throughput harness (not a test): our {@link ParquetWriters} vs parquet-avro's {@code AvroParquetWriter} on the
 * same 10-column rows (long, string, string, decimal(38,9), long, double, date, timestamp, boolean, string), snappy.
 * MB/s counts the rows' CSV text (the input size of a load), and the Parquet output size is printed too.
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx1g -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *     dev.lakestation.jobs.table.ParquetWriterThroughput 1000000 3
 * </pre>
 */
public final class ParquetWriterThroughput {
    private ParquetWriterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Schema schema = schema();
        long csvBytes = 0;
        for (int i = 0; i < rows; i++) {
            csvBytes += csvLength(row(schema, i));
        }
        Path dir = Files.createTempDirectory("parquet-throughput");
        System.out.printf("%d rows, %.1f MB as CSV, %d rounds (the best is reported), JVM %s%n", rows,
                csvBytes / 1e6, rounds, System.getProperty("java.version"));
        System.out.printf("%-22s %12s %10s %10s %12s%n", "writer", "rows/s", "MB/s", "ns/row", "parquet MB");
        for (int round = 0; round < rounds; round++) {
            long g0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < rows; i++) {
                sink += (Long) row(schema, i).get(0) & 1;
            }
            long gen = System.nanoTime() - g0;
            System.out.printf("%-22s %12.0f %10s %10.0f   (generating the rows alone; included below)%n",
                    "rows only r" + round + (sink < 0 ? "!" : ""), rows / (gen / 1e9), "", (double) gen / rows);
            for (String writer : args.length > 2 ? List.of(args[2]) : List.of("lakestation", "parquet-avro")) {
                Path file = dir.resolve(writer + "-" + round + ".parquet");
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                try (ParquetWriter<GenericRecord> w = writer.equals("lakestation")
                        ? ParquetWriters.open(schema, new LocalOutputFile(file))
                        : parquetAvro(schema, file)) {
                    for (int i = 0; i < rows; i++) {
                        w.write(row(schema, i));
                    }
                }
                long wall = System.nanoTime() - t0;
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                System.out.printf("%-22s %12.0f %10.1f %10.0f %12.1f   (cpu/wall %.2f; per CPU-second: %.0f rows/s,"
                                + " %.1f MB/s)%n", writer + " r" + round, rows / (wall / 1e9), csvBytes / 1e6 / (wall
                                / 1e9), (double) wall / rows, Files.size(file) / 1e6, (double) cpu / wall,
                        rows / (cpu / 1e9), csvBytes / 1e6 / (cpu / 1e9));
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static ParquetWriter<GenericRecord> parquetAvro(Schema schema, Path file) throws Exception {
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file)).withSchema(schema).withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(ParquetWriters.DEFAULT_ROW_GROUP_BYTES)
                .build();
    }

    static Schema schema() {
        RecordSpec spec = RecordSpec.builder("bench", "orders")
                .field(FieldSpec.builder("id", ParquetWritersTest.type("long")).required(true).build())
                .field(FieldSpec.builder("name", ParquetWritersTest.type("string")).build())
                .field(FieldSpec.builder("email", ParquetWritersTest.type("string")).build())
                .field(FieldSpec.builder("amount", ParquetWritersTest.type("decimal")).build())
                .field(FieldSpec.builder("qty", ParquetWritersTest.type("long")).build())
                .field(FieldSpec.builder("ratio", ParquetWritersTest.type("double")).build())
                .field(FieldSpec.builder("day", ParquetWritersTest.type("date")).build())
                .field(FieldSpec.builder("at", ParquetWritersTest.type("timestamp")).build())
                .field(FieldSpec.builder("ok", ParquetWritersTest.type("boolean")).build())
                .field(FieldSpec.builder("code", ParquetWritersTest.type("string")).build())
                .build();
        return AvroSchemas.forSpec(spec);
    }

    private static final String[] CODES = {"FR", "DE", "US", "GB", "IT", "ES", "JP", "BR"};

    static GenericRecord row(Schema schema, int i) {
        GenericRecord r = new GenericData.Record(schema);
        Schema fixed = ParquetWritersTest.nonNull(schema.getField("amount").schema());
        r.put(0, 1_000_000_000L + i);
        r.put(1, "customer name " + i);
        r.put(2, "user" + i + "@example.com");
        r.put(3, new Conversions.DecimalConversion().toFixed(BigDecimal.valueOf(i * 1_234_567L, 4).setScale(9),
                fixed, LogicalTypes.decimal(38, 9)));
        r.put(4, (long) (i % 1000));
        r.put(5, i / 3.0);
        r.put(6, (int) LocalDate.of(2024, 1, 1).toEpochDay() + i % 365);
        r.put(7, 1_704_067_200_000L + i * 1_000L);
        r.put(8, i % 2 == 0);
        r.put(9, CODES[i % CODES.length]);
        return r;
    }

    private static long csvLength(GenericRecord r) {
        long n = 9 + 1; // separators + newline
        n += String.valueOf(r.get(0)).length() + r.get(1).toString().length() + r.get(2).toString().length();
        n += 20; // decimal text, about
        n += String.valueOf(r.get(4)).length() + String.valueOf(r.get(5)).length() + 10 + 19;
        n += String.valueOf(r.get(8)).length() + 2;
        return n;
    }
}
