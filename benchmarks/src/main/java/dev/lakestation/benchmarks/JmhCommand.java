package dev.lakestation.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Hands its arguments to JMH's own runner, for the micro-benchmarks in {@code dev.lakestation.benchmarks.jmh}. */
@Command(name = "jmh", description = "Run JMH micro-benchmarks (arguments go to org.openjdk.jmh.Main, e.g. SchemaValidationBenchmark -f 1).")
final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
