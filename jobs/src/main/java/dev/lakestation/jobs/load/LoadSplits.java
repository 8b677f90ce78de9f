package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.FormatSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Cuts a load's files into splits: a splittable file (DSV not multiline, POSITION, in an ASCII-compatible encoding)
 * larger than the split size becomes byte ranges, so every parallel reader works on it; other files are one split
 * each. Flink's own enumerators never split a local file (it reports one block), hence this one.
 */
public final class LoadSplits implements FileEnumerator {

    /** Default split size: large enough that per-split costs vanish, small enough to spread a 200 MB file. */
    public static final long DEFAULT_SPLIT_SIZE = 32L * 1024 * 1024;

    /** Below this a file is read whole: a range costs a seek and a partial-line skip. */
    static final long MIN_RANGE = 1024 * 1024;

    private final FormatSpec spec;
    private final long splitSize;
    private final int parallelism;

    public LoadSplits(FormatSpec spec, long splitSize, int parallelism) {
        this.spec = spec;
        this.splitSize = splitSize;
        this.parallelism = Math.max(1, parallelism);
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        int id = 0;
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            long size = status.getLen();
            long mtime = status.getModificationTime();
            if (spec.splittable(path.getName()) && size > MIN_RANGE) {
                for (long start = 0, range = range(size); start < size; start += range) {
                    long length = Math.min(range, size - start);
                    splits.add(new FileSourceSplit(String.valueOf(id++), path, start, length, mtime, size));
                }
            } else {
                splits.add(new FileSourceSplit(String.valueOf(id++), path, 0, size, mtime, size));
            }
        }
        return splits;
    }

    /**
     * The range length for a splittable file of {@code size} bytes: one range per reader on a mid-size file; on a
     * big one, ranges of at most the split size, as many as a multiple of the parallelism and of equal length, so
     * every reader gets the same share (7 ranges of 32 MiB and a short one on 2 readers leave one reader idle
     * while the other reads its fourth; 8 equal ranges do not).
     */
    long range(long size) {
        long ranges = Math.max(1, (size + splitSize - 1) / splitSize);
        ranges = (ranges + parallelism - 1) / parallelism * parallelism;
        return Math.max(MIN_RANGE, (size + ranges - 1) / ranges);
    }
}
