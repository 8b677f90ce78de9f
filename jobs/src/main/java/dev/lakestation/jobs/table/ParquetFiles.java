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

    /** A reader of {@code file}. */
    static ParquetFileReader open(InputFile file) throws IOException {
        return ParquetFileReader.open(file, options());
    }
}
