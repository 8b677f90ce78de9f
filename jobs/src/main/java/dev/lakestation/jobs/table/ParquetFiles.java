package dev.lakestation.jobs.table;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Opens Parquet files for reading without Hadoop's default configuration. {@code ParquetFileReader.open(file)}
 * builds a {@code Configuration} that loads and parses {@code core-default.xml} when its codec factory first
 * reads it — about 5 ms of CPU per opened file, paid by every footer read of a merge (schema check, key ranges,
 * row counts) and twice per table file rewritten. None of Hadoop's defaults concern Parquet reading, so an empty
 * configuration gives the same reader.
 *
 * <pre>{@code
 * try (ParquetFileReader r = ParquetFiles.open(file)) { r.getFooter().getBlocks(); }
 * }</pre>
 */
final class ParquetFiles {
    private ParquetFiles() {
    }

    /** Read options with Parquet's defaults and no Hadoop default resources. */
    static ParquetReadOptions options() {
        return HadoopReadOptions.builder(new org.apache.hadoop.conf.Configuration(false)).build();
    }

    /** A reader of the local file {@code file}. */
    static ParquetFileReader open(Path file) throws IOException {
        return open(new LocalInputFile(file));
    }

    /** {@code file} of any Flink filesystem as Parquet's input (opened now, read by one reader). */
    static InputFile input(org.apache.flink.core.fs.Path file) throws IOException {
        org.apache.flink.core.fs.FileSystem fs = file.getFileSystem();
        long length = fs.getFileStatus(file).getLen();
        return new org.apache.flink.formats.parquet.ParquetInputFile(fs.open(file), length);
    }

    /**
     * Parquet's output over a stream that outlives the writer: closing the writer writes the footer and flushes,
     * the stream stays open (a {@code RecoverableFsDataOutputStream} is then committed by the caller).
     */
    static org.apache.parquet.io.OutputFile output(org.apache.flink.core.fs.FSDataOutputStream out) {
        return new org.apache.parquet.io.OutputFile() {
            @Override
            public org.apache.parquet.io.PositionOutputStream create(long blockSizeHint) {
                return new org.apache.parquet.io.PositionOutputStream() {
                    @Override
                    public long getPos() throws IOException {
                        return out.getPos();
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();            // not closed: the caller commits the stream
                    }
                };
            }

            @Override
            public org.apache.parquet.io.PositionOutputStream createOrOverwrite(long blockSizeHint) {
                return create(blockSizeHint);
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }
        };
    }

    /** A reader of {@code file}. */
    static ParquetFileReader open(InputFile file) throws IOException {
        return ParquetFileReader.open(file, options());
    }
}
