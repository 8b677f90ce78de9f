package dev.lakestation.jobs.area;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Deleting a folder and what it holds: the one implementation the stage, the table commit and the station load's
 * retained checkpoints use. Symbolic links are deleted, never followed.
 *
 * <pre>{@code
 * FileTrees.delete(stagingDir);          // gone, or an IOException naming what stayed
 * FileTrees.deleteQuietly(hiddenLeftover);
 * }</pre>
 */
public final class FileTrees {
    private static final long RACE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private FileTrees() {
    }

    /**
     * Deletes {@code dir} (a folder, a file or a link) and what it holds; nothing to do when it does not exist.
     * Something else may be deleting in the same tree — Flink's checkpoint cleaner discards a finished job's
     * checkpoints after the job's end — so entries vanishing under the walk, or a folder not yet empty when
     * reached, make it walk again, until the tree is gone or 10 s have passed.
     */
    public static void delete(Path dir) throws IOException {
        long deadline = System.nanoTime() + RACE_DEADLINE_NANOS;
        while (true) {
            try {
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return;
                }
                List<Path> all;
                try (Stream<Path> s = Files.walk(dir)) {
                    all = s.sorted(Comparator.reverseOrder()).toList();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (NoSuchFileException | DirectoryNotEmptyException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(2_000_000); // let the other deleter get on
            }
        }
    }

    /** {@link #delete(Path)}, best effort: for hidden leftovers that the next run removes anyway. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            delete(dir);
        } catch (IOException e) {
            // a hidden leftover that no listing considers; the next run removes it
        }
    }
}
