package dev.lakestation.jobs.load;

import dev.lakestation.jobs.area.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The retained Flink checkpoints of one station table and consumer group: the folder
 * {@code .versions/<d>/<t>/.stream-<group>.checkpoints/<mode>/<flink job id>/chk-<n>/_metadata} that
 * {@link StationLoadJob} gives Flink as {@code execution.checkpointing.dir} (retained on cancellation and failure).
 * A checkpoint whose messages the source acked may still hold pending (closed, not yet finished) part files when
 * the whole command dies; {@link StationLoad} restores the next job of the table from the newest completed one, so
 * the {@code FileSink} committer finishes those files. Deleted only once what they reference is committed.
 *
 * <pre>{@code
 * RetainedCheckpoints ck = new RetainedCheckpoints(store.checkpointDir("sales", "orders", group));
 * Optional<RetainedCheckpoints.Checkpoint> last = ck.latest();   // restore from last.get().path()
 * }</pre>
 */
final class RetainedCheckpoints {

    /** A completed checkpoint: its {@code chk-<n>} folder, the load mode and the Flink job that wrote it. */
    record Checkpoint(Path path, boolean bounded, String jobId, long number) {
    }

    static final String BOUNDED = "bounded";
    static final String CONTINUOUS = "continuous";

    private final Path root;

    RetainedCheckpoints(Path root) {
        this.root = root;
    }

    /** Flink's checkpoint folder for a job of this mode (the mode is kept: a restored split keeps its bound). */
    Path dir(boolean bounded) {
        return root.resolve(bounded ? BOUNDED : CONTINUOUS);
    }

    /**
     * The newest completed checkpoint (one with {@code _metadata}: Flink writes it last), by the age of its metadata,
     * then its number; empty when none.
     */
    Optional<Checkpoint> latest() {
        return completed().stream().max(Comparator.comparingLong((Checkpoint c) -> modified(c.path().resolve("_metadata")))
                .thenComparingLong(Checkpoint::number));
    }

    private List<Checkpoint> completed() {
        List<Checkpoint> out = new ArrayList<>();
        for (String mode : List.of(BOUNDED, CONTINUOUS)) {
            for (Path job : list(root.resolve(mode))) {
                for (Path chk : list(job)) {
                    String n = chk.getFileName().toString();
                    if (n.matches("chk-\\d+") && Files.isRegularFile(chk.resolve("_metadata"))) {
                        out.add(new Checkpoint(chk, mode.equals(BOUNDED), job.getFileName().toString(),
                                Long.parseLong(n.substring(4))));
                    }
                }
            }
        }
        return out;
    }

    /** Deletes every retained checkpoint: what they reference is committed (a finished job's last round). */
    void deleteAll() throws IOException {
        FileTrees.delete(root);
    }

    /**
     * Deletes the checkpoints of earlier jobs once {@code currentJob} completed one of its own: the current job then
     * has committed everything it restored (the {@code FileSink} committer finishes restored files before the
     * job's first checkpoint can complete), so the older checkpoints reference nothing still needed.
     */
    void deleteSupersededBy(String currentJob) throws IOException {
        List<Checkpoint> all = completed();
        if (all.stream().noneMatch(c -> c.jobId().equals(currentJob))) {
            return;
        }
        for (String mode : List.of(BOUNDED, CONTINUOUS)) {
            for (Path job : list(root.resolve(mode))) {
                if (!job.getFileName().toString().equals(currentJob)) {
                    FileTrees.delete(job);
                }
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
