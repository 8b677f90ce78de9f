package dev.lakestation.jobs.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Absolute line numbers for records of a byte-range split, computed only when a record needs one (a rejection):
 * counts {@code '\n'} bytes from the file start once, then forward from the last answer, so a split with many
 * rejections reads its file prefix once. Offsets must not decrease between calls (records come in file order).
 */
final class LineCounter implements AutoCloseable {

    private final Path file;
    private InputStream in;
    private long position;
    private long newlines;
    private final byte[] buffer = new byte[64 * 1024];

    LineCounter(Path file) {
        this.file = file;
    }

    /** The 1-based line that starts at or contains byte {@code offset}. */
    long lineAt(long offset) {
        try {
            if (in == null || offset < position) {
                close();
                FSDataInputStream s = file.getFileSystem().open(file);
                in = s;
                position = 0;
                newlines = 0;
            }
            while (position < offset) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, offset - position));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
                position += n;
            }
            return newlines + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count lines of " + file, e);
        }
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // reading only
            }
            in = null;
        }
    }
}
