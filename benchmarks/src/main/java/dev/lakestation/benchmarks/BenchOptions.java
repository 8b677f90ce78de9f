package dev.lakestation.benchmarks;

import picocli.CommandLine.Option;

/** Options every throughput benchmark understands (a picocli mixin). */
public final class BenchOptions {
    @Option(names = "--messages", description = "Messages per measured run (default: ${DEFAULT-VALUE}).")
    public int messages = 1_000_000;

    @Option(names = "--size", description = "Payload size in bytes (default: ${DEFAULT-VALUE}).")
    public int size = 100;

    @Option(names = "--warmup-messages", description = "Messages in the warm-up run, not measured (default: ${DEFAULT-VALUE}; 0 skips it).")
    public int warmupMessages = 200_000;

    @Option(names = "--runs", description = "Measured runs; the table shows the median (default: ${DEFAULT-VALUE}).")
    public int runs = 3;

    @Option(names = "--partitions", description = "Station partitions = JetStream streams (default: ${DEFAULT-VALUE}).")
    public int partitions = 1;

    @Option(names = "--threads", description = "Producing or consuming threads (default: ${DEFAULT-VALUE}).")
    public int threads = 1;

    @Option(names = "--max-in-flight", description = "Publishes awaiting their PubAck, per thread (default: ${DEFAULT-VALUE}).")
    public int maxInFlight = 1000;

    @Option(names = "--batch", description = "Messages per pull request when consuming (default: ${DEFAULT-VALUE}).")
    public int batch = 1000;

    @Option(names = "--storage", description = "Stream storage: file or memory (default: ${DEFAULT-VALUE}).")
    public String storage = "file";

    @Option(names = "--memphis-headers", description = "Raw benchmarks: carry the two headers every Memphis producer "
            + "adds ($memphis_connectionId, $memphis_producedBy), to separate protocol cost from client code cost.")
    public boolean memphisHeaders;

    /** A copy, so a suite can run several benchmarks with the same settings. */
    public BenchOptions copy() {
        BenchOptions o = new BenchOptions();
        o.messages = messages;
        o.size = size;
        o.warmupMessages = warmupMessages;
        o.runs = runs;
        o.partitions = partitions;
        o.threads = threads;
        o.maxInFlight = maxInFlight;
        o.batch = batch;
        o.storage = storage;
        o.memphisHeaders = memphisHeaders;
        return o;
    }

    void check() {
        require(messages > 0, "--messages must be > 0");
        require(size >= 0, "--size must be >= 0");
        require(warmupMessages >= 0, "--warmup-messages must be >= 0");
        require(runs > 0, "--runs must be > 0");
        require(partitions > 0, "--partitions must be > 0");
        require(threads > 0, "--threads must be > 0");
        require(threads <= partitions || partitions == 1,
                "--threads must not exceed --partitions (each thread owns whole partitions) unless there is one partition");
        require(maxInFlight > 0, "--max-in-flight must be > 0");
        require(batch > 0 && batch <= 5000, "--batch must be 1..5000 (Memphis' limit)");
        require(storage.equals("file") || storage.equals("memory"), "--storage must be file or memory");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
