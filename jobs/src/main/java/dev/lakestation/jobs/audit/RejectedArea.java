package dev.lakestation.jobs.audit;

import dev.lakestation.schema.project.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starlake's rejected table as Parquet files under {@code <audit.path>/rejected/}. A job writes its rejected rows
 * into a hidden staging folder ({@link #stagingDir}), then {@link #publish} renames each file into the table:
 * a reader of {@code rejected/*.parquet} sees every file complete or not at all.
 *
 * <pre>{@code
 * RejectedArea area = RejectedArea.of(settings);
 * Path staging = area.stagingDir(jobId);           // FileSink target, with RejectedRow.writerFactory()
 * ... run the job ...
 * List<Path> files = area.publish(staging, jobId);  // <audit>/rejected/<jobId>-part-....parquet
 * }</pre>
 */
public final class RejectedArea {
    private final Path dir;

    /** The rejected table of {@code auditPath} (Starlake's {@code audit.path}): {@code <auditPath>/rejected}. */
    public RejectedArea(Path auditPath) {
        this.dir = auditPath.resolve("rejected");
    }

    public static RejectedArea of(Settings settings) {
        return new RejectedArea(Path.of(settings.auditPath()));
    }

    /** The folder of the rejected table. */
    public Path dir() {
        return dir;
    }

    /** A job's staging folder, hidden inside the rejected folder (same file system: publishing only renames). */
    public Path stagingDir(String jobId) {
        return dir.resolve(".staging-" + FileNames.safe(jobId));
    }

    /**
     * Moves every data file under {@code staging} (hidden names — in-progress files — skipped) into the rejected
     * folder as {@code <jobId>-<name>} (partition folders flattened into the name with {@code _}), each file
     * atomically, then deletes the staging folder. Returns the published files.
     */
    public List<Path> publish(Path staging, String jobId) {
        List<Path> out = publishFinished(staging, jobId);
        discard(staging);
        return out;
    }

    /**
     * As {@link #publish} but keeps the staging folder and its hidden (in-progress) files: a streaming load's
     * rejected rows are published per commit while its job goes on writing there.
     */
    public List<Path> publishFinished(Path staging, String jobId) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(staging)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(staging)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !hidden(staging.relativize(p))).sorted().forEach(files::add);
            }
            String prefix = FileNames.safe(jobId) + "-";
            for (Path f : files) {
                String name = prefix + staging.relativize(f).toString().replace('/', '_').replace('\\', '_');
                Path target = dir.resolve(name);
                try {
                    Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    // another file system: copy under a hidden name, then rename
                    Path tmp = dir.resolve("." + name + ".tmp");
                    Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(f);
                }
                out.add(target);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the rejected rows of job " + jobId + " from " + staging
                    + " to " + dir + " (" + out.size() + " files published)", e);
        }
    }

    /** Deletes a staging folder without publishing (a failed job). */
    public void discard(Path staging) {
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + staging, e);
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

}
