package dev.lakestation.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Runs several benchmarks back to back with the same options and prints one table. */
@Command(name = "suite", description = "Run benchmarks back to back (same options) into one table; 'all' runs every one.")
final class Suite implements Callable<Integer> {
    @Mixin
    BenchOptions options = new BenchOptions();

    @Parameters(arity = "1..*", paramLabel = "BENCHMARK", description = "Benchmark names, or 'all'.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, Supplier<ThroughputBenchmark>> known = Bench.byName();
        List<String> selected = names.contains("all") ? new ArrayList<>(known.keySet()) : names;
        for (String n : selected) {
            if (!known.containsKey(n)) {
                throw new IllegalArgumentException("unknown benchmark '" + n + "' (known: " + known.keySet() + ")");
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        for (String n : selected) {
            ThroughputBenchmark b = known.get(n).get();
            b.options(options.copy());
            rows.add(b.execute());
        }
        ResultTable.print(rows);
        return 0;
    }
}
