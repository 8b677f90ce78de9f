package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.AreaFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.lakestation.jobs.area.AreaFixtures.entries;
import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code lakestation stage}: output, exit codes, Starlake's command line and environment. */
class StageCommandTest {
    @TempDir
    Path root;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void starbake() {
        AreaFixtures.starbake(root);
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--root");
        all.add(root.toString());
        return LakestationCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    }

    /** The exact line of Starlake's generated DAGs ({@code sl_import}). */
    @Test
    void starlakesStageCommandLine() {
        int code = run("stage", "--domains", "starbake", "--tables", "orders,order_lines");
        assertThat(code).as(err.toString()).isZero();
        assertThat(names(root.resolve("datasets/stage/starbake")))
                .containsExactly("order-lines_202403011415.csv", "orders_202403011414.json");
        assertThat(names(root.resolve("datasets/incoming/starbake"))).containsExactly("products.xml");
        assertThat(out.toString().lines().toList()).containsExactly(
                "staged starbake.order_lines  order-lines_202403011415.csv  1,335 bytes",
                "staged starbake.orders       orders_202403011414.json  11,595 bytes",
                "domain    table        files   bytes",
                "starbake  order_lines      1   1,335",
                "starbake  orders           1  11,595",
                "2 files staged");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void keptFilesAndUnmatchedFilesAreSummarised() {
        Path landing = root.resolve("datasets/incoming/starbake");
        write(landing.resolve("notes.txt"), "x".getBytes());
        AreaFixtures.zip(landing.resolve("batch.zip"), entries("orders_2.json", "[]", "readme.md", "hi"));
        assertThat(run("stage")).isZero();
        assertThat(out.toString().lines().toList()).contains(
                "kept datasets/incoming/starbake/batch.zip: archive not staged: member 'readme.md' matches no table "
                        + "of domain 'starbake'",
                "3 files staged; 1 kept in landing; 1 file in the landing folder of starbake match no table");
    }

    @Test
    void aRefusedFileIsOneLineOnStandardErrorAndExitsOne() {
        AreaFixtures.zip(root.resolve("datasets/incoming/starbake/evil.zip"), entries("../orders_1.json", "[]"));
        assertThat(run("stage", "--domains", "starbake")).isEqualTo(LakestationCli.EXIT_FAILURE);
        assertThat(err.toString().lines().toList()).containsExactly(
                "archive datasets/incoming/starbake/evil.zip refused: member '../orders_1.json' leaves the archive "
                        + "folder with '..'; left in place");
        assertThat(names(root.resolve("datasets/stage/starbake"))).hasSize(3);   // the other files still staged
    }

    @Test
    void unknownDomainOrTableIsAOneLineErrorListingTheKnownOnes() {
        assertThat(run("stage", "--domains", "bakery")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("unknown domain 'bakery'; known domains: starbake\n");
        StringWriter e2 = new StringWriter();
        int code = LakestationCli.run(new PrintWriter(new StringWriter()), new PrintWriter(e2), "stage", "--root",
                root.toString(), "--domains", "starbake", "--tables", "order");
        assertThat(code).isEqualTo(1);
        assertThat(e2.toString()).isEqualTo(
                "unknown table 'order' in domain 'starbake'; known tables: deliveries, order_lines, orders, products, sales\n");
        assertThat(names(root.resolve("datasets/stage/starbake"))).isEmpty();
    }

    /**
     * Archives are streamed: a .gz and a .zip that unpack to 64 MiB each stage in a JVM capped at 48 MiB of heap
     * (a member held in memory would fail with OutOfMemoryError).
     */
    @Test
    void archivesAreStreamedNotHeldInMemory() throws Exception {
        Path landing = root.resolve("datasets/incoming/starbake");
        byte[] line = "1;2;3;4.5\n".getBytes(StandardCharsets.UTF_8);
        long size = 64L << 20;   // more than the child's whole heap
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(landing.resolve("order-lines_big.csv.gz")), 1 << 16);
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                     Files.newOutputStream(landing.resolve("big.zip")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("order-lines_big2.csv"));
            byte[] block = new byte[line.length * 8192];
            for (int i = 0; i < 8192; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (long n = 0; n < size; n += block.length) {
                gz.write(block);
                zip.write(block);
            }
            zip.closeEntry();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LakestationCli.class.getName(), "stage", "--root", root.toString(), "--tables", "order_lines"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Path stage = root.resolve("datasets/stage/starbake");
        long expected = ((size + line.length * 8192L - 1) / (line.length * 8192L)) * line.length * 8192L;
        assertThat(Files.size(stage.resolve("order-lines_big.csv"))).isEqualTo(expected);
        assertThat(Files.size(stage.resolve("order-lines_big2.csv"))).isEqualTo(expected);
        assertThat(landing.resolve("big.zip")).doesNotExist();
    }

    /** As Starlake's SHELL DAGs run it: SL_ROOT and SL_DATASETS from the environment, no --root; a real process. */
    @Test
    void rootAndDatasetsComeFromTheEnvironment() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LakestationCli.class.getName(), "stage", "--domains", "starbake", "--tables", "orders"))
                .directory(root.getParent().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SL_ROOT", root.toString());
        env.put("SL_DATASETS", "data");   // relative to the root, as Settings reads it
        env.put("incoming_path", "ignored");   // the env file's value wins over the OS environment
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(names(root.resolve("data/stage/starbake"))).containsExactly("orders_202403011414.json");
        assertThat(output).contains("1 file staged");
    }
}
