package dev.lakestation.jobs.load.format;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a reader's bytes come from: a file of any Flink {@link FileSystem} (local, s3://, ...) opened at a byte
 * position, or an in-memory payload. Readers open it more than once (header of a later split, JSON/XML
 * validating pre-pass).
 */
public interface InputFile {
    /** The name records carry in {@link RawRecord#path}. */
    String name();

    /** A stream positioned at {@code position}. */
    InputStream open(long position) throws IOException;

    /** A Flink file. */
    static InputFile of(Path file) {
        String name = file.toString();
        return new InputFile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open(long position) throws IOException {
                FileSystem fs = file.getFileSystem();
                FSDataInputStream in = fs.open(file);
                if (position > 0) {
                    in.seek(position);
                }
                return in;
            }
        };
    }

    /** An in-memory payload (a station message). */
    static InputFile of(String name, byte[] bytes) {
        return new InputFile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open(long position) {
                int p = (int) Math.min(position, bytes.length);
                return new ByteArrayInputStream(bytes, p, bytes.length - p);
            }
        };
    }
}
