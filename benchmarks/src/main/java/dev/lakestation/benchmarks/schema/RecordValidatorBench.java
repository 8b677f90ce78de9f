package dev.lakestation.benchmarks.schema;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordSpec;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.validation.ValidationResult;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records/s of {@link RecordValidator} on a 10-column typed DSV-like table (long, string, decimal, int, double,
 * date, timestamp, boolean, a regex type, short), single thread: all rows valid, and a mix with 10% rejected rows.
 * Scores are operations per second where one operation is one record.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RecordValidatorBench -f1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecordValidatorBench {

    static final int ROWS = 1024;

    RecordValidator.FlatBinding binding;
    RecordContext ctx;
    String[][] valid;
    String[][] mixed;

    @Setup
    public void setup() {
        TypeCatalog types = TypeCatalog.defaults().withTypes(List.of(
                SlType.of("email", PrimitiveType.STRING, "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,6}", null)));
        RecordSpec spec = RecordSpec.builder("bench", "orders")
                .field(FieldSpec.builder("id", types.find("long").orElseThrow()).required(true).build())
                .field(FieldSpec.builder("name", types.find("string").orElseThrow()).trim(Trim.BOTH).build())
                .field(FieldSpec.builder("amount", types.find("decimal").orElseThrow()).build())
                .field(FieldSpec.builder("quantity", types.find("int").orElseThrow()).build())
                .field(FieldSpec.builder("price", types.find("double").orElseThrow()).build())
                .field(FieldSpec.builder("order_date", types.find("date").orElseThrow()).build())
                .field(FieldSpec.builder("updated_at", types.find("timestamp").orElseThrow()).build())
                .field(FieldSpec.builder("active", types.find("boolean").orElseThrow()).build())
                .field(FieldSpec.builder("email", types.find("email").orElseThrow()).build())
                .field(FieldSpec.builder("category", types.find("short").orElseThrow()).build())
                .build();
        RecordValidator validator = RecordValidator.of(spec);
        binding = validator.bindHeader(validator.inputNames());
        ctx = RecordContext.of("file:///bench/orders.csv");
        Random rnd = new Random(42);
        valid = new String[ROWS][];
        mixed = new String[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            valid[i] = row(rnd, i);
            mixed[i] = row(rnd, i);
            if (i % 10 == 3) {
                int col = rnd.nextInt(10);
                mixed[i][col] = col == 1 ? null : "bad-" + i; // name is optional: make it null instead
                if (col == 1) {
                    mixed[i][0] = "x" + i; // still reject: id is not a long
                }
            }
        }
    }

    private static String[] row(Random rnd, int i) {
        return new String[] {
            Long.toString(1_000_000L + i),
            " customer " + rnd.nextInt(100_000) + " ",
            (rnd.nextInt(1_000_000) / 100.0) + "",
            Integer.toString(rnd.nextInt(500)),
            Double.toString(Math.round(rnd.nextDouble() * 100_000) / 100.0),
            String.format("20%02d-%02d-%02d", 10 + rnd.nextInt(15), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)),
            String.format("20%02d-%02d-%02d %02d:%02d:%02d", 10 + rnd.nextInt(15), 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60)),
            rnd.nextBoolean() ? "true" : "0",
            "user" + rnd.nextInt(10_000) + "@example.com",
            Integer.toString(rnd.nextInt(1000))
        };
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void accepted(Blackhole bh) {
        for (String[] r : valid) {
            bh.consume(binding.validate(r, ctx));
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void tenPercentRejected(Blackhole bh) {
        int rejected = 0;
        for (String[] r : mixed) {
            ValidationResult v = binding.validate(r, ctx);
            if (v.isRejected()) {
                rejected++;
            }
            bh.consume(v);
        }
        bh.consume(rejected);
    }
}
