package dev.lakestation.jobs.cli;

import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisException;
import dev.lakestation.memphis.Producer;
import io.nats.client.api.PublishAck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code lakestation publish --memphis host:port --station S [--file F]}: every non-blank line of a file (or of
 * standard input) becomes one message on the station, which is created when missing — test data for the tables that
 * load from a station (the demo's {@code starbake.sales}). Waits for every acknowledgement; exit 1 when the broker
 * refused a message, with its line number.
 *
 * <pre>{@code
 * $ lakestation publish --memphis localhost:6666 --station starbake-sales --file examples/starbake/stations/starbake-sales.jsonl
 * published 60 messages to station 'starbake-sales'
 * }</pre>
 */
@Command(name = "publish", description = "Publish each line of a file (or stdin) as one message to a station: test "
        + "data for station tables.")
final class PublishCommand implements Callable<Integer> {

    /** Acknowledgements awaited at most this many lines behind the one being published. */
    private static final int WINDOW = 1000;

    @ParentCommand
    LakestationCli cli;

    @Mixin
    MemphisOptions memphis;

    @Option(names = "--station", required = true, paramLabel = "STATION", description = "The station (created when "
            + "missing, with the broker's defaults).")
    String station;

    @Option(names = "--file", paramLabel = "FILE", description = "One message per line, UTF-8 (default: standard "
            + "input). Blank lines are skipped.")
    Path file;

    @Option(names = "--producer", paramLabel = "NAME", defaultValue = "lakestation-publish",
            description = "Producer name (default: ${DEFAULT-VALUE}).")
    String producerName;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        dev.lakestation.memphis.MemphisOptions connection;
        try {
            connection = memphis.connection(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("publish: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        if (connection == null) {
            err.println("publish: give the broker with --memphis host:port (or LAKESTATION_MEMPHIS)");
            return LakestationCli.EXIT_USAGE;
        }
        if (file != null && !Files.isReadable(file)) {
            err.println("publish: --file " + file + ": no such readable file");
            return LakestationCli.EXIT_USAGE;
        }
        try (Memphis m = Memphis.connect(connection);
             BufferedReader in = file != null ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
                     : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Producer producer = m.producer(station, producerName);
            Deque<Pending> inFlight = new ArrayDeque<>();
            long published = 0;
            long lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                inFlight.add(new Pending(lineNo, producer.produceAsync(line)));
                published++;
                if (inFlight.size() >= WINDOW) {
                    inFlight.poll().await();
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.poll().await();
            }
            out.println("published " + published + " messages to station '" + station + "'");
            return 0;
        } catch (IOException | UncheckedIOException e) {
            return failed(err, (file != null ? file + ": " : "") + e.getMessage(), e);
        } catch (MessageRefused e) {
            return failed(err, (file != null ? file : "stdin") + ": line " + e.line + ": " + e.getMessage(), e);
        } catch (MemphisException | IllegalArgumentException e) {
            return failed(err, e.getMessage(), e);
        }
    }

    private int failed(PrintWriter err, String message, Exception e) {
        err.println("publish: " + message);
        if (cli.verbose()) {
            e.printStackTrace(err);
        }
        return LakestationCli.EXIT_FAILURE;
    }

    private record Pending(long line, CompletableFuture<PublishAck> ack) {
        void await() {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new MessageRefused(line, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MessageRefused(line, "interrupted");
            }
        }
    }

    private static final class MessageRefused extends RuntimeException {
        final long line;

        MessageRefused(long line, String message) {
            super(message);
            this.line = line;
        }
    }
}
