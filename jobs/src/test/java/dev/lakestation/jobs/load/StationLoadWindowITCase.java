package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.Await;
import dev.lakestation.testsupport.NatsServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command SIGKILLed inside the window between the source's acks of a checkpoint and the sinks' finishing
 * of its files (jobs/docs/station-load.md, "Exactly-once across a dead command"). A continuous {@code lakestation
 * load} runs in a child JVM with {@link StationLoadJob#WINDOW_HOOK_PROPERTY}: the hook parks the sinks' task right
 * after a checkpoint's snapshot, before that task hears the checkpoint completed, and names the rows of that
 * checkpoint in a marker file; once the broker shows those messages acked, the child is SIGKILLed — acked messages
 * whose files are closed but not finished. A second load of the table (in this JVM) restores the retained checkpoint:
 * every message published is in the Parquet table exactly once and acked. Real nats-server, real child JVM with its
 * MiniCluster, Parquet read back with parquet-avro.
 */
class StationLoadWindowITCase {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final String STATION = "orders-window";
    private static final String GROUP = "lakestation.shop.orders";

    @TempDir
    Path root;

    private StationFixtures f;

    @BeforeEach
    void setUp() throws IOException {
        f = new StationFixtures(NATS, root);
        f.jsonTable("orders", STATION, ", memphis.source.max-ack-time: \"2 s\"");
        f.memphis.createStation(StationOptions.builder(STATION).build());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void commandKilledBetweenAcksAndFileFinishingLosesAndDuplicatesNothing() throws Exception {
        Path marker = root.resolve("window.marker");
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        // Messages keep coming while the child runs, so a row follows every checkpoint barrier into the hook; at
        // most AHEAD beyond what the group was delivered, so the station stays small.
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            var producer = f.memphis.producer(STATION, "test");
            while (publishing.get()) {
                if (published.get() - delivered() >= AHEAD) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // poll
                    continue;
                }
                for (int i = 0; i < 20; i++) {
                    int id = published.get() + 1;
                    producer.produce("{\"id\": " + id + ", \"name\": \"n" + id + "\"}",
                            ProduceOptions.partition(1));
                    published.set(id);
                }
            }
        });
        // the second load's MiniCluster starts in the background while the child runs
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(2)) {
            killInsideTheWindow(marker, publishing, published, publisher);
            secondLoad(flink, published.get());
        }
    }

    private void killInsideTheWindow(Path marker, AtomicBoolean publishing, AtomicInteger published,
            CompletableFuture<Void> publisher) throws Exception {
        Process child = childLoad(marker);
        long windowRows;
        try {
            Await.until(Duration.ofSeconds(60), "the hook holding a checkpoint's files", () -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the child load ended: " + Files.readString(root.resolve("child.log")));
                }
                return Files.exists(marker);
            });
            windowRows = Long.parseLong(Files.readString(marker).trim().split(" ")[1]);
            Await.until(Duration.ofSeconds(30), "the source acking the held checkpoint",
                    () -> ackFloor() >= windowRows);
            child.destroyForcibly(); // SIGKILL: the JVM and its MiniCluster die inside the window
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
        } finally {
            child.destroyForcibly();
            publishing.set(false);
        }
        publisher.get(30, TimeUnit.SECONDS);
        int total = published.get();

        // The window really happened: acked messages that no table version and no finished file holds, only the
        // closed-but-unfinished (hidden) part files of the retained checkpoint.
        Path streamDir = root.resolve("datasets/warehouse/.versions/shop/orders/.stream-" + GROUP);
        long acked = ackFloor();
        assertThat(acked).isGreaterThanOrEqualTo(windowRows);
        assertThat(f.rows("orders") + finishedRows(streamDir)).as("rows committed or finished at the kill")
                .isLessThan(acked);
        assertThat(hiddenFiles(streamDir)).as("unfinished part files of the held checkpoint").isNotEmpty();
        killedJob = list(checkpoints());
        assertThat(killedJob).as("the killed job's retained checkpoint").hasSize(1);
    }

    /** The killed child's Flink job folder of retained checkpoints. */
    private List<Path> killedJob;

    private Path checkpoints() {
        return root.resolve("datasets/warehouse/.versions/shop/orders/.stream-" + GROUP + ".checkpoints/continuous");
    }

    /** The next load restores it: the committer finishes those files, the split state drops redeliveries. */
    private void secondLoad(LocalFlinkRunner flink, int total) throws Exception {
        LoadService service = new LoadService(f.project(), flink, Clock.systemUTC());
        CompletableFuture<List<TableLoadReport>> running = CompletableFuture.supplyAsync(
                () -> service.load(f.request(false, 200), LoadListener.NONE));
        try {
            StationFixtures.await("every message acked", () -> f.allAcked(STATION, 1, GROUP, total), running);
            // acked means its checkpoint completed: its rows are committed by the next round (lost without the
            // restore: this then times out)
            Await.until(Duration.ofSeconds(20), "all " + total + " messages in the table",
                    () -> f.rows("orders") >= total);
        } finally {
            service.stop();
        }
        assertThat(running.get(60, TimeUnit.SECONDS)).singleElement().satisfies(rep ->
                assertThat(rep.status()).as(rep.message()).isEqualTo(TableLoadReport.Status.LOADED));

        assertThat(f.tableRows("orders")).extracting(g -> (Long) g.get("id"))
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        f.assertAllAcked(STATION, 1, GROUP, total);
        assertThat(list(checkpoints())).as("the restored checkpoint deleted once superseded")
                .doesNotContainAnyElementsOf(killedJob);
    }

    private static final int AHEAD = 50;

    /** The last stream sequence delivered to the group, 0 before its durable exists. */
    private long delivered() {
        try {
            return f.consumer(STATION, 1, GROUP).getDelivered().getStreamSequence();
        } catch (Exception e) {
            return 0;
        }
    }

    private long ackFloor() throws Exception {
        try {
            return f.consumer(STATION, 1, GROUP).getAckFloor().getStreamSequence();
        } catch (io.nats.client.JetStreamApiException e) {
            return 0; // the child has not created the group's durable yet
        }
    }

    private Process childLoad(Path marker) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore")).toList());
        cmd.add("-Xmx512m");
        cmd.add("-XX:TieredStopAtLevel=1"); // a short-lived JVM: start fast
        cmd.add("-D" + StationLoadJob.WINDOW_HOOK_PROPERTY + "=" + marker);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LakestationCli.class.getName());
        cmd.addAll(List.of("load", "--root", root.toString(), "--domains", "shop", "--parallelism", "1",
                "--memphis", NATS.host() + ":" + NATS.port(), "--checkpoint-interval", "200"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("child.log").toFile())
                .start();
    }

    private static long finishedRows(Path dir) throws IOException {
        long n = 0;
        for (Path p : files(dir)) {
            if (!hidden(dir.relativize(p))) {
                n += Parquet.read(p).size();
            }
        }
        return n;
    }

    private static List<Path> hiddenFiles(Path dir) throws IOException {
        return files(dir).stream().filter(p -> hidden(dir.relativize(p))).toList();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
