package dev.lakestation.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs several benchmarks back to back with the same options and prints one table. */
@Command(name = "suite", description = "Run benchmarks back to back (same options) into one table; 'all' runs every one.")
final class Suite implements Callable<Integer> {
    @Mixin
    BenchOptions options = new BenchOptions();

    @Option(names = "--rounds", description = "Interleave: each round runs every benchmark once (--runs runs, own "
            + "server and warm-up), so load from other processes hits all of them alike; rows merge the rounds "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds = 1;

    @Option(names = "--with", paramLabel = "NAME=OPTIONS", description = "Extra options for one benchmark, e.g. "
            + "--with raw-consume='--pull iterate' (repeatable).")
    Map<String, String> with = new LinkedHashMap<>();

    @Parameters(arity = "1..*", paramLabel = "BENCHMARK", description = "Benchmark names, or 'all'. NAME@VARIANT runs "
            + "NAME again under another row name, e.g. client-produce@json with --with client-produce@json='--schema json'.")
    List<String> names = new ArrayList<>();

    /** {@code client-produce@json} is a variant of {@code client-produce}, configured with {@code --with}. */
    private static String benchmark(String entry) {
        int at = entry.indexOf('@');
        return at < 0 ? entry : entry.substring(0, at);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Supplier<ThroughputBenchmark>> known = Bench.byName();
        List<String> selected = names.contains("all") ? new ArrayList<>(known.keySet()) : names;
        for (String n : selected) {
            if (!known.containsKey(benchmark(n))) {
                throw new IllegalArgumentException("unknown benchmark '" + n + "' (known: " + known.keySet() + ")");
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1");
        }
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String n : selected) {
                ThroughputBenchmark b = known.get(benchmark(n)).get();
                b.options(options.copy());
                b.label(n);
                if (with.containsKey(n)) {
                    new CommandLine(b).parseArgs(with.get(n).trim().split("\\s+"));
                }
                ResultRow row = b.execute();
                rows.merge(n, row, ResultRow::merge);
            }
        }
        ResultTable.print(new ArrayList<>(rows.values()));
        return 0;
    }
}
