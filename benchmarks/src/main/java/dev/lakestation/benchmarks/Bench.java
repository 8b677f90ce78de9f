package dev.lakestation.benchmarks;

import dev.lakestation.benchmarks.client.ClientConsume;
import dev.lakestation.benchmarks.client.ClientProduce;
import dev.lakestation.benchmarks.raw.RawConsume;
import dev.lakestation.benchmarks.raw.RawPublish;
import dev.lakestation.benchmarks.source.SourceBench;
import dev.lakestation.benchmarks.sink.SinkThroughput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code benchmarks.jar}: one sub-command per benchmark, plus {@code suite} to run
 * several back to back into one table.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar raw-publish --messages 1000000 --size 100
 * java -jar benchmarks/target/benchmarks.jar suite raw-publish client-produce raw-consume client-consume
 * </pre>
 */
@Command(name = "benchmarks.jar", mixinStandardHelpOptions = true,
        description = "Lakestation throughput benchmarks against a nats-server each benchmark starts itself.")
public final class Bench implements Runnable {
    /**
     * Registered benchmarks, in the order {@code suite all} runs them. To add one, write a
     * {@link ThroughputBenchmark} subclass and add its constructor here.
     */
    static final List<Supplier<ThroughputBenchmark>> BENCHMARKS = List.of(
            RawPublish::new,
            ClientProduce::new,
            RawConsume::new,
            ClientConsume::new,
            SourceBench::new,
            SinkThroughput::new);

    static Map<String, Supplier<ThroughputBenchmark>> byName() {
        Map<String, Supplier<ThroughputBenchmark>> m = new LinkedHashMap<>();
        for (Supplier<ThroughputBenchmark> s : BENCHMARKS) {
            m.put(s.get().name(), s);
        }
        return m;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Bench());
        for (Supplier<ThroughputBenchmark> s : BENCHMARKS) {
            ThroughputBenchmark b = s.get();
            cli.addSubcommand(b.name(), b);
        }
        cli.addSubcommand("suite", new Suite());
        cli.addSubcommand("jmh", new JmhCommand());
        cli.addSubcommand("crash-soak", new dev.lakestation.benchmarks.source.CrashSoak());
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandName().equals("jmh")) { // jmh passes --help on to JMH
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        System.exit(cli.execute(args));
    }
}
