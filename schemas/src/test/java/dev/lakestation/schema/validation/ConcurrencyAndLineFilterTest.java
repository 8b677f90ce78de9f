package dev.lakestation.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyAndLineFilterTest {

    @Test
    void oneValidatorServesManyThreads() throws Exception {
        TypeCatalog t = TypeCatalog.defaults();
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("n", t.find("long").orElseThrow()).build())
                .field(FieldSpec.builder("x", SlType.of("dfr", PrimitiveType.DOUBLE, ".*", "fr_FR")).build())
                .field(FieldSpec.builder("ts", SlType.of("legacy", PrimitiveType.TIMESTAMP, "dd/MM/yyyy HH:mm", null)).build())
                .field(FieldSpec.builder("h", t.find("string").orElseThrow()).privacy("SHA256").build())
                .build();
        RecordValidator v = RecordValidator.of(spec);
        RecordContext ctx = RecordContext.of("f");
        String[][] rows = new String[200][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new String[] {Integer.toString(i), i + ",5", String.format("%02d/01/2020 10:%02d", 1 + i % 28, i % 60), "v" + i};
        }
        List<String> expected = new ArrayList<>();
        for (String[] r : rows) {
            expected.add(((ValidationResult.Accepted) v.bindPositional().validate(r, ctx)).record().toString());
        }
        RecordValidator.FlatBinding b = v.bindPositional();
        assertFourThreadsGive(expected, 50, () -> {
            List<String> out = new ArrayList<>();
            for (String[] r : rows) {
                out.add(((ValidationResult.Accepted) b.validate(r, ctx)).record().toString());
            }
            return out;
        });
    }

    /** Same check with tree input, scripts, sql privacy, a filter, and a mix of accepted/rejected/filtered rows. */
    @Test
    void oneValidatorServesManyThreadsForTreesScriptsAndRejections() throws Exception {
        TypeCatalog t = TypeCatalog.defaults();
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("id", t.find("long").orElseThrow()).required(true).build())
                .field(FieldSpec.builder("day", t.find("date").orElseThrow()).build())
                .field(FieldSpec.builder("amount", t.find("decimal").orElseThrow()).build())
                .field(FieldSpec.builder("email", t.find("string").orElseThrow()).privacy("sql:md5(email)").build())
                .field(FieldSpec.builder("label", t.find("string").orElseThrow())
                        .script("concat(upper(email), '-', date_format(day, 'yyyy/MM'))").build())
                .filter("id % 7 != 0")
                .build();
        RecordValidator v = RecordValidator.of(spec);
        RecordContext ctx = RecordContext.of("f");
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            java.util.Map<String, Object> m = new java.util.HashMap<>();
            m.put("id", i % 11 == 0 ? "x" + i : Integer.toString(i));
            m.put("day", i % 13 == 0 ? "2024-13-01" : String.format("2024-%02d-%02d", 1 + i % 12, 1 + i % 28));
            m.put("amount", i + ".25");
            m.put("email", "user" + i + "@x.org");
            rows.add(m);
        }
        List<String> expected = new ArrayList<>();
        for (java.util.Map<String, Object> r : rows) {
            expected.add(v.validate(r, ctx).toString());
        }
        assertThat(expected).anyMatch(x -> x.startsWith("Accepted")).anyMatch(x -> x.startsWith("Rejected"))
                .anyMatch(x -> x.startsWith("Filtered"));
        assertFourThreadsGive(expected, 30, () -> {
            List<String> out = new ArrayList<>();
            for (java.util.Map<String, Object> r : rows) {
                out.add(v.validate(r, ctx).toString());
            }
            return out;
        });
    }

    /** Runs {@code pass} {@code reps} times on each of 4 threads at once; every thread's last pass equals {@code expected}. */
    static void assertFourThreadsGive(List<String> expected, int reps, Callable<List<String>> pass) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                futures.add(pool.submit(() -> {
                    List<String> out = null;
                    for (int rep = 0; rep < reps; rep++) {
                        out = pass.call();
                    }
                    return out;
                }));
            }
            for (Future<List<String>> f : futures) {
                assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lineFilterSeesTheRawLine() {
        LineFilter f = LineFilter.compile("substring(value, 1, 1) = 'C' AND length(value) > 3");
        RecordContext ctx = RecordContext.of("f");
        assertThat(f.test("C1111234", ctx)).isTrue();
        assertThat(f.test("D1111234", ctx)).isFalse();
        assertThat(f.test("C1", ctx)).isFalse();
        assertThat(f.test(null, ctx)).isFalse();
        assertThat(f.toString()).isEqualTo("substring(value, 1, 1) = 'C' AND length(value) > 3");
    }
}
