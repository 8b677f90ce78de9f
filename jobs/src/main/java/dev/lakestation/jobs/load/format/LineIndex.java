package dev.lakestation.jobs.load.format;

import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;

/**
 * Line numbers of splits: a split's records count lines from the split start; the absolute line of a record
 * is {@code record.line + LineIndex.linesBefore(file, record.splitStart)}.
 *
 * <pre>{@code
 * long absoluteLine = r.splitStart == 0 ? r.line : r.line + LineIndex.linesBefore(new Path(r.path), r.splitStart);
 * }</pre>
 */
public final class LineIndex {
    private LineIndex() {
    }

    /** Number of '\n' bytes in [0, offset) of the file (reads that prefix once, streaming). */
    public static long linesBefore(Path file, long offset) throws IOException {
        return linesBefore(InputFile.of(file), offset);
    }

    static long linesBefore(InputFile file, long offset) throws IOException {
        long count = 0;
        long left = offset;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = file.open(0)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                    }
                }
                left -= n;
            }
        }
        return count;
    }
}
