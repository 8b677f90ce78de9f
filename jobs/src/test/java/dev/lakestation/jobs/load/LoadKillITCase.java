package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code lakestation load} process killed with SIGKILL while it writes the table's new Parquet files: the previous
 * version still reads back whole, the input stays in the ingesting area, and the next load cleans up and commits.
 */
class LoadKillITCase {

    private static final int BIG_ROWS = 1_000_000;

    @TempDir
    Path root;

    @Test
    void aLoadKilledMidWriteLeavesThePreviousVersionAndTheNextLoadSucceeds() throws Exception {
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: APPEND}}
                """);
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                """);
        write("datasets/stage/shop/orders-1.csv", "id,name\n1,a\n2,b\n3,c\n");
        assertThat(load()).isZero();
        assertThat(Parquet.readAll(table())).hasSize(3);

        Path big = root.resolve("datasets/stage/shop/orders-2.csv");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            w.write("id,name\n");
            for (int i = 0; i < BIG_ROWS; i++) {
                w.write(i + ",name-" + i + "-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz\n");
            }
        }

        Process child = childLoad();
        try {
            Path inProgress = awaitInProgressFile(child);
            assertThat(inProgress).as("the child was writing when killed").isNotNull();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
        } finally {
            child.destroyForcibly();
        }

        assertThat(Parquet.readAll(table())).as("previous version, whole").hasSize(3);
        assertThat(root.resolve("datasets/ingesting/shop/orders-2.csv")).exists();

        assertThat(load()).isZero();
        assertThat(Parquet.readAll(table())).hasSize(3 + BIG_ROWS);
        assertThat(leftovers()).isEmpty();
        assertThat(root.resolve("datasets/archive/shop/orders-2.csv")).exists();
    }

    private Process childLoad() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore")).toList());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LakestationCli.class.getName());
        cmd.addAll(List.of("load", "--root", root.toString(), "--parallelism", "1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(root.resolve("child.log").toFile()).start();
    }

    /** The first Flink in-progress part file under the datasets folder, waited for with a deadline. */
    private Path awaitInProgressFile(Process child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path datasets = root.resolve("datasets");
        while (System.nanoTime() < deadline && child.isAlive()) {
            try (Stream<Path> s = Files.walk(datasets)) {
                var hit = s.filter(p -> p.getFileName().toString().contains("inprogress")).findFirst();
                if (hit.isPresent() && Files.size(hit.get()) > 0) {
                    return hit.get();
                }
            } catch (java.io.UncheckedIOException e) {
                // a folder vanished while walking: look again
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval
        }
        throw new AssertionError("the child load never started writing (alive: " + child.isAlive() + ")\n"
                + Files.readString(root.resolve("child.log")));
    }

    private List<Path> leftovers() throws IOException {
        Path versions = root.resolve("datasets/warehouse/.versions/shop/orders");
        try (Stream<Path> s = Files.list(versions)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("v")).toList();
        }
    }

    private Path table() {
        return root.resolve("datasets/warehouse/shop/orders");
    }

    private int load() {
        StringWriter out = new StringWriter();
        return LakestationCli.run(new PrintWriter(out), new PrintWriter(out), "load", "--root", root.toString(),
                "--parallelism", "2");
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
